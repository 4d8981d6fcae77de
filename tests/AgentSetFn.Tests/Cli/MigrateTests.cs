using AgentSetFn.Tests.Support;
using YamlDotNet.RepresentationModel;

namespace AgentSetFn.Tests.Cli;

/// <summary>`agentset migrate`: both forms of the Helm chart's values become a valid AgentSet.</summary>
public sealed class MigrateTests : IDisposable
{
    private readonly TempDirectory _dir = new("agentset-migrate-");

    public void Dispose() => _dir.Dispose();

    public static TheoryData<string> Forms => new(["migrate-single", "migrate-agents", "migrate-options", "migrate-chart", "migrate-extras", "migrate-gateway"]);

    // Run in the repository root: the header names the file as given.
    private static RunResult Migrate(string form) =>
        Binary.Run(null, Repo.Root, "migrate", $"fixtures/{form}/values.yaml", "--name", "team", "-n", "agents");

    [Theory]
    [MemberData(nameof(Forms))]
    public void Values_migrate_to_the_expected_agentset(string form)
    {
        var run = Migrate(form);
        Assert.Equal(0, run.ExitCode);
        Golden.AssertMatches(Path.Combine(Repo.Fixtures, form, "expected.yaml"), run.Output);
    }

    [Theory]
    [MemberData(nameof(Forms))]
    public void The_migrated_agentset_fails_only_where_an_id_must_be_filled_in_then_renders(string form)
    {
        // Each fixture holds an ID the chart could not use (a placeholder, a float): it is kept,
        // so validation names it; so does a scheduled prompt migrate could not copy. With a real
        // ID and a prompt written there, the AgentSet renders.
        var migrated = File.ReadAllText(Path.Combine(Repo.Fixtures, form, "expected.yaml"));
        var file = Path.Combine(_dir, "agentset.yaml");
        File.WriteAllText(file, migrated);
        var failed = Binary.Run(null, null, "validate", file);
        Assert.Equal(1, failed.ExitCode);
        var errors = failed.Error.Split('\n').Where(l => l.StartsWith("error:", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(errors);
        Assert.All(errors, e => Assert.Matches(@"^error: spec\.agents\.\w+\.((discord|slack)\.\w+\[\d+\] \(.*\): `.*` is not a (Discord|Slack) ID"
            + @"|cronjobs\[\d+\]\.channel \(.*\): `.*` is not a Discord channel ID|cronjobs\[\d+\]\.prompt \(.*\): is required: )", e));

        File.WriteAllText(file, FilledIn(migrated));
        var render = Binary.Run(null, null, "render", file);
        Assert.True(render.ExitCode == 0, render.Error);
        Assert.Contains("kind: Deployment", render.Output, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Forms))]
    public void Migrate_never_carries_the_token_and_lists_every_note_twice(string form)
    {
        var run = Binary.Run(null, Repo.Root, "migrate", Path.Combine("fixtures", form, "values.yaml"));
        Assert.Equal(0, run.ExitCode);
        Assert.DoesNotContain("not-a-real-token", run.Output + run.Error, StringComparison.Ordinal);
        if (File.ReadAllText(Path.Combine(Repo.Fixtures, form, "values.yaml")).Contains("not-a-real-token", StringComparison.Ordinal))
            Assert.Contains("botToken: not copied", run.Error, StringComparison.Ordinal);
        // Every note is both a comment in the output and a warning on stderr.
        foreach (var line in run.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries))
            Assert.Contains("#   - " + line[(line.IndexOf("not carried over: ", StringComparison.Ordinal) + "not carried over: ".Length)..], run.Output, StringComparison.Ordinal);
    }

    /// <summary>The migrated AgentSet with real IDs written where the fixtures' unusable ones were kept, as a user would.</summary>
    private static string FilledIn(string migrated) =>
        System.Text.RegularExpressions.Regex.Replace(
            System.Text.RegularExpressions.Regex.Replace(migrated, "\"(YOUR_USER_ID|YOUR_CHANNEL_ID|general|[0-9.]+e\\+[0-9]+)\"",
                m => m.Value == "\"general\"" ? "\"C0123456780\"" : "\"123456789012345670\""),
            // A scheduled prompt migrate left out: the channel line of a job without a prompt.
            "\n( +)(channel: \"[^\"]*\")\n(?!\\1prompt:)", m => $"\n{m.Groups[1].Value}{m.Groups[2].Value}\n{m.Groups[1].Value}prompt: \"check health\"\n");

    private RunResult MigrateText(string values)
    {
        var file = Path.Combine(_dir, "values.yaml");
        File.WriteAllText(file, values);
        return FunctionRunner.Run("", "migrate", file, "--name", "team");
    }

    /// <summary>Values of the chart's agents form with one Discord agent; <paramref name="agent"/> is added to it, indented.</summary>
    private static string AgentsForm(string agent) =>
        "agents:\n  kiro:\n    command: kiro-cli\n    discord:\n      allowedChannels: [\"123456789012345678\"]\n    persistence: {existingClaim: home}\n"
        + string.Join('\n', agent.Split('\n').Select(l => "    " + l)) + "\n";

    // Fake credentials of the shapes users paste; none is real.
    private const string OpenAiKey = "sk-proj-FAKEfakeFAKE0123456789abcdefFAKE";
    private const string GitHubToken = "ghp_FAKE0123456789abcdefFAKEfakeFAKE0123";
    private const string Opaque = "Zm9vYmFyYmF6cXV4MTIzNDU2Nzg5MEFCQ0RFRkdI";

    [Theory]
    [InlineData("env: {OPENAI_API_KEY: '" + OpenAiKey + "'}", "OPENAI_API_KEY")]
    [InlineData("env: {GH_TOKEN: not-even-secret-looking}", "GH_TOKEN")]
    [InlineData("env: {DB_PASSWORD: hunter2}", "DB_PASSWORD")]
    [InlineData("env: {clientSecret: abc}", "clientSecret")]
    [InlineData("env: {MODEL_PROVIDER: '" + GitHubToken + "'}", "MODEL_PROVIDER")]
    [InlineData("env: {DATABASE_URL: 'postgres://app:s3cr3t-pass@db:5432/app'}", "DATABASE_URL")]
    [InlineData("env: {SETTING: " + Opaque + "}", "SETTING")]
    [InlineData("env: {MY_SETTING: 'Bearer " + OpenAiKey + "'}", "MY_SETTING")]
    [InlineData("env: {OPTS: '--password=hunter2hunter2'}", "OPTS")]
    [InlineData("env: {NPMRC: '//registry.npmjs.org/:_authToken=npm_FAKEfake0123456789'}", "NPMRC")]
    [InlineData("env: {NOTE: 'clone https://x:s3cr3t-pass@github.com/o/r'}", "NOTE")]
    public void An_env_value_that_looks_secret_becomes_a_secret_reference_never_a_copy(string env, string name)
    {
        var run = MigrateText(AgentsForm(env + "\nenv2: x").Replace("env2: x", "", StringComparison.Ordinal));
        Assert.Equal(0, run.ExitCode);
        var value = env[(env.IndexOf(": ", StringComparison.Ordinal) + 2)..^1].Trim('\'');
        SecretHygiene.AssertNotShown(run, value);
        var agent = (YamlMappingNode)((YamlMappingNode)((YamlMappingNode)Agentset(run.Output).Children["spec"]).Children["agents"]).Children["kiro"];
        Assert.False(agent.Children.ContainsKey("env"));
        var reference = (YamlMappingNode)Assert.Single(((YamlSequenceNode)agent.Children["secretEnv"]).Children);
        Assert.Equal(name, Output.Str(reference, "name"));
        Assert.Equal("team-kiro-env", Output.Str(reference, "secretName"));
        Assert.Equal(name, Output.Str(reference, "secretKey"));
        Assert.Contains($"kubectl create secret generic team-kiro-env --from-literal={name}=...", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Plain_env_values_are_copied_and_secret_ones_moved_in_the_single_agent_form_too()
    {
        var run = MigrateText("discord: {allowedChannels: [\"123456789012345678\"]}\npersistence: {existingClaim: home}\n"
            + "agent:\n  preset: kiro\n  env: {LOG_LEVEL: debug, ANTHROPIC_API_KEY: '" + OpenAiKey + "'}\nenv: {HTTPS_PROXY: 'http://proxy:3128', GITHUB_TOKEN: '" + GitHubToken + "'}\n");
        Assert.Equal(0, run.ExitCode);
        SecretHygiene.AssertNotShown(run, OpenAiKey, GitHubToken);
        Assert.Contains("env:\n        LOG_LEVEL: \"debug\"\n        HTTPS_PROXY: \"http://proxy:3128\"\n", run.Output, StringComparison.Ordinal);
        Assert.Contains("- name: ANTHROPIC_API_KEY\n        secretName: team-kiro-env\n        secretKey: ANTHROPIC_API_KEY\n      - name: GITHUB_TOKEN\n", run.Output, StringComparison.Ordinal);
        // With the Secret's keys written, the migrated AgentSet renders, and no value is in it.
        var file = Path.Combine(_dir, "agentset.yaml");
        File.WriteAllText(file, run.Output);
        var render = FunctionRunner.Run("", "render", file);
        Assert.True(render.ExitCode == 0, render.Error);
        Assert.Contains("name: team-kiro-env", render.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void A_chart_secretEnv_is_copied_as_references_only()
    {
        var run = MigrateText(AgentsForm($"secretEnv:\n- {{name: GEMINI_API_KEY, secretName: keys, secretKey: gemini, value: '{OpenAiKey}'}}\n- 'OTHER_KEY={GitHubToken}'"));
        Assert.Equal(0, run.ExitCode);
        SecretHygiene.AssertNotShown(run, OpenAiKey, GitHubToken);
        Assert.Contains("secretEnv:\n      - name: GEMINI_API_KEY\n        secretName: keys\n        secretKey: gemini\n", run.Output, StringComparison.Ordinal);
        Assert.Contains("agents.kiro.secretEnv[0].value: not copied", run.Error, StringComparison.Ordinal);
        Assert.Contains("agents.kiro.secretEnv[1]: not a {name, secretName, secretKey} entry; not copied", run.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("args: [acp, --api-key, '" + OpenAiKey + "']", "agents.kiro.args[2]")]
    [InlineData("args: [acp, '--api-key=" + OpenAiKey + "']", "agents.kiro.args[1]")]
    [InlineData("args: [acp, --header, 'Authorization: Bearer " + GitHubToken + "']", "agents.kiro.args[2]")]
    public void A_value_copied_as_written_is_left_out_when_it_holds_a_credential(string field, string path)
    {
        var run = MigrateText(AgentsForm(field));
        Assert.Equal(0, run.ExitCode);
        SecretHygiene.AssertNotShown(run, OpenAiKey, GitHubToken);
        Assert.Contains($"{path}: looks like a secret; agents.kiro.args not copied", run.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Basic configuration lives in the README.")]
    [InlineData("Keep the secret: never print tokens.")]
    [InlineData("Token: limits apply; Password: ask the team.")]
    public void Prose_that_names_credentials_without_holding_one_is_copied(string text)
    {
        var run = MigrateText(AgentsForm($"agentsMd: '{text}'"));
        Assert.Equal(0, run.ExitCode);
        Assert.Contains(text, run.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("looks like a secret", run.Error, StringComparison.Ordinal);
    }

    /// <summary>Chat ID lists the chart could not use, and what stands in the migrated list.</summary>
    public static TheoryData<string, string, string> UnusableIds => new()
    {
        { "allowedChannels: [\"YOUR_CHANNEL_ID\"]", "allowedChannels", "YOUR_CHANNEL_ID" },
        { "allowedUsers: [YOUR_USER_ID]", "allowedUsers", "YOUR_USER_ID" },
        { "allowedChannels: [1.2345678901234568e+18]", "allowedChannels", "1.2345678901234568e+18" },
        { "allowedChannels: [1234567890123456789]", "allowedChannels", "1.2345678901234568e+18" },
        { "allowedUsers: [123456789012345678]", "allowedUsers", "1.2345678901234568e+17" },
        { "trustedBotIds: [\"not-a-bot\"]", "trustedBotIds", "not-a-bot" },
        { "allowedUsers: ['" + GitHubToken + "']", "allowedUsers", "FILL-IN" },
    };

    [Theory]
    [MemberData(nameof(UnusableIds))]
    public void An_unusable_id_is_kept_so_validation_fails_never_widened_to_everyone(string list, string field, string kept)
    {
        // In the chart an empty list meant "every channel" (or user, or bot): leaving the ID out would open the bot to all.
        var run = MigrateText("agents:\n  kiro:\n    command: kiro-cli\n    persistence: {existingClaim: home}\n    discord:\n      " + list + "\n");
        Assert.Equal(0, run.ExitCode);
        var discord = (YamlMappingNode)Output.Node(Agentset(run.Output), "spec", "agents", "kiro", "discord")!;
        Assert.Equal([kept], ((YamlSequenceNode)discord.Children[field]).Children.Select(n => ((YamlScalarNode)n).Value));
        Assert.False(discord.Children.ContainsKey("allowAllChannels"));
        Assert.Contains($"agents.kiro.discord.{field}[0]: ", run.Error, StringComparison.Ordinal);
        SecretHygiene.AssertNotShown(run, GitHubToken);

        var file = Path.Combine(_dir, "agentset.yaml");
        File.WriteAllText(file, run.Output);
        var validate = FunctionRunner.Run("", "validate", file);
        Assert.Equal(1, validate.ExitCode);
        Assert.Contains($"error: spec.agents.kiro.discord.{field}[0] ({file}): `{kept}` is not a Discord ID", validate.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("allowedChannels: \"123456789012345678\"", "allowedChannels")]
    [InlineData("allowedUsers: [[\"123456789012345678\"]]", "allowedUsers")]
    public void An_id_list_of_the_wrong_shape_is_kept_so_validation_fails(string list, string field)
    {
        var run = MigrateText("agents:\n  kiro:\n    command: kiro-cli\n    persistence: {existingClaim: home}\n    discord:\n      " + list + "\n");
        var file = Path.Combine(_dir, "agentset.yaml");
        File.WriteAllText(file, run.Output);
        var validate = FunctionRunner.Run("", "validate", file);
        Assert.Equal(1, validate.ExitCode);
        Assert.Contains($"spec.agents.kiro.discord.{field}", validate.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_values_file_that_is_not_UTF8_is_an_error_naming_the_line()
    {
        var file = Path.Combine(_dir, "values.yaml");
        File.WriteAllBytes(file, [.. "agents:\n  kiro:\n    agentsMd: caf"u8, 0xE9, .. "\n"u8]);
        var run = FunctionRunner.Run("", "migrate", file);
        Assert.Equal(1, run.ExitCode);
        Assert.Contains($"error: ({file}): not valid UTF-8 at line 3, column 18 (byte 33)", run.Error, StringComparison.Ordinal);
        Assert.Equal("", run.Output);
    }

    private static YamlMappingNode Agentset(string yaml) => Output.Documents(yaml)[0];

    [Fact]
    public void The_charts_kimi_pi_hermes_and_grok_agents_become_those_clis_on_the_images_their_release_names()
    {
        // The newest chart's commented examples (pi, hermes, grok, uncommented as a user would) and
        // openab's Kimi guide; their untagged per-CLI repositories name openab's own image of the CLI.
        static string Discord(string agent) => $"    discord: {{enabled: true, allowedChannels: [\"123456789012345678\"]}}\n    persistence: {{existingClaim: {agent}-home}}\n";
        var run = MigrateText("agents:\n"
            + "  kimi:\n    command: kimi\n    args: [acp]\n    workingDir: /home/node\n" + Discord("kimi")
            + "  pi:\n    command: pi-acp\n    workingDir: /home/node\n    image: \"ghcr.io/openabdev/openab-pi:latest\"\n" + Discord("pi")
            + "  hermes:\n    command: hermes-acp\n    workingDir: /home/agent\n    image: \"ghcr.io/openabdev/openab-hermes\"\n" + Discord("hermes")
            + "  grok:\n    command: grok\n    args: [agent, stdio]\n    workingDir: /home/agent\n    image: \"ghcr.io/openabdev/openab-grok\"\n" + Discord("grok"));
        Assert.Equal(0, run.ExitCode);
        Assert.Contains("agents.grok.image: `ghcr.io/openabdev/openab-grok` is openab's image for grok without a tag; agentset names it at its release (ghcr.io/openabdev/openab:0.9.0-beta.12-grok)", run.Error, StringComparison.Ordinal);
        var rendered = FunctionRunner.RunKrm(run.Output);
        Assert.True(rendered.ExitCode == 0, rendered.Error);
        var output = new Output(rendered.Output);
        string ImageOf(string agent) => Output.Str(Output.Seq(output.Single("Deployment", $"team-{agent}"), "spec", "template", "spec", "containers").First(), "image")!;
        Assert.Equal("ghcr.io/openabdev/openab:0.9.0-beta.12-kimi", ImageOf("kimi"));
        Assert.Equal("ghcr.io/openabdev/openab-pi:latest", ImageOf("pi"));
        Assert.Equal("ghcr.io/openabdev/openab:0.9.0-beta.12-hermes", ImageOf("hermes"));
        Assert.Equal("ghcr.io/openabdev/openab:0.9.0-beta.12-grok", ImageOf("grok"));
        var grokToml = Output.Str(output.Single("ConfigMap", "team-grok"), "data", "config.toml")!;
        Assert.Contains("command = \"grok\"\nargs = [\"agent\", \"stdio\"]\nworking_dir = \"/home/agent\"", grokToml, StringComparison.Ordinal);
    }

    [Fact]
    public void The_single_agent_preset_picks_the_cli_and_the_agents_map_keeps_its_keys()
    {
        {
            var single = new Output(FunctionRunner.RunKrm(FilledIn(Migrate("migrate-single").Output)).Output);
            var claude = single.Single("Deployment", "team-claude");
            Assert.Contains(Output.Seq(claude, "spec", "template", "spec", "containers"), c => Output.Str(c, "image")!.StartsWith("ghcr.io/openabdev/openab-claude:", StringComparison.Ordinal));
            var map = new Output(FunctionRunner.RunKrm(FilledIn(Migrate("migrate-agents").Output)).Output);
            Assert.Equal(["team-kiro"], map.OfKind("Deployment").Select(d => Output.Str(d, "metadata", "name")));
            var volumes = Output.Seq(map.Single("Deployment", "team-kiro"), "spec", "template", "spec", "volumes");
            Assert.Contains(volumes, v => Output.Str(v, "persistentVolumeClaim", "claimName") == "openab-kiro");
        }
    }

    [Theory]
    [InlineData("check ${DEPLOY_ENV} health", "contains `${`")]
    [InlineData(GitHubToken, "looks like a secret")]
    public void A_cron_message_openab_would_expand_or_that_looks_secret_is_reported_never_copied(string message, string why)
    {
        var run = MigrateText(AgentsForm($"cronjobs:\n- {{schedule: '0 9 * * MON', channel: '123456789012345678', message: '{message}', senderName: ops}}"));
        Assert.Equal(0, run.ExitCode);
        SecretHygiene.AssertNotShown(run, message);
        Assert.Contains($"agents.kiro.cronjobs[0].message: {why}", run.Error, StringComparison.Ordinal);
        var file = Path.Combine(_dir, "agentset.yaml");
        File.WriteAllText(file, run.Output);
        var validate = FunctionRunner.Run("", "validate", file);
        Assert.Equal(1, validate.ExitCode);
        Assert.Contains("error: spec.agents.kiro.cronjobs[0].prompt", validate.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Stt_is_carried_with_its_key_moved_to_a_Secret_reference_and_renders_under_openabs_keys()
    {
        const string Key = "gsk_migrate-STT-never-echoed";
        var run = MigrateText(AgentsForm($"stt:\n  enabled: true\n  apiKey: {Key}\n  model: whisper-1\n  baseUrl: https://api.openai.com/v1\n  echoTranscript: true"));
        Assert.True(run.ExitCode == 0, run.Error);
        SecretHygiene.AssertNotShown(run, Key);
        var agent = (YamlMappingNode)((YamlMappingNode)((YamlMappingNode)Agentset(run.Output).Children["spec"]).Children["agents"]).Children["kiro"];
        Assert.Equal(("true", "whisper-1", "https://api.openai.com/v1", "true"),
            (Output.Str(agent, "stt", "enabled"), Output.Str(agent, "stt", "model"), Output.Str(agent, "stt", "baseUrl"), Output.Str(agent, "stt", "echoTranscript")));
        var secretName = Output.Str(agent, "stt", "apiKeySecretRef", "name")!;
        Assert.EndsWith("-kiro-stt", secretName, StringComparison.Ordinal);
        Assert.Equal("api-key", Output.Str(agent, "stt", "apiKeySecretRef", "key"));
        Assert.Contains($"agents.kiro.stt.apiKey: not copied (it would land in git); create the Secret: kubectl create secret generic {secretName} --from-literal=api-key=...", run.Error, StringComparison.Ordinal);

        var file = Path.Combine(_dir, "agentset.yaml");
        File.WriteAllText(file, run.Output);
        var render = FunctionRunner.Run("", "render", file);
        Assert.True(render.ExitCode == 0, render.Error);
        var configMap = Output.Documents(render.Output).Single(d => Output.Str(d, "kind") == "ConfigMap");
        var stt = (Tomlyn.Model.TomlTable)Tomlyn.TomlSerializer.Deserialize<Tomlyn.Model.TomlTable>(Output.Str(configMap, "data", "config.toml")!)!["stt"];
        Assert.Equal(("${STT_API_KEY}", "whisper-1", true), (stt["api_key"], stt["model"], stt["echo_transcript"]));

        // A disabled stt is not carried: the chart wrote nothing for it.
        var off = MigrateText(AgentsForm("stt:\n  enabled: false\n  model: whisper-1"));
        Assert.DoesNotContain("stt", Agentset(off.Output).Children["spec"].ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Reactions_emojis_timing_and_markdown_are_carried_with_a_note_and_render_under_openabs_keys()
    {
        var run = MigrateText(AgentsForm("reactions:\n  enabled: true\n  emojis: {done: \"✅\"}\n  timing: {debounceMs: 250}\nmarkdown: {tables: bullets}"));
        Assert.True(run.ExitCode == 0, run.Error);
        var agent = (YamlMappingNode)((YamlMappingNode)((YamlMappingNode)Agentset(run.Output).Children["spec"]).Children["agents"]).Children["kiro"];
        Assert.Equal("✅", Output.Str(agent, "reactions", "emojis", "done"));
        Assert.Equal("250", Output.Str(agent, "reactions", "timing", "debounceMs"));
        Assert.Equal("bullets", Output.Str(agent, "markdown", "tables"));
        // The chart dropped them; the note says the AgentSet now writes them.
        foreach (var field in new[] { "reactions.emojis", "reactions.timing", "markdown" })
            Assert.Contains($"agents.kiro.{field}: copied, though the chart never wrote it", run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("agents.kiro.markdown\n", run.Error, StringComparison.Ordinal);

        var file = Path.Combine(_dir, "agentset.yaml");
        File.WriteAllText(file, run.Output);
        var render = FunctionRunner.Run("", "render", file);
        Assert.True(render.ExitCode == 0, render.Error);
        var configMap = Output.Documents(render.Output).Single(d => Output.Str(d, "kind") == "ConfigMap");
        var toml = Tomlyn.TomlSerializer.Deserialize<Tomlyn.Model.TomlTable>(Output.Str(configMap, "data", "config.toml")!)!;
        var reactions = (Tomlyn.Model.TomlTable)toml["reactions"];
        Assert.Equal("✅", ((Tomlyn.Model.TomlTable)reactions["emojis"])["done"]);
        Assert.Equal(250L, ((Tomlyn.Model.TomlTable)reactions["timing"])["debounce_ms"]);
        Assert.Equal("bullets", ((Tomlyn.Model.TomlTable)toml["markdown"])["tables"]);
    }

    [Theory]
    [InlineData("enabled: False")]
    [InlineData("enabled: false")]
    public void A_cron_jobs_enabled_and_threadId_are_carried_and_render_under_openabs_keys(string enabled)
    {
        var run = MigrateText(AgentsForm($"cronjobs:\n- {{schedule: '0 9 * * MON', channel: '123456789012345678', message: nightly, {enabled}}}\n- {{schedule: '0 9 * * TUE', channel: '123456789012345678', message: weekly, threadId: '123456789012345677'}}"));
        Assert.Equal(0, run.ExitCode);
        Assert.DoesNotContain("cronjobs[0]", run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("threadId", run.Error, StringComparison.Ordinal);
        var jobs = Output.Seq(Agent(run), "cronjobs").ToList();
        Assert.Equal("false", Output.Str(jobs[0], "enabled"));
        Assert.Null(Output.Str(jobs[1], "enabled"));
        Assert.Equal("123456789012345677", Output.Str(jobs[1], "threadId"));

        var toml = RenderedConfig(run);
        var rendered = (Tomlyn.Model.TomlTableArray)((Tomlyn.Model.TomlTable)toml["cron"])["jobs"];
        Assert.Equal(false, rendered[0]["enabled"]);
        Assert.Equal("123456789012345677", rendered[1]["thread_id"]);
    }

    [Fact]
    public void An_unquoted_thread_id_is_kept_as_the_chart_read_it_so_validation_names_it()
    {
        var run = MigrateText(AgentsForm("cronjobs:\n- {schedule: '0 9 * * TUE', channel: '123456789012345678', message: weekly, threadId: 123456789012345677}"));
        Assert.Equal(0, run.ExitCode);
        Assert.Contains("agents.kiro.cronjobs[0].threadId: `123456789012345677` is an unquoted number", run.Error, StringComparison.Ordinal);
        var file = Path.Combine(_dir, "agentset.yaml");
        File.WriteAllText(file, run.Output);
        var validate = FunctionRunner.Run("", "validate", file);
        Assert.Equal(1, validate.ExitCode);
        Assert.Contains("error: spec.agents.kiro.cronjobs[0].threadId", validate.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void User_cron_configUrl_and_hooks_are_carried_as_the_agentsets_fields()
    {
        var run = MigrateText(AgentsForm(
            "cron: {usercronEnabled: true, usercronPath: cronjob.toml}\nconfigUrl: https://config.example.com/kiro.toml\n"
            + "hooks:\n  preBoot: {inline: \"echo boot\", timeoutSeconds: 120, onFailure: abort}\n"
            + "  preShutdown: {url: https://hooks.example.com/s.sh, sha256: e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855, onFailure: warn}"));
        Assert.True(run.ExitCode == 0, run.Error);
        Assert.DoesNotContain("agents.kiro.cron", run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("agents.kiro.hooks", run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("agents.kiro.configUrl", run.Error, StringComparison.Ordinal);
        var agent = Agent(run);
        Assert.Equal("true", Output.Str(agent, "cron", "usercronEnabled"));
        Assert.Equal("cronjob.toml", Output.Str(agent, "cron", "usercronPath"));
        Assert.Equal("https://config.example.com/kiro.toml", Output.Str(agent, "configUrl"));
        Assert.Equal("echo boot", Output.Str(agent, "hooks", "preBoot", "inline"));
        Assert.Equal("120", Output.Str(agent, "hooks", "preBoot", "timeoutSeconds"));
        Assert.Equal("warn", Output.Str(agent, "hooks", "preShutdown", "onFailure"));

        // configUrl: the migrated agent renders with no ConfigMap and openab told where its config is.
        var file = Path.Combine(_dir, "agentset.yaml");
        File.WriteAllText(file, run.Output);
        var render = FunctionRunner.Run("", "render", file);
        Assert.True(render.ExitCode == 0, render.Error);
        Assert.DoesNotContain("kind: ConfigMap", render.Output, StringComparison.Ordinal);
        Assert.Contains("- https://config.example.com/kiro.toml", render.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void The_charts_default_cron_values_carry_nothing()
    {
        var run = MigrateText(AgentsForm("cron: {usercronEnabled: false, usercronPath: \"\"}\nhooks: {}\nconfigUrl: \"\""));
        Assert.Equal(0, run.ExitCode);
        var agent = Agent(run);
        foreach (var field in new[] { "cron", "hooks", "configUrl" }) Assert.False(agent.Children.ContainsKey(field), field);
        Assert.DoesNotContain("agents.kiro.", run.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("configUrl: 'https://deploy:s3cr3t-Passw0rd@config.example.com/kiro.toml'", "agents.kiro.configUrl", "s3cr3t-Passw0rd")]
    [InlineData("configUrl: 'https://raw.example.com/kiro.toml?token=" + GitHubToken + "'", "agents.kiro.configUrl", GitHubToken)]
    [InlineData("hooks: {preBoot: {url: 'https://deploy:s3cr3t-Passw0rd@hooks.example.com/b.sh', sha256: e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855}}", "agents.kiro.hooks.preBoot.url", "s3cr3t-Passw0rd")]
    public void A_config_or_hook_url_holding_a_credential_is_never_copied(string values, string field, string secret)
    {
        var run = MigrateText(AgentsForm(values));
        Assert.Equal(0, run.ExitCode);
        SecretHygiene.AssertNotShown(run, secret);
        Assert.Contains($"{field}", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void An_inline_hook_with_an_expansion_is_copied_with_a_note_and_validation_refuses_it()
    {
        var run = MigrateText(AgentsForm("hooks: {preBoot: {inline: 'mkdir -p ${HOME}/notes'}}"));
        Assert.Equal(0, run.ExitCode);
        Assert.Contains("agents.kiro.hooks.preBoot.inline: contains `${`", run.Error, StringComparison.Ordinal);
        var file = Path.Combine(_dir, "agentset.yaml");
        File.WriteAllText(file, run.Output);
        var validate = FunctionRunner.Run("", "validate", file);
        Assert.Equal(1, validate.ExitCode);
        Assert.Contains("error: spec.agents.kiro.hooks.preBoot.inline", validate.Error, StringComparison.Ordinal);
    }

    private static YamlMappingNode Agent(RunResult run) =>
        (YamlMappingNode)((YamlMappingNode)((YamlMappingNode)Agentset(run.Output).Children["spec"]).Children["agents"]).Children["kiro"];

    private Tomlyn.Model.TomlTable RenderedConfig(RunResult run)
    {
        var file = Path.Combine(_dir, "agentset.yaml");
        File.WriteAllText(file, run.Output);
        var render = FunctionRunner.Run("", "render", file);
        Assert.True(render.ExitCode == 0, render.Error);
        var configMap = Output.Documents(render.Output).Single(d => Output.Str(d, "kind") == "ConfigMap");
        return Tomlyn.TomlSerializer.Deserialize<Tomlyn.Model.TomlTable>(Output.Str(configMap, "data", "config.toml")!)!;
    }

    [Theory]
    [InlineData("bots", "bots-kiro")]
    [InlineData("team", null)]
    [InlineData("a23456789012345678901234567890123456789012345678901234567890", "a23456789012345678901234567890123456789012345678901234567890-ki")]
    [InlineData("a2345678901234567890123456789012345678901234567890123456789012", "a2345678901234567890123456789012345678901234567890123456789012")]
    public void The_charts_fullnameOverride_names_each_agent_as_the_chart_did(string fullname, string? expected)
    {
        var run = MigrateText($"fullnameOverride: {fullname}\n" + AgentsForm(""));
        Assert.Equal(0, run.ExitCode);
        Assert.Equal(expected, Output.Str(Agentset(run.Output), "spec", "agents", "kiro", "nameOverride"));
    }

    [Fact]
    public void An_extra_container_env_secret_becomes_a_secret_reference_in_one_create_command_with_the_agents()
    {
        var run = MigrateText(AgentsForm($"env: {{OPENAI_API_KEY: '{OpenAiKey}'}}\nextraContainers:\n- name: side\n  image: busybox:1.36.1\n  env:\n  - {{name: SETTING, value: '{Opaque}'}}\n  - {{name: LEVEL, value: info}}"));
        Assert.Equal(0, run.ExitCode);
        SecretHygiene.AssertNotShown(run, OpenAiKey, Opaque);
        Assert.Contains("- name: SETTING\n          valueFrom:\n            secretKeyRef:\n              name: team-kiro-env\n              key: SETTING\n        - {name: LEVEL, value: info}\n", run.Output, StringComparison.Ordinal);
        Assert.Contains("kubectl create secret generic team-kiro-env --from-literal=OPENAI_API_KEY=... --from-literal=SETTING=...", run.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("runAsNonRoot: true\n  runAsUser: 1000\n  runAsGroup: 1000\n  fsGroup: 1000\n  seccompProfile: {type: RuntimeDefault}", false)]
    [InlineData("runAsNonRoot: true\n  runAsUser: 1000\n  runAsGroup: 1000\n  fsGroup: 1000", false)]
    [InlineData("runAsNonRoot: true\n  runAsUser: 2000\n  runAsGroup: 1000\n  fsGroup: 1000\n  seccompProfile: {type: RuntimeDefault}", true)]
    public void Only_a_security_context_that_differs_from_the_charts_defaults_becomes_spec_defaults(string context, bool kept)
    {
        var run = MigrateText("podSecurityContext:\n  " + context + "\n"
            + "containerSecurityContext:\n  allowPrivilegeEscalation: false\n  readOnlyRootFilesystem: true\n  capabilities: {drop: [ALL]}\n" + AgentsForm(""));
        Assert.Equal(0, run.ExitCode);
        Assert.Equal(kept, run.Output.Contains("defaults:", StringComparison.Ordinal));
        Assert.DoesNotContain("containerSecurityContext", run.Output, StringComparison.Ordinal);
    }

    /// <summary>
    /// A LINE channel secret (32 hex digits) pasted into one of the chart's LINE ID lists is a
    /// secret, not an ID: never copied into the AgentSet, never shown in a note.
    /// </summary>
    [Theory]
    [InlineData("allowedUsers")]
    [InlineData("allowedGroups")]
    public void A_LINE_channel_secret_in_an_ID_list_is_never_copied_or_shown(string list)
    {
        const string ChannelSecret = "5d41402abc4b2a76b9719d911017c592";
        var run = MigrateText(AgentsForm($"line:\n  enabled: true\n  channelSecret: \"{ChannelSecret}\"\n  {list}: [\"{ChannelSecret}\"]"));

        Assert.Equal(0, run.ExitCode);
        SecretHygiene.AssertNotShown(run, ChannelSecret);
    }

    /// <summary>
    /// The chart reads its values as YAML 1.1 (Helm's sigs.k8s.io/yaml): `True` and `yes` turn the
    /// native LINE adapter on there, so migrate carries it.
    /// </summary>
    [Fact]
    public void The_charts_quoted_LINE_webhook_port_is_carried_as_a_number()
    {
        var run = MigrateText(AgentsForm("line:\n  enabled: true\n  webhookPort: \"9000\"\n  channelAccessToken: not-a-real-token-a\n  channelSecret: not-a-real-token-b"));

        Assert.Equal(0, run.ExitCode);
        var port = Assert.IsType<YamlScalarNode>(Output.Node(Agentset(run.Output), "spec", "agents", "kiro", "line", "webhookPort"));
        Assert.Equal(("9000", YamlDotNet.Core.ScalarStyle.Plain), (port.Value, port.Style));
    }

    [Theory]
    [InlineData("True")]
    [InlineData("yes")]
    public void The_charts_line_enabled_in_another_true_spelling_is_carried(string enabled)
    {
        var run = MigrateText(AgentsForm($"line:\n  enabled: {enabled}\n  channelAccessToken: not-a-real-token-a\n  channelSecret: not-a-real-token-b"));

        Assert.Equal(0, run.ExitCode);
        Assert.Equal("true", Output.Str(Agentset(run.Output), "spec", "agents", "kiro", "line", "enabled"));
    }

    [Fact]
    public void A_file_that_is_not_a_values_mapping_is_an_error()
    {
        var file = Path.Combine(_dir, "list.yaml");
        File.WriteAllText(file, "- a\n- b\n");
        var run = FunctionRunner.Run("", "migrate", file);
        Assert.Equal(1, run.ExitCode);
        Assert.Contains("a Helm values file is one YAML mapping", run.Error, StringComparison.Ordinal);
        Assert.Equal("", run.Output);
    }
}
