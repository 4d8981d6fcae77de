using AgentSetFn.Api;
using AgentSetFn.Tests.Support;
using AgentSetFn.Validation;
using YamlDotNet.RepresentationModel;
using static AgentSetFn.Tests.Support.Output;

namespace AgentSetFn.Tests.Validation;

/// <summary>
/// The broker image against openab's releases: the default tag is a release openab published,
/// an image reference follows its release's naming (per-CLI repositories before 0.9, one
/// repository with -&lt;variant&gt; tags from 0.9), and an older release that would ignore a
/// config.toml key agentset writes is a warning naming the key, the release and the first
/// release that reads it.
/// </summary>
public class OpenabReleaseTests
{
    /// <summary>Agent `bot` running <paramref name="command"/>, with the image mapping given (none when empty) and more agent fields.</summary>
    private static string AgentSet(string image, string command = "claude-agent-acp", string extra = "") => AgentSetYaml.OneAgent("bot",
        $"      command: {command}\n" + (image.Length == 0 ? "" : $"      image: {image}\n") + extra);

    private static Output Render(string yaml, int exit = 0) => FunctionRunner.Rendered(yaml, exit);

    private static string Image(Output output) =>
        Str(Seq(output.Single("Deployment", "team-bot"), "spec", "template", "spec", "containers").First(), "image")!;

    private static List<YamlMappingNode> Results(Output output, string severity, string path) =>
        [.. output.ResultsOf(severity).Where(r => Str(r, "field", "path") == path)];

    private const string TagPath = "spec.agents.bot.image.tag";

    [Theory]
    [InlineData("0.8.2", true)]
    [InlineData("0.8.3-beta.4", true)]
    [InlineData("0.9.0-beta.12", true)]
    [InlineData("10.20.30", true)]
    [InlineData("v0.8.2", false)]
    [InlineData("0.8", false)]
    [InlineData("latest", false)]
    [InlineData("0.8.3-aws", false)]
    [InlineData("0.8.3-rc.1", false)]
    [InlineData("0.08.2", false)]
    [InlineData("0.8.2-beta.0", false)]
    [InlineData("0.8.2\n", false)]
    [InlineData(" 0.8.2", false)]
    public void Only_the_release_numbers_openab_publishes_are_versions(string tag, bool version) =>
        Assert.Equal(version, OpenabVersion.Parse(tag) is not null);

    [Fact]
    public void A_pre_release_comes_before_its_release_and_after_the_previous_one()
    {
        string[] ordered = ["0.6.4-beta.1", "0.6.4", "0.8.2-beta.8", "0.8.2", "0.8.3-beta.1", "0.8.3-beta.4", "0.8.3-beta.10", "0.8.3", "0.9.0-beta.1"];
        var parsed = ordered.Select(OpenabVersion.Of).ToList();
        Assert.Equal(parsed, parsed.OrderBy(v => v).ToList());
        Assert.True(OpenabVersion.Of("0.8.3-beta.4") < OpenabVersion.Of("0.8.3"));
    }

    [Theory]
    [InlineData("claude-agent-acp", "ghcr.io/openabdev/openab-claude")]
    [InlineData("codex-acp", "ghcr.io/openabdev/openab-codex")]
    [InlineData("gemini", "ghcr.io/openabdev/openab-gemini")]
    [InlineData("copilot", "ghcr.io/openabdev/openab-copilot")]
    [InlineData("opencode", "ghcr.io/openabdev/openab-opencode")]
    [InlineData("cursor-agent", "ghcr.io/openabdev/openab-cursor")]
    [InlineData("kiro-cli", "ghcr.io/openabdev/openab")]
    [InlineData("my-own-cli", "ghcr.io/openabdev/openab")]
    public void An_empty_tag_is_the_default_release_in_the_clis_own_repository(string command, string repository)
    {
        var output = Render(AgentSet("", command));
        Assert.Equal($"{repository}:0.8.3-beta.4", Image(output));
        Assert.DoesNotContain(output.ResultsOf("warning"), r => Str(r, "field", "path")!.StartsWith("spec.agents.bot.image", StringComparison.Ordinal));
        Assert.Empty(Results(output, "info", TagPath));
    }

    [Theory]
    [InlineData("discord-full")]
    [InlineData("slack")]
    [InlineData("discord-slack")]
    [InlineData("scheduled-prompts")]
    [InlineData("secret-env")]
    [InlineData("reactions-markdown")]
    public void The_default_release_reads_every_key_agentset_writes_unless_a_newer_field_is_set(string fixture)
    {
        foreach (var configMap in Render(FunctionRunner.Fixture(fixture)).OfKind("ConfigMap"))
            Assert.Equal(OpenabReleases.Default, OpenabVersionCheck.ReleaseReadingAll(Str(configMap, "data", "config.toml")!));
        Assert.True(OpenabReleases.Default < OpenabReleases.UnifiedImagesSince);
    }

    [Fact]
    public void A_tag_that_is_no_release_is_told_the_release_that_reads_every_key_the_agent_writes()
    {
        const string Slack = "      slack: {enabled: true, botTokenSecretRef: {name: s, key: b}, appTokenSecretRef: {name: s, key: a}, assistantMode: false}\n";
        string Info(string extra) => Str(Assert.Single(Results(Render(AgentSet("{tag: \"0.8.3-aws\"}", extra: extra)), "info", TagPath)), "message")!;
        Assert.Contains("agentset writes keys of openab 0.8.3-beta.4 and later", Info(""), StringComparison.Ordinal);
        Assert.Contains("agentset writes keys of openab 0.9.0-beta.12 and later", Info(Slack), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("", true)]
    [InlineData("{tag: \"0.8.3-beta.4\"}", true)]
    [InlineData("{tag: \"0.9.0-beta.12\"}", false)]
    public void A_field_newer_than_the_release_is_a_warning_naming_its_key(string image, bool warned)
    {
        var output = Render(AgentSet(image, extra: "      slack: {enabled: true, botTokenSecretRef: {name: s, key: b}, appTokenSecretRef: {name: s, key: a}, assistantMode: false}\n"));
        var warnings = Results(output, "warning", TagPath);
        if (!warned)
        {
            Assert.Empty(warnings);
            return;
        }
        var message = Str(Assert.Single(warnings), "message")!;
        Assert.Contains("ignores `[slack].assistant_mode` in config.toml, written for slack.assistantMode", message, StringComparison.Ordinal);
        Assert.Contains("first appears in openab 0.9.0-beta.12", message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{tag: \"0.8.2\"}", "ghcr.io/openabdev/openab-claude:0.8.2")]
    [InlineData("{tag: \"0.9.0-beta.12\"}", "ghcr.io/openabdev/openab:0.9.0-beta.12-claude")]
    [InlineData("{tag: \"0.9.0-beta.12-claude\"}", "ghcr.io/openabdev/openab:0.9.0-beta.12-claude")]
    [InlineData("{tag: \"0.9.0\"}", "ghcr.io/openabdev/openab:0.9.0-claude")]
    [InlineData("{repository: ghcr.io/openabdev/openab, tag: \"0.9.0-beta.12-claude\"}", "ghcr.io/openabdev/openab:0.9.0-beta.12-claude")]
    [InlineData("{repository: registry.example.com/mirror/openab-claude, tag: \"0.9.0-beta.12\"}", "registry.example.com/mirror/openab-claude:0.9.0-beta.12")]
    [InlineData("{tag: \"sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef\"}", "ghcr.io/openabdev/openab-claude@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef")]
    public void Setting_only_the_tag_gives_the_reference_its_release_publishes(string image, string expected) =>
        Assert.Equal(expected, Image(Render(AgentSet(image))));

    [Theory]
    [InlineData("{tag: \"0.8.2-claude\"}", TagPath, "predates the `<version>-<variant>` tags")]
    [InlineData("{tag: \"0.8.2-claude\"}", TagPath, "write tag `0.8.2`")]
    [InlineData("{repository: ghcr.io/openabdev/openab-claude, tag: \"0.9.0-beta.12\"}", "spec.agents.bot.image", "ghcr.io/openabdev/openab:0.9.0-beta.12-claude")]
    [InlineData("{tag: \"0.9.0-beta.12-codex\"}", TagPath, "is the codex image, but the agent runs `claude-agent-acp`")]
    [InlineData("{tag: \"v0.8.2\"}", TagPath, "tagged without the `v` (`0.8.2`)")]
    [InlineData("{repository: ghcr.io/openabdev/openab, tag: \"v0.9.0-beta.12-claude\"}", TagPath, "without the `v`")]
    public void An_openab_reference_its_release_never_published_is_an_error(string image, string path, string message)
    {
        var output = Render(AgentSet(image), exit: 1);
        Assert.Contains(Results(output, "error", path), r => Str(r, "message")!.Contains(message, StringComparison.Ordinal));
        Assert.Empty(output.OfKind("Deployment"));
    }

    [Theory]
    [InlineData("copilot", "0.7.2-beta.2", "0.7.2-beta.3")]
    [InlineData("copilot", "0.5.0", "0.7.2-beta.3")]
    [InlineData("opencode", "0.7.5", "0.7.6-beta.1")]
    [InlineData("cursor-agent", "0.7.6-beta.1", "0.7.6-beta.2")]
    public void A_release_before_the_clis_first_image_is_an_error(string command, string release, string first)
    {
        var output = Render(AgentSet($"{{tag: \"{release}\"}}", command), exit: 1);
        Assert.Contains(Results(output, "error", TagPath), r => Str(r, "message")!.Contains($"openab {release} published no image for `{command}`: its first is {first}", StringComparison.Ordinal));
        Assert.Empty(output.OfKind("Deployment"));
    }

    [Theory]
    [InlineData("copilot", "0.7.2-beta.3", "ghcr.io/openabdev/openab-copilot:0.7.2-beta.3")]
    [InlineData("cursor-agent", "0.9.0-beta.12", "ghcr.io/openabdev/openab:0.9.0-beta.12-cursor")]
    [InlineData("opencode", "0.9.0-beta.12-opencode", "ghcr.io/openabdev/openab:0.9.0-beta.12-opencode")]
    public void From_the_clis_first_image_on_the_release_names_it(string command, string tag, string expected) =>
        Assert.Equal(expected, Image(Render(AgentSet($"{{tag: \"{tag}\"}}", command))));

    [Theory]
    [InlineData("kimi", "kimi")]
    [InlineData("pi-acp", "pi")]
    [InlineData("hermes-acp", "hermes")]
    [InlineData("grok", "grok")]
    public void An_empty_tag_of_a_cli_newer_than_the_default_release_is_its_first_known_image(string command, string variant)
    {
        var output = Render(AgentSet("", command));
        Assert.Equal($"ghcr.io/openabdev/openab:0.9.0-beta.12-{variant}", Image(output));
        Assert.DoesNotContain(output.ResultsOf("warning"), r => Str(r, "field", "path")!.StartsWith("spec.agents.bot.image", StringComparison.Ordinal));
        Assert.Empty(Results(output, "info", TagPath));
    }

    [Theory]
    [InlineData("grok", "0.8.3-beta.4")]
    [InlineData("kimi", "0.8.2")]
    [InlineData("hermes-acp", "0.6.4-beta.1")]
    [InlineData("pi-acp", "0.5.0")]
    public void A_release_known_to_lack_a_newer_clis_image_is_an_error(string command, string release)
    {
        var output = Render(AgentSet($"{{tag: \"{release}\"}}", command), exit: 1);
        Assert.Contains(Results(output, "error", TagPath), r => Str(r, "message")!.Contains(
            $"openab {release} published no image for `{command}`: its image came after 0.8.3-beta.4, and 0.9.0-beta.12 is the first release known to have it", StringComparison.Ordinal));
        Assert.Empty(output.OfKind("Deployment"));
    }

    [Theory]
    [InlineData("grok", "0.8.3", "ghcr.io/openabdev/openab-grok:0.8.3")]
    [InlineData("pi-acp", "0.8.5-beta.13", "ghcr.io/openabdev/openab-pi:0.8.5-beta.13")]
    [InlineData("kimi", "0.9.0-beta.5", "ghcr.io/openabdev/openab:0.9.0-beta.5-kimi")]
    [InlineData("hermes-acp", "0.9.0-beta.11-hermes", "ghcr.io/openabdev/openab:0.9.0-beta.11-hermes")]
    public void A_release_between_the_last_known_without_and_the_first_known_with_the_image_warns_and_renders(string command, string tag, string image)
    {
        var output = Render(AgentSet($"{{tag: \"{tag}\"}}", command));
        Assert.Equal(image, Image(output));
        var release = OpenabReleases.SplitVariant(tag).Version;
        Assert.Contains(Results(output, "warning", TagPath), r => Str(r, "message") ==
            $"agentset cannot tell whether openab {release} published an image for `{command}`: openab 0.8.3-beta.4 and older have none, "
            + "and 0.9.0-beta.12 is the first release known to have one; check that the image exists, or use 0.9.0-beta.12 or later");
    }

    [Theory]
    [InlineData("grok", "0.9.0-beta.12")]
    [InlineData("kimi", "0.9.1")]
    public void From_the_first_known_image_on_a_newer_cli_renders_without_a_word(string command, string tag)
    {
        var output = Render(AgentSet($"{{tag: \"{tag}\"}}", command));
        Assert.DoesNotContain(output.ResultsOf("warning"), r => Str(r, "field", "path")!.StartsWith("spec.agents.bot.image", StringComparison.Ordinal));
    }

    [Fact]
    public void A_repository_of_ones_own_is_not_held_to_openabs_first_images() =>
        Assert.Equal("registry.example.com/copilot:0.7.0", Image(Render(AgentSet("{repository: registry.example.com/copilot, tag: \"0.7.0\"}", "copilot"))));

    [Fact]
    public void A_git_style_tag_of_another_registry_is_not_openabs_business()
    {
        var output = Render(AgentSet("{repository: registry.example.com/openab, tag: \"v0.8.2\"}"));
        Assert.Equal("registry.example.com/openab:v0.8.2", Image(output));
        Assert.Single(Results(output, "info", TagPath));
    }

    private const string NewerFeatures = """
              secretEnv:
                - {name: ANTHROPIC_API_KEY, secretName: llm, secretKey: anthropic}
              cronjobs:
                - {name: daily, schedule: "0 9 * * MON-FRI", channel: "123456789012345678", prompt: hello, timezone: Europe/Berlin}
        """;

    private const string NewerDiscordOptions = """
                messageProcessingMode: per-thread
                maxBufferedMessages: 5
                allowedRoleIds: ["234567890123456789"]
                allowDm: true
        """;

    private static string WithNewerOptions(string image) => AgentSet(image, extra: NewerFeatures)
        .Replace("allowedChannels: [\"123456789012345678\"]\n", "allowedChannels: [\"123456789012345678\"]\n" + NewerDiscordOptions + "\n", StringComparison.Ordinal);

    [Fact]
    public void An_older_release_warns_for_every_key_it_would_ignore()
    {
        var output = Render(WithNewerOptions("{tag: \"0.8.2\"}"));
        var messages = Results(output, "warning", TagPath).Select(r => Str(r, "message")!).ToList();
        string[] expected =
        [
            "openab 0.8.2 ignores `[agent].inherit_env` in config.toml, written for inheritEnv / secretEnv: the key first appears in openab 0.8.3-beta.1, so the agent never sees these variables;",
            "openab 0.8.2 ignores `[discord].message_processing_mode` in config.toml, written for discord.messageProcessingMode: the key first appears in openab 0.8.3-beta.3;",
            "openab 0.8.2 ignores `[discord].max_buffered_messages` in config.toml, written for discord.maxBufferedMessages: the key first appears in openab 0.8.3-beta.3;",
            "openab 0.8.2 ignores `[discord].allowed_role_ids` in config.toml, written for discord.allowedRoleIds: the key first appears in openab 0.8.3-beta.4;",
        ];
        Assert.Equal(expected.Length, messages.Count);
        foreach (var text in expected)
            Assert.Contains(messages, m => m.StartsWith(text, StringComparison.Ordinal));
        // allow_dm (0.8.2-beta.5) and [cron] (0.8.2-beta.3) are read by 0.8.2: no warning.
        Assert.DoesNotContain(messages, m => m.Contains("allow_dm", StringComparison.Ordinal) || m.Contains("[cron]", StringComparison.Ordinal));
        Assert.Equal("ghcr.io/openabdev/openab-claude:0.8.2", Image(output));
    }

    [Fact]
    public void A_section_the_release_lacks_is_reported_once_not_with_every_key_in_it()
    {
        var output = Render(WithNewerOptions("{tag: \"0.8.2-beta.1\"}"));
        var messages = Results(output, "warning", TagPath).Select(r => Str(r, "message")!).ToList();
        Assert.Single(messages, m => m.Contains("`[cron]`", StringComparison.Ordinal) && m.Contains("0.8.2-beta.3", StringComparison.Ordinal));
        Assert.DoesNotContain(messages, m => m.Contains("cron.jobs", StringComparison.Ordinal) || m.Contains("timezone", StringComparison.Ordinal));
        Assert.Single(messages, m => m.Contains("`[discord].allow_dm`", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("")]
    [InlineData("{tag: \"0.8.3-beta.4\"}")]
    [InlineData("{tag: \"0.9.0-beta.12\"}")]
    public void The_default_release_and_newer_ones_warn_for_nothing(string image)
    {
        var output = Render(WithNewerOptions(image));
        Assert.Empty(Results(output, "warning", TagPath));
        Assert.Empty(Results(output, "info", TagPath));
    }

    [Theory]
    [InlineData("{tag: latest}")]
    [InlineData("{tag: \"sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef\"}")]
    [InlineData("{repository: registry.example.com/openab-kiro-aws, tag: \"0.8.3-aws\"}")]
    [InlineData("{tag: \"0.8\"}")]
    public void A_tag_that_is_no_release_gets_one_info_and_no_guess(string image)
    {
        var output = Render(WithNewerOptions(image));
        var info = Assert.Single(Results(output, "info", TagPath));
        Assert.Contains("is not an openab release number", Str(info, "message")!, StringComparison.Ordinal);
        Assert.DoesNotContain(Results(output, "warning", TagPath), r => Str(r, "message")!.Contains("ignores", StringComparison.Ordinal));
    }

    [Fact]
    public void A_release_older_than_the_table_is_one_warning()
    {
        var output = Render(AgentSet("{tag: \"0.5.0\"}"));
        var warning = Assert.Single(Results(output, "warning", TagPath));
        Assert.Contains("older than any release agentset knows (0.6.4-beta.1)", Str(warning, "message")!, StringComparison.Ordinal);
    }

    /// <summary>The table guards itself: a key the renderer can write but the table lacks would never be checked.</summary>
    [Theory]
    [InlineData("discord-full")]
    [InlineData("slack")]
    [InlineData("discord-slack")]
    [InlineData("scheduled-prompts")]
    [InlineData("secret-env")]
    [InlineData("reactions-markdown")]
    public void Every_key_the_fixtures_write_has_a_row_in_the_release_table(string fixture)
    {
        var output = Render(FunctionRunner.Fixture(fixture));
        foreach (var configMap in output.OfKind("ConfigMap"))
        {
            var keys = OpenabVersionCheck.KeyPaths(Str(configMap, "data", "config.toml")!);
            Assert.NotEmpty(keys);
            Assert.DoesNotContain(keys, k => OpenabReleases.FindKey(k) is null && !OpenabReleases.IsInsideMap(k));
        }
    }

    [Fact]
    public void Key_paths_follow_tables_arrays_of_tables_and_multi_line_strings()
    {
        const string toml = """"
            [discord]
            bot_token = "${DISCORD_BOT_TOKEN}"
            allowed_channels = ["1", "2"]

            [agent]
            env = { A = "1" }

            [cron]

            [[cron.jobs]]
            message = """
            [fake]
            key = 1
            """
            timezone = "UTC"

            [[cron.jobs]]
            timezone = "UTC"
            """";
        Assert.Equal(
            ["discord", "discord.bot_token", "discord.allowed_channels", "agent", "agent.env", "agent.env.A", "cron", "cron.jobs", "cron.jobs.message", "cron.jobs.timezone"],
            OpenabVersionCheck.KeyPaths(toml));
    }

    [Fact]
    public void Every_nested_key_is_never_older_than_its_section()
    {
        foreach (var key in OpenabReleases.ConfigKeys)
        {
            var dot = key.Key.LastIndexOf('.');
            if (dot < 0) continue;
            var section = OpenabReleases.FindKey(key.Key[..dot]);
            Assert.NotNull(section);
            // No release (null) is newer than every release: a key of an unreleased section is unreleased too.
            Assert.True(section.Since is not { } sectionSince ? key.Since is null : key.Since is not { } since || since >= sectionSince,
                $"{key.Key} ({key.Since?.ToString() ?? "no release"}) is older than {section.Key} ({section.Since?.ToString() ?? "no release"})");
        }
    }
}
