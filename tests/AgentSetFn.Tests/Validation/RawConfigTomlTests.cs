using AgentSetFn.Tests.Support;
using Tomlyn;
using Tomlyn.Model;
using static AgentSetFn.Tests.Support.Output;

namespace AgentSetFn.Tests.Validation;

/// <summary>
/// `configToml`: raw TOML laid over the rendered config.toml. Tables merge key by key, other
/// values replace; a replaced key is a warning naming the AgentSet field and the line. It is
/// parsed strictly as TOML (errors name the field, the file and the line, never the text), it
/// holds no credential, and every `${` in it is one reference to a variable the agent's pod
/// takes from a Secret, at a credential's key: openab expands ${NAME} over the whole text.
/// </summary>
public class RawConfigTomlTests
{
    private const string Marker = "NEVER-ECHOED-7f3e";
    private const string Field = "spec.agents.kiro.configToml";

    /// <summary>Agent kiro (Discord token from a Secret, GITHUB_TOKEN from secretEnv) with the document as its configToml.</summary>
    private static string WithToml(string toml, string agentLines = "") => AgentSetYaml.OneAgent("kiro",
        "      secretEnv: [{name: GITHUB_TOKEN, secretName: gh, secretKey: token}]\n" + agentLines
        + "      configToml: |\n" + string.Concat(toml.Split('\n').Select(line => "        " + line + "\n")));

    private static TomlTable ConfigToml(RunResult run, string name = "team-kiro")
    {
        Assert.True(run.ExitCode == 0, $"exit {run.ExitCode}\n{run.Error}");
        return TomlSerializer.Deserialize<TomlTable>(ConfigText(run, name))!;
    }

    private static string ConfigText(RunResult run, string name = "team-kiro") =>
        Str(new Output(run.Output).Single("ConfigMap", name), "data", "config.toml")!;

    private static List<string> Warnings(RunResult run) =>
        new Output(run.Output).ResultsOf("warning").Where(w => Str(w, "field", "path") == Field).Select(w => Str(w, "message")!).ToList();

    public static TheoryData<string, string, string> Refused => new()
    {
        // name, configToml, message fragment
        { "an inline Discord token", $"[discord]\nbot_token = \"{Marker}\"", "line 2, `[discord] bot_token` holds a credential inline" },
        { "an inline API key of a new section", $"[mcp.servers.github]\napi_key = \"{Marker}\"", "line 2, `[mcp.servers.github] api_key` holds a credential inline" },
        { "an inline secret in an inline table", $"[mcp.servers.x]\nheaders = {{ Authorization_Token = \"{Marker}\" }}", "`[mcp.servers.x.headers] Authorization_Token` holds a credential inline" },
        { "a key in a URL's query", $"[mcp.servers.x]\nurl = \"https://x.example/mcp?key=gsk_{Marker}0123456789abcdefABCDEF\"", "`[mcp.servers.x] url` looks like a credential" },
        { "a credential's shape at an innocent key", $"[mcp.servers.x]\nurl = \"https://bot:{Marker}9@example.com/\"", "`[mcp.servers.x] url` looks like a credential" },
        { "the S3 secret key", "[stt]\napi_key = \"${AWS_SECRET_ACCESS_KEY}\"", "`AWS_SECRET_ACCESS_KEY` is not a variable the agent's pod takes from a Secret" },
        { "an S3 variable", "[stt]\napi_key = \"${S3_SECRET}\"", "`S3_SECRET` is not a variable the agent's pod takes from a Secret: a reference must name one of secretEnv (GITHUB_TOKEN)" },
        { "a secretEnv value into a prompt", "[[cron.jobs]]\nschedule = \"0 9 * * *\"\nmessage = \"${GITHUB_TOKEN}\"", "line 3, `[cron.jobs] message` is not a credential's key" },
        { "a secretEnv value into a list", "[discord]\nallowed_channels = [\"${GITHUB_TOKEN}\"]", "`[discord] allowed_channels` is not a credential's key" },
        { "the Discord token at another key", "[gateway]\ntoken = \"${DISCORD_BOT_TOKEN}\"", "`${DISCORD_BOT_TOKEN}` is a token the function wires for `[discord] bot_token` only" },
        { "the Discord token into the agent's env", "[agent.env]\nDISCORD_TOKEN = \"${DISCORD_BOT_TOKEN}\"", "wires for `[discord] bot_token` only" },
        { "a reference inside other text", "[agent.env]\nNOTE = \"see ${GITHUB_TOKEN}\"", "line 2, `[agent.env] NOTE`: `${` may stand only as a whole value" },
        { "a reference written with an escape", "[stt]\napi_key = \"\\u0024{GITHUB_TOKEN}\"", "written without escapes" },
        { "a reference around a reference", "[stt]\napi_key = \"${${GITHUB_TOKEN}}\"", "may stand only as a whole value" },
        { "a reference in a comment", "# uses ${DISCORD_BOT_TOKEN}\n[stt]\nenabled = true", "line 1: `${` outside a string value (in a comment or a key)" },
        { "a reference in a key", "[agent.env]\n\"${DISCORD_BOT_TOKEN}\" = \"x\"", "line 2: `${` outside a string value" },
        { "a wired token passed on to the agent", "[agent]\ninherit_env = [\"SLACK_BOT_TOKEN\", \"DISCORD_BOT_TOKEN\"]", "line 2, [agent] inherit_env names `DISCORD_BOT_TOKEN`, a credential the function wires" },
        { "the S3 keys passed on to the agent", "[agent]\ninherit_env = [\"AWS_ACCESS_KEY_ID\"]", "names `AWS_ACCESS_KEY_ID`, a credential the function wires" },
        { "a table defined twice", "[stt]\nenabled = true\n[stt]\nmodel = \"m\"", "is not valid TOML: line 3, column 1: The key `stt` is already defined at line 1, column 1 and cannot be redefined" },
        { "a key defined twice, the second a secret", $"[stt]\napi_key = \"${{GITHUB_TOKEN}}\"\napi_key = \"{Marker}\"", "is not valid TOML: line 3, column 1: The key `stt.api_key` is already defined" },
        { "a dotted key re-opening a table", "stt.enabled = true\n[stt]\nmodel = \"m\"", "is not valid TOML: line 2, column 1: The key `stt` is already defined" },
        { "a table re-opening a dotted key's table", "[mcp]\nservers.x = 1\n[mcp.servers]\ny = 2", "is not valid TOML: line 3, column 1: The key `mcp.servers` is already defined" },
        { "an array of tables redefined as a table", "[[triage.rules]]\nname = \"a\"\n[triage.rules]\nname = \"b\"", "is not valid TOML: line 3, column 1: The key `triage.rules` is already defined" },
        { "an inline table extended", "stt = { enabled = true }\n[stt]\nmodel = \"m\"", "is not valid TOML: line 2, column 1" },
        { "a broken header before a secret", $"[discord\n{Marker} = 1", "is not valid TOML: line 1, column 9: Unexpected token" },
        { "nesting beyond 64 levels", "x = " + new string('[', 200) + new string(']', 200), "is not valid TOML" },
    };

    [Theory]
    [MemberData(nameof(Refused))]
    public void A_document_that_is_not_TOML_holds_a_credential_or_expands_a_variable_is_refused_on_the_field_with_its_line(string name, string toml, string fragment) =>
        ErrorResults.AssertRefused(FunctionRunner.RunKrm(WithToml(toml)), $"{Field}|{fragment}", name, Marker);

    [Fact]
    public void A_control_character_is_refused_before_the_document_is_read()
    {
        var yaml = AgentSetYaml.OneAgent("kiro", "      configToml: \"[stt]\\nmodel = \\\"a\\u0001b\\\"\\n\"");
        ErrorResults.AssertRefused(FunctionRunner.RunKrm(yaml), $"{Field}|contains a control character (U+0001", "control character");
    }

    [Fact]
    public void A_document_larger_than_a_ConfigMap_holds_is_refused_unparsed()
    {
        var big = "[agent.env]\n" + string.Concat(Enumerable.Range(0, 40_000).Select(i => $"K{i} = \"{new string('v', 20)}\"\n"));
        ErrorResults.AssertRefused(FunctionRunner.RunKrm(WithToml(big.TrimEnd('\n'))), $"{Field}|is larger than 1048576 bytes", "huge");
    }

    [Fact]
    public void New_sections_are_added_beside_the_rendered_ones_and_a_replaced_key_warns_naming_its_field_and_line()
    {
        var run = FunctionRunner.RunKrm(WithToml("""
            # openab options the typed API has no field for
            [discord]
            allowed_channels = ["223456789012345678"]

            [mcp.servers.github]
            url = "https://api.githubcopilot.com/mcp/"
            token = "${GITHUB_TOKEN}"

            [[triage.rules]]
            name = "bugs"
            weight = 0.5
            """));
        var toml = ConfigToml(run);

        var discord = Assert.IsType<TomlTable>(toml["discord"]);
        Assert.Equal(["223456789012345678"], Assert.IsType<TomlArray>(discord["allowed_channels"]).Cast<string>());
        // The rest of [discord] is the rendered one: the token reference and the access keys stay.
        Assert.Equal("${DISCORD_BOT_TOKEN}", discord["bot_token"]);
        Assert.Equal(false, discord["allow_all_channels"]);
        Assert.Equal("kiro-cli", Assert.IsType<TomlTable>(toml["agent"])["command"]);
        var github = Assert.IsType<TomlTable>(Assert.IsType<TomlTable>(Assert.IsType<TomlTable>(toml["mcp"])["servers"])["github"]);
        Assert.Equal("${GITHUB_TOKEN}", github["token"]);
        var rule = Assert.Single(Assert.IsType<TomlTableArray>(Assert.IsType<TomlTable>(toml["triage"])["rules"]));
        Assert.Equal(0.5, rule["weight"]);

        var warning = Assert.Single(Warnings(run));
        Assert.Equal("line 3, `[discord] allowed_channels` replaces what `spec.agents.kiro.discord.allowedChannels` writes into config.toml", warning);
    }

    [Fact]
    public void A_section_an_older_release_ignores_is_warned_as_written_by_configToml_when_configToml_writes_it()
    {
        static List<string> ReleaseWarnings(RunResult run) =>
            new Output(run.Output).ResultsOf("warning").Where(w => Str(w, "field", "path") == "spec.agents.kiro.image.tag").Select(w => Str(w, "message")!).ToList();

        var raw = FunctionRunner.RunKrm(WithToml("[hooks.pre_boot]\nscript = \"/opt/b.sh\"", "      image: {tag: 0.8.3-beta.4}\n"));
        Assert.Contains(ReleaseWarnings(raw), m => m.Contains("ignores `[hooks]` in config.toml, written for configToml:", StringComparison.Ordinal));
        var typed = FunctionRunner.RunKrm(WithToml("[stt]\nmodel = \"m\"", "      image: {tag: 0.8.3-beta.4}\n      hooks: {preBoot: {script: /opt/b.sh}}\n"));
        Assert.Contains(ReleaseWarnings(typed), m => m.Contains("ignores `[hooks]` in config.toml, written for hooks:", StringComparison.Ordinal));
        var both = FunctionRunner.RunKrm(WithToml("[hooks.pre_shutdown]\nscript = \"/opt/s.sh\"", "      image: {tag: 0.8.3-beta.4}\n      hooks: {preBoot: {script: /opt/b.sh}}\n"));
        Assert.Contains(ReleaseWarnings(both), m => m.Contains("ignores `[hooks]` in config.toml, written for hooks and configToml:", StringComparison.Ordinal));
    }

    [Fact]
    public void A_key_set_to_the_value_the_AgentSet_renders_changes_nothing_and_warns_of_nothing()
    {
        var plain = FunctionRunner.RunKrm(AgentSetYaml.OneAgent("kiro"));
        var run = FunctionRunner.RunKrm(AgentSetYaml.OneAgent("kiro", """
                  configToml: |
                    [discord]
                    bot_token = "${DISCORD_BOT_TOKEN}"
                    [pool]
                    max_sessions = 10
            """));

        Assert.Equal(ConfigText(plain), ConfigText(run));
        Assert.Empty(Warnings(run));
    }

    [Fact]
    public void An_array_of_tables_replaces_the_rendered_one_whole_and_names_cronjobs()
    {
        var run = FunctionRunner.RunKrm(WithToml("""
            [[cron.jobs]]
            schedule = "0 9 * * 1-5"
            channel = "123456789012345678"
            message = "standup"
            thread_id = "223456789012345678"
            """, """
                  cronjobs:
                    - {name: a, schedule: "0 8 * * *", channel: "123456789012345678", prompt: first}
                    - {name: b, schedule: "0 9 * * *", channel: "123456789012345678", prompt: second}

            """));

        var job = Assert.Single(Assert.IsType<TomlTableArray>(Assert.IsType<TomlTable>(ConfigToml(run)["cron"])["jobs"]));
        Assert.Equal("standup", job["message"]);
        Assert.Equal("223456789012345678", job["thread_id"]);
        Assert.Contains("line 1, `[cron] jobs` replaces what `spec.agents.kiro.cronjobs` writes into config.toml", Warnings(run));
    }

    [Fact]
    public void The_wired_token_may_be_replaced_by_a_secretEnv_reference_with_a_warning()
    {
        var run = FunctionRunner.RunKrm(WithToml("[discord]\nbot_token = \"${GITHUB_TOKEN}\""));

        Assert.Equal("${GITHUB_TOKEN}", Assert.IsType<TomlTable>(ConfigToml(run)["discord"])["bot_token"]);
        Assert.Contains("line 2, `[discord] bot_token` replaces what `spec.agents.kiro.discord.botToken` writes into config.toml", Warnings(run));
    }

    [Fact]
    public void Secrets_provider_references_are_not_inline_secrets()
    {
        var run = FunctionRunner.RunKrm(WithToml("""
            [secrets.refs]
            discord_token = "aws-sm://openab/prod#discord_bot_token"
            [stt]
            enabled = true
            api_key = "${secrets.stt_key}"
            """));

        var toml = ConfigToml(run);
        Assert.Equal("${secrets.stt_key}", Assert.IsType<TomlTable>(toml["stt"])["api_key"]);
        Assert.Equal("aws-sm://openab/prod#discord_bot_token", Assert.IsType<TomlTable>(Assert.IsType<TomlTable>(toml["secrets"])["refs"])["discord_token"]);
    }

    [Fact]
    public void A_provider_reference_outside_secrets_is_an_inline_value()
    {
        var run = FunctionRunner.RunKrm(WithToml("[stt]\napi_key = \"exec:///bin/echo\""));
        ErrorResults.AssertErrorAt(run, $"{Field}|`[stt] api_key` holds a credential inline");
    }

    [Fact]
    public void A_change_of_the_document_rolls_the_pod()
    {
        static string Hash(RunResult run) => Str(new Output(run.Output).Single("Deployment", "team-kiro"),
            "spec", "template", "metadata", "annotations", "agentset.dev/config-hash")!;
        var one = FunctionRunner.RunKrm(WithToml("[stt]\nenabled = false"));
        var two = FunctionRunner.RunKrm(WithToml("[stt]\nenabled = true"));
        var again = FunctionRunner.RunKrm(WithToml("[stt]\nenabled = false"));

        Assert.Equal(0, one.ExitCode);
        Assert.NotEqual(Hash(one), Hash(two));
        Assert.Equal(one.Output, again.Output);
    }

    [Fact]
    public void A_document_in_spec_defaults_is_laid_over_each_agents_own_config()
    {
        var yaml = AgentSetYaml.Head + """
              defaults:
                discord: {botTokenSecretRef: {name: t, key: token}, allowedChannels: ["123456789012345678"]}
                persistence: {existingClaim: home}
                configToml: |
                  [stt]
                  enabled = false
              agents:
                kiro: {}
                claude: {command: claude-agent-acp, persistence: {existingClaim: claude-home}}
            """;
        var run = FunctionRunner.RunKrm(yaml);

        Assert.Equal(false, Assert.IsType<TomlTable>(ConfigToml(run, "team-kiro")["stt"])["enabled"]);
        var claude = ConfigToml(run, "team-claude");
        Assert.Equal(false, Assert.IsType<TomlTable>(claude["stt"])["enabled"]);
        Assert.Equal("claude-agent-acp", Assert.IsType<TomlTable>(claude["agent"])["command"]);
    }

    [Theory]
    [InlineData("bot_token", true)]
    [InlineData("app_secret", true)]
    [InlineData("apiKey", true)]
    [InlineData("encoding_aes_key", true)]
    [InlineData("SA_KEY_JSON", true)]
    [InlineData("max_batch_tokens", false)]
    [InlineData("webhook_path", false)]
    [InlineData("bot_username", false)]
    [InlineData("monkey", false)]
    public void A_key_is_a_credentials_key_when_one_of_its_words_names_one(string key, bool credential) =>
        Assert.Equal(credential, AgentSetFn.Validation.RawConfigTomlCheck.IsCredentialKey(key));
}
