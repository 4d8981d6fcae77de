using System.Text.Json.Nodes;
using AgentSetFn.Api;
using AgentSetFn.Tests.Support;
using AgentSetFn.Validation;
using static AgentSetFn.Tests.Support.Output;

namespace AgentSetFn.Tests.Validation;

/// <summary>
/// openab's options as the Helm chart offers them: one case per option, proving the
/// value lands under its snake_case key in the right config.toml section, and one case per
/// rule the chart enforces, proving the error names the field, the file and the allowed values.
/// Inline Discord and Slack tokens are in every input and never in any output.
/// </summary>
public class OpenabOptionsTests
{
    private const string DiscordToken = "MTIzNDU2Nzg5MDEyMzQ1Njc4.openab-options.DO-NOT-ECHO";
    private const string SlackBotToken = "xoxb-1111-2222-openab-options-DO-NOT-ECHO";
    private const string SlackAppToken = "xapp-1-A0OPTIONS-openab-options-DO-NOT-ECHO";

    // {defaults}: lines under spec.defaults; {discord}: lines under the agent's discord;
    // {agent}: lines at the agent's level.
    private const string Template = AgentSetYaml.Head + """
          defaults:
            image: {tag: "0.8.3"}
        {defaults}
          agents:
            kiro:
              discord:
                botToken: @@DISCORD@@
                allowedChannels: ["123456789012345678"]
        {discord}
        {agent}
              persistence:
                existingClaim: kiro-home
        """;

    // A Slack section with inline tokens, for the agent's level.
    private const string Slack = """
              slack:
                enabled: true
                botToken: @@SLACKBOT@@
                appToken: @@SLACKAPP@@
        """;

    private static string AgentSet(string defaults, string discord, string agent) => Template
        .Replace("{defaults}", Indent(defaults, 4), StringComparison.Ordinal)
        .Replace("{discord}", Indent(discord, 8), StringComparison.Ordinal)
        .Replace("{agent}", agent.Replace("@@SLACK@@", Slack.TrimEnd('\n'), StringComparison.Ordinal), StringComparison.Ordinal)
        .Replace("@@DISCORD@@", DiscordToken, StringComparison.Ordinal)
        .Replace("@@SLACKBOT@@", SlackBotToken, StringComparison.Ordinal)
        .Replace("@@SLACKAPP@@", SlackAppToken, StringComparison.Ordinal);

    private static string Indent(string lines, int spaces) => lines.Length == 0 ? "" :
        string.Join('\n', lines.Split('\n').Select(l => new string(' ', spaces) + l));

    /// <summary>An agent-level fragment: each line indented under the agent.</summary>
    private static string A(string lines) => Indent(lines, 6);

    /// <summary>Lines inside the Slack section of the agent.</summary>
    private static string S(string lines) => "@@SLACK@@\n" + Indent(lines, 8);

    private static RunResult Run(string defaults, string discord, string agent) => FunctionRunner.RunKrm(AgentSet(defaults, discord, agent));

    private static string ConfigToml(RunResult run) =>
        Str(new Output(run.Output).Single("ConfigMap", "team-kiro"), "data", "config.toml")!;

    /// <summary>The lines of one [section] of config.toml (without its sub-tables).</summary>
    private static string[] Section(string toml, string name)
    {
        var lines = toml.Split('\n');
        var start = Array.IndexOf(lines, $"[{name}]");
        if (start < 0) return [];
        return lines.Skip(start + 1).TakeWhile(l => !l.StartsWith('[')).Where(l => l.Length > 0).ToArray();
    }

    private static void AssertNoTokenIn(RunResult run) => SecretHygiene.AssertNotShown(run, DiscordToken, SlackBotToken, SlackAppToken);

    // name, spec.defaults lines, discord lines, agent lines, section, expected line
    public static TheoryData<string, string, string, string, string, string> Options => new()
    {
        // [discord]
        { "allowBotMessages off", "", "allowBotMessages: off", "", "discord", "allow_bot_messages = \"off\"" },
        { "allowBotMessages mentions", "", "allowBotMessages: mentions", "", "discord", "allow_bot_messages = \"mentions\"" },
        { "allowBotMessages all", "", "allowBotMessages: all", "", "discord", "allow_bot_messages = \"all\"" },
        { "trustedBotIds", "", "trustedBotIds: [\"423456789012345678\", \"523456789012345678\"]", "", "discord", "trusted_bot_ids = [\"423456789012345678\", \"523456789012345678\"]" },
        { "allowedRoleIds", "", "allowedRoleIds: [\"623456789012345678\"]", "", "discord", "allowed_role_ids = [\"623456789012345678\"]" },
        { "allowUserMessages involved", "", "allowUserMessages: involved", "", "discord", "allow_user_messages = \"involved\"" },
        { "allowUserMessages mentions", "", "allowUserMessages: mentions", "", "discord", "allow_user_messages = \"mentions\"" },
        { "allowUserMessages multibot-mentions", "", "allowUserMessages: multibot-mentions", "", "discord", "allow_user_messages = \"multibot-mentions\"" },
        { "allowDm true", "", "allowDm: true", "", "discord", "allow_dm = true" },
        { "allowDm false", "", "allowDm: false", "", "discord", "allow_dm = false" },
        { "maxBotTurns lowest", "", "maxBotTurns: 1", "", "discord", "max_bot_turns = 1" },
        { "maxBotTurns highest", "", "maxBotTurns: 1000", "", "discord", "max_bot_turns = 1000" },
        { "messageProcessingMode per-message", "", "messageProcessingMode: per-message", "", "discord", "message_processing_mode = \"per-message\"" },
        { "messageProcessingMode per-thread", "", "messageProcessingMode: per-thread", "", "discord", "message_processing_mode = \"per-thread\"" },
        { "messageProcessingMode per-lane", "", "messageProcessingMode: per-lane", "", "discord", "message_processing_mode = \"per-lane\"" },
        { "maxBufferedMessages", "", "messageProcessingMode: per-lane\nmaxBufferedMessages: 25", "", "discord", "max_buffered_messages = 25" },
        { "maxBatchTokens", "", "messageProcessingMode: per-thread\nmaxBatchTokens: 32000", "", "discord", "max_batch_tokens = 32000" },
        { "allowedUsers derive allow_all_users", "", "allowedUsers: [\"323456789012345678\"]", "", "discord", "allow_all_users = false" },
        { "allowedChannels derive allow_all_channels", "", "", "", "discord", "allow_all_channels = false" },
        { "allowAllChannels overrides the list", "", "allowAllChannels: true", "", "discord", "allow_all_channels = true" },
        { "allowAllUsers overrides the empty list", "", "allowAllUsers: false", "", "discord", "allow_all_users = false" },
        { "an unquoted integer ID keeps every digit", "", "trustedBotIds: [1234567890123456789]", "", "discord", "trusted_bot_ids = [\"1234567890123456789\"]" },
        { "a Discord option from spec.defaults", "discord: {allowBotMessages: mentions, maxBotTurns: 7}", "", "", "discord", "max_bot_turns = 7" },
        // [agent]
        { "inheritEnv", "", "", A("inheritEnv: [API_BASE_URL, MODEL_NAME]"), "agent", "inherit_env = [\"API_BASE_URL\", \"MODEL_NAME\"]" },
        { "inheritEnv merged with secretEnv, once each", "", "",
            A("inheritEnv: [GEMINI_API_KEY, API_BASE_URL]\nsecretEnv: [{name: GEMINI_API_KEY, secretName: s, secretKey: k}, {name: OPENAI_API_KEY, secretName: s, secretKey: o}]"),
            "agent", "inherit_env = [\"GEMINI_API_KEY\", \"API_BASE_URL\", \"OPENAI_API_KEY\"]" },
        { "inheritEnv from spec.defaults", "inheritEnv: [HTTPS_PROXY]", "", "", "agent", "inherit_env = [\"HTTPS_PROXY\"]" },
        // [reactions]
        { "toolDisplay full", "", "", A("reactions: {toolDisplay: full}"), "reactions", "tool_display = \"full\"" },
        { "toolDisplay compact", "", "", A("reactions: {toolDisplay: compact}"), "reactions", "tool_display = \"compact\"" },
        { "toolDisplay none", "", "", A("reactions: {toolDisplay: none}"), "reactions", "tool_display = \"none\"" },
        // [slack]
        { "slack bot token reference", "", "", S(""), "slack", "bot_token = \"${SLACK_BOT_TOKEN}\"" },
        { "slack app token reference", "", "", S(""), "slack", "app_token = \"${SLACK_APP_TOKEN}\"" },
        { "slack empty lists allow all channels", "", "", S(""), "slack", "allow_all_channels = true" },
        { "slack allowedChannels", "", "", S("allowedChannels: [C0123456789]"), "slack", "allowed_channels = [\"C0123456789\"]" },
        { "slack allowedUsers", "", "", S("allowedUsers: [U0123456789]"), "slack", "allowed_users = [\"U0123456789\"]" },
        { "slack allowedUsers derive allow_all_users", "", "", S("allowedUsers: [U0123456789]"), "slack", "allow_all_users = false" },
        { "slack allowAllChannels", "", "", S("allowedChannels: [C0123456789]\nallowAllChannels: false"), "slack", "allow_all_channels = false" },
        { "slack allowAllUsers", "", "", S("allowAllUsers: true"), "slack", "allow_all_users = true" },
        { "slack allowBotMessages", "", "", S("allowBotMessages: mentions"), "slack", "allow_bot_messages = \"mentions\"" },
        { "slack trustedBotIds", "", "", S("trustedBotIds: [U0AAAAAAAAA]"), "slack", "trusted_bot_ids = [\"U0AAAAAAAAA\"]" },
        { "slack allowUserMessages", "", "", S("allowUserMessages: multibot-mentions"), "slack", "allow_user_messages = \"multibot-mentions\"" },
        { "slack messageProcessingMode", "", "", S("messageProcessingMode: per-lane"), "slack", "message_processing_mode = \"per-lane\"" },
        { "slack maxBotTurns", "", "", S("maxBotTurns: 30"), "slack", "max_bot_turns = 30" },
        { "slack maxBufferedMessages", "", "", S("messageProcessingMode: per-thread\nmaxBufferedMessages: 15"), "slack", "max_buffered_messages = 15" },
        { "slack maxBatchTokens", "", "", S("messageProcessingMode: per-lane\nmaxBatchTokens: 18000"), "slack", "max_batch_tokens = 18000" },
        { "a Slack option from spec.defaults", "slack: {maxBotTurns: 9}", "", S(""), "slack", "max_bot_turns = 9" },
    };

    [Theory]
    [MemberData(nameof(Options))]
    public void An_option_renders_under_its_config_toml_key(string name, string defaults, string discord, string agent, string section, string line)
    {
        var run = Run(defaults, discord, agent);

        Assert.True(run.ExitCode == 0, $"{name}: exit {run.ExitCode}\n{run.Error}");
        var lines = Section(ConfigToml(run), section);
        Assert.True(lines.Contains(line), $"{name}: [{section}] has no `{line}`; it has:\n{string.Join('\n', lines)}");
        AssertNoTokenIn(run);
    }

    [Fact]
    public void Options_left_unset_are_not_written_so_openabs_own_defaults_apply()
    {
        var run = Run("", "", A("reactions: {enabled: true}"));

        var toml = ConfigToml(run);
        foreach (var key in new[]
        {
            "allow_bot_messages", "trusted_bot_ids", "allowed_role_ids", "allow_user_messages", "allow_dm", "max_bot_turns",
            "message_processing_mode", "max_buffered_messages", "max_batch_tokens", "inherit_env", "tool_display", "[slack]",
        })
        {
            Assert.DoesNotContain(key, toml, StringComparison.Ordinal);
        }
        // What the chart writes always, agentset writes too.
        Assert.Equal(
            ["bot_token = \"${DISCORD_BOT_TOKEN}\"", "allow_all_channels = false", "allowed_channels = [\"123456789012345678\"]", "allow_all_users = true", "allowed_users = []"],
            Section(toml, "discord"));
        // Empty ID lists are not written either (the chart's `if trustedBotIds`).
        Assert.DoesNotContain("trusted_bot_ids", ConfigToml(Run("", "trustedBotIds: []\nallowedRoleIds: []", "")), StringComparison.Ordinal);
    }

    [Fact]
    public void A_slack_only_agent_has_no_discord_section_token_or_env()
    {
        var run = Run("", "enabled: false", S("allowedChannels: [C0123456789]"));

        Assert.Equal(0, run.ExitCode);
        var output = new Output(run.Output);
        Assert.Empty(Section(ConfigToml(run), "discord"));
        Assert.NotEmpty(Section(ConfigToml(run), "slack"));
        var env = Seq(output.Single("Deployment", "team-kiro"), "spec", "template", "spec", "containers").First();
        var names = Seq(env, "env").Select(e => Str(e, "name")).ToList();
        Assert.DoesNotContain("DISCORD_BOT_TOKEN", names);
        Assert.Contains("SLACK_BOT_TOKEN", names);
        Assert.Contains("SLACK_APP_TOKEN", names);
        // The inline Discord token of a disabled Discord is not rendered into the Secret.
        var secret = output.Single("Secret", "team-kiro");
        Assert.Null(Node(secret, "data", "discord-bot-token"));
        Assert.NotNull(Node(secret, "data", "slack-bot-token"));
        Assert.NotNull(Node(secret, "data", "slack-app-token"));
        AssertNoTokenIn(run);
    }

    [Fact]
    public void Slack_tokens_from_secrets_are_secret_key_refs_and_no_secret_is_rendered_for_them()
    {
        var run = Run("", "enabled: false", A("slack:\n  enabled: true\n  botTokenSecretRef: {name: slack, key: bot}\n  appTokenSecretRef: {name: slack, key: app}"));

        Assert.Equal(0, run.ExitCode);
        var output = new Output(run.Output);
        Assert.Empty(output.OfKind("Secret"));
        var container = Seq(output.Single("Deployment", "team-kiro"), "spec", "template", "spec", "containers").First();
        var app = Seq(container, "env").Single(e => Str(e, "name") == "SLACK_APP_TOKEN");
        Assert.Equal("slack", Str(app, "valueFrom", "secretKeyRef", "name"));
        Assert.Equal("app", Str(app, "valueFrom", "secretKeyRef", "key"));
    }

    // name, spec.defaults lines, discord lines, agent lines, "field|message fragment"
    public static TheoryData<string, string, string, string, string> Rules => new()
    {
        // Enum values outside their set name the allowed values
        { "allowBotMessages outside its set", "", "allowBotMessages: yolo", "", "spec.agents.kiro.discord.allowBotMessages|must be one of: off, mentions, all; got `yolo`" },
        { "allowUserMessages outside its set", "", "allowUserMessages: everyone", "", "spec.agents.kiro.discord.allowUserMessages|must be one of: involved, mentions, multibot-mentions; got `everyone`" },
        { "allowUserMessages with an underscore", "", "allowUserMessages: multibot_mentions", "", "spec.agents.kiro.discord.allowUserMessages|did you mean `multibot-mentions`?" },
        { "messageProcessingMode outside its set", "", "messageProcessingMode: batched", "", "spec.agents.kiro.discord.messageProcessingMode|must be one of: per-message, per-thread, per-lane; got `batched`" },
        { "toolDisplay outside its set", "", "", A("reactions: {toolDisplay: hidden}"), "spec.agents.kiro.reactions.toolDisplay|must be one of: full, compact, none; got `hidden`" },
        { "slack allowBotMessages outside its set", "", "", S("allowBotMessages: true"), "spec.agents.kiro.slack.allowBotMessages|must be one of: off, mentions, all" },
        { "slack allowUserMessages outside its set", "", "", S("allowUserMessages: always"), "spec.agents.kiro.slack.allowUserMessages|must be one of: involved, mentions, multibot-mentions" },
        { "slack messageProcessingMode outside its set", "", "", S("messageProcessingMode: per_lane"), "spec.agents.kiro.slack.messageProcessingMode|did you mean `per-lane`?" },
        { "an enum from spec.defaults", "discord: {allowBotMessages: some}", "", "", "spec.agents.kiro.discord.allowBotMessages|must be one of: off, mentions, all" },
        // Snowflakes mangled to floats or of the wrong length, in every ID list
        { "allowedUsers mangled to a float", "", "allowedUsers: [3.2345678901234568e+17]", "", "spec.agents.kiro.discord.allowedUsers[0]|lost its digits" },
        { "trustedBotIds mangled to a float", "", "trustedBotIds: [1.234567890123457e+17]", "", "spec.agents.kiro.discord.trustedBotIds[0]|lost its digits" },
        { "trustedBotIds of the wrong length", "", "trustedBotIds: [\"12345\"]", "", "spec.agents.kiro.discord.trustedBotIds[0]|17 to 20 digits" },
        { "allowedRoleIds mangled to a float", "", "allowedRoleIds: [6.2345678901234568E+17]", "", "spec.agents.kiro.discord.allowedRoleIds[0]|lost its digits" },
        { "allowedRoleIds of the wrong length", "", "allowedRoleIds: [\"623456789012345678901\"]", "", "spec.agents.kiro.discord.allowedRoleIds[0]|17 to 20 digits" },
        { "slack allowedChannels mangled to a float", "", "", S("allowedChannels: [1.2e+17]"), "spec.agents.kiro.slack.allowedChannels[0]|lost its digits" },
        { "slack allowedUsers not an ID", "", "", S("allowedUsers: [alice]"), "spec.agents.kiro.slack.allowedUsers[0]|`alice` is not a Slack ID" },
        { "slack trustedBotIds a Discord ID", "", "", S("trustedBotIds: [\"123456789012345678\"]"), "spec.agents.kiro.slack.trustedBotIds[0]|is not a Slack ID" },
        // secretEnv also in env
        { "secretEnv also in env", "", "", A("env: {GEMINI_API_KEY: x}\nsecretEnv: [{name: GEMINI_API_KEY, secretName: s, secretKey: k}]"), "spec.agents.kiro.secretEnv[0].name|also exists in env" },
        // Slack enabled without its tokens
        { "slack without a bot token", "", "", A("slack: {enabled: true, appToken: @@SLACKAPP@@}"), "spec.agents.kiro.slack|needs the bot token (Bot User OAuth Token, xoxb-...)" },
        { "slack without an app token", "", "", A("slack: {enabled: true, botToken: @@SLACKBOT@@}"), "spec.agents.kiro.slack|needs the app token (App-Level Token for Socket Mode, xapp-...)" },
        { "slack with both forms of a token", "", "", S("appTokenSecretRef: {name: slack, key: app}"), "spec.agents.kiro.slack|set either appToken or appTokenSecretRef, not both" },
        { "slack secret ref without a key", "", "", A("slack: {enabled: true, botTokenSecretRef: {name: s, key: b}, appTokenSecretRef: {name: s}}"), "spec.agents.kiro.slack.appTokenSecretRef.key|is required" },
        { "slack secret ref with a bad name", "", "", A("slack: {enabled: true, botTokenSecretRef: {name: Slack_Tokens, key: b}, appToken: @@SLACKAPP@@}"), "spec.agents.kiro.slack.botTokenSecretRef.name|not a valid Secret name" },
        // maxBotTurns out of range
        { "maxBotTurns zero", "", "maxBotTurns: 0", "", "spec.agents.kiro.discord.maxBotTurns|must be between 1 and 1000, got 0" },
        { "maxBotTurns over the cap", "", "maxBotTurns: 1001", "", "spec.agents.kiro.discord.maxBotTurns|must be between 1 and 1000, got 1001" },
        { "slack maxBotTurns over the cap", "", "", S("maxBotTurns: 5000"), "spec.agents.kiro.slack.maxBotTurns|must be between 1 and 1000, got 5000" },
        { "maxBotTurns quoted", "", "maxBotTurns: \"20\"", "", "spec.agents.kiro.discord.maxBotTurns|must be an integer (unquoted)" },
        // The other numbers and booleans
        { "maxBufferedMessages zero", "", "maxBufferedMessages: 0", "", "spec.agents.kiro.discord.maxBufferedMessages|must be between 1 and" },
        { "maxBatchTokens negative", "", "maxBatchTokens: -1", "", "spec.agents.kiro.discord.maxBatchTokens|must be between 1 and" },
        { "allowDm as a word", "", "allowDm: yes", "", "spec.agents.kiro.discord.allowDm|must be a boolean" },
        { "allowAllChannels quoted", "", "allowAllChannels: \"false\"", "", "spec.agents.kiro.discord.allowAllChannels|must be a boolean" },
        { "discord enabled quoted", "", "enabled: \"false\"", "", "spec.agents.kiro.discord.enabled|must be a boolean" },
        // At least one platform
        { "neither Discord nor Slack", "", "enabled: false", "", "spec.agents.kiro|needs at least one chat platform" },
        { "slack configured but not enabled", "", "enabled: false", A("slack: {botToken: @@SLACKBOT@@, appToken: @@SLACKAPP@@}"), "spec.agents.kiro|add `enabled: true`" },
        // inheritEnv
        { "inheritEnv a string", "", "", A("inheritEnv: API_KEY"), "spec.agents.kiro.inheritEnv|must be a list" },
        { "inheritEnv invalid name", "", "", A("inheritEnv: [1BAD]"), "spec.agents.kiro.inheritEnv[0]|not a valid environment variable name" },
        { "inheritEnv passes the Discord token", "", "", A("inheritEnv: [DISCORD_BOT_TOKEN]"), "spec.agents.kiro.inheritEnv[0]|must not reach the agent's environment" },
        { "inheritEnv passes the Slack app token", "", "", A("inheritEnv: [SLACK_APP_TOKEN]"), "spec.agents.kiro.inheritEnv[0]|must not reach the agent's environment" },
        { "Slack token in env", "", "", A("env: {SLACK_BOT_TOKEN: @@SLACKBOT@@}"), "spec.agents.kiro.env.SLACK_BOT_TOKEN|must not reach the agent's environment" },
        { "Slack token in secretEnv", "", "", A("secretEnv: [{name: SLACK_APP_TOKEN, secretName: s, secretKey: k}]"), "spec.agents.kiro.secretEnv[0].name|must not reach" },
        // Unknown fields
        { "typo in a discord option", "", "allowBotMessage: all", "", "spec.agents.kiro.discord.allowBotMessage|did you mean `allowBotMessages`?" },
        { "typo in a slack option", "", "", S("allowedChanels: [C0123456789]"), "spec.agents.kiro.slack.allowedChanels|did you mean `allowedChannels`?" },
        { "Discord-only option under slack", "", "", S("allowDm: true"), "spec.agents.kiro.slack.allowDm|unknown field" },
        { "typo of toolDisplay", "", "", A("reactions: {toolDisplays: none}"), "spec.agents.kiro.reactions.toolDisplays|did you mean `toolDisplay`?" },
    };

    [Theory]
    [MemberData(nameof(Rules))]
    public void A_rule_of_the_chart_is_an_error_naming_field_and_file(string name, string defaults, string discord, string agent, string expected)
    {
        ErrorResults.AssertRefused(Run(defaults, discord, agent), expected, name, DiscordToken, SlackBotToken, SlackAppToken);
    }

    // name, discord lines, agent lines, "field|message fragment"
    public static TheoryData<string, string, string, string> Warnings => new()
    {
        { "allowAllChannels false with no channels", "", S("allowAllChannels: false"), "spec.agents.kiro.slack.allowAllChannels|the bot answers in no channel" },
        { "allowAllUsers false with no users", "allowAllUsers: false", "", "spec.agents.kiro.discord.allowAllUsers|the bot answers to no one" },
        { "allowAllChannels true over a list", "allowAllChannels: true", "", "spec.agents.kiro.discord.allowedChannels|is ignored: allowAllChannels is true" },
        { "batch size without batching", "maxBufferedMessages: 5", "", "spec.agents.kiro.discord.maxBufferedMessages|has no effect unless messageProcessingMode is per-thread or per-lane" },
        { "batch tokens in per-message mode", "", S("messageProcessingMode: per-message\nmaxBatchTokens: 1000"), "spec.agents.kiro.slack.maxBatchTokens|has no effect" },
        { "inline Slack bot token", "", S(""), "spec.agents.kiro.slack.botToken|the token is inline: it is rendered into a Secret that will land in git; prefer botTokenSecretRef" },
        { "inline Slack app token", "", S(""), "spec.agents.kiro.slack.appToken|prefer appTokenSecretRef" },
    };

    [Theory]
    [MemberData(nameof(Warnings))]
    public void An_option_that_does_nothing_or_leaks_renders_with_a_warning(string name, string discord, string agent, string expected)
    {
        var run = Run("", discord, agent);

        Assert.True(run.ExitCode == 0, $"{name}: exit {run.ExitCode}\n{run.Error}");
        var (field, message) = (expected.Split('|')[0], expected.Split('|')[1]);
        Assert.Contains(new Output(run.Output).ResultsOf("warning"),
            w => Str(w, "field", "path") == field && Str(w, "message")!.Contains(message, StringComparison.Ordinal));
        AssertNoTokenIn(run);
    }

    /// <summary>The schema offers exactly the values and ranges the reader accepts.</summary>
    [Fact]
    public void The_schema_enums_and_ranges_are_the_readers_table()
    {
        var definitions = JsonNode.Parse(AgentSetSchema.JsonSchema())!["definitions"]!;
        static string[] Enum(JsonNode node) => node["enum"]!.AsArray().Select(v => v!.GetValue<string>()).ToArray();
        Assert.Equal(OpenabOptions.AllowBotMessages, Enum(definitions["allowBotMessages"]!));
        Assert.Equal(OpenabOptions.AllowUserMessages, Enum(definitions["allowUserMessages"]!));
        Assert.Equal(OpenabOptions.MessageProcessingMode, Enum(definitions["messageProcessingMode"]!));
        Assert.Equal(OpenabOptions.ToolDisplay, Enum(definitions["agent"]!["properties"]!["reactions"]!["properties"]!["toolDisplay"]!));
        Assert.Equal(OpenabOptions.MaxBotTurnsMin, definitions["maxBotTurns"]!["minimum"]!.GetValue<int>());
        Assert.Equal(OpenabOptions.MaxBotTurnsMax, definitions["maxBotTurns"]!["maximum"]!.GetValue<int>());
        foreach (var list in new[] { "allowedChannels", "allowedUsers", "trustedBotIds", "allowedRoleIds" })
            Assert.Equal("#/definitions/snowflakes", definitions["agent"]!["properties"]!["discord"]!["properties"]![list]!["$ref"]!.GetValue<string>());
    }
}
