using AgentSetFn.Tests.Support;
using static AgentSetFn.Tests.Support.Output;

namespace AgentSetFn.Tests.Validation;

/// <summary>
/// openab replaces every ${NAME} in the text of config.toml with its own environment variable
/// NAME before parsing it, with no escape (src/config.rs, expand_env_vars: `\$\{(\w+)\}` over the
/// whole file), and again when an [agent].env value is exactly `${NAME}` (src/acp/connection.rs).
/// So any string the AgentSet writes into config.toml that holds `${` is an error on its field:
/// it would hand the agent, or a chat channel, the Discord token or any other variable of the
/// broker. The message says why and never echoes the value.
/// </summary>
public class ConfigTomlExpansionTests
{
    private const string Marker = "NEVER-ECHOED-9c41";

    private const string Template = AgentSetYaml.Head + """
          agents:
            kiro:
              command: kiro-cli
              discord:
                botTokenSecretRef: {name: discord, key: token}
        {discord}
              persistence: {existingClaim: kiro-home}
        {0}
        """;

    private const string Channels = "        allowedChannels: [\"123456789012345678\"]";

    /// <summary>Fields at the agent's level (a command replaces the agent's), or (after "D|") lines in its discord mapping.</summary>
    private static string Agent(string fields) => fields.StartsWith("D|", StringComparison.Ordinal)
        ? Template.Replace("{discord}", "        " + fields[2..], StringComparison.Ordinal).Replace("{0}", "", StringComparison.Ordinal)
        : fields.TrimStart().StartsWith("command:", StringComparison.Ordinal)
            ? Template.Replace("      command: kiro-cli", fields, StringComparison.Ordinal).Replace("{discord}", Channels, StringComparison.Ordinal).Replace("{0}", "", StringComparison.Ordinal)
            : Template.Replace("{discord}", Channels, StringComparison.Ordinal).Replace("{0}", fields, StringComparison.Ordinal);

    private static string Cron(string field, string value)
    {
        var job = new Dictionary<string, string>
        {
            ["name"] = "daily", ["schedule"] = "0 9 * * *", ["channel"] = "123456789012345678", ["prompt"] = "summarize the day",
        };
        job[field] = value;
        return "      cronjobs: [{" + string.Join(", ", job.Select(kv => $"{kv.Key}: '{kv.Value}'")) + "}]";
    }

    public static TheoryData<string, string, string> Expanding => new()
    {
        // name, agent fields (indented under the agent), expected field path
        { "env value", $"      env: {{NOTE: 'see ${{DISCORD_BOT_TOKEN}} {Marker}'}}", "env.NOTE" },
        { "env value that is one reference", "      env: {NOTE: '${AWS_SECRET_ACCESS_KEY}'}", "env.NOTE" },
        { "an unknown variable", $"      env: {{NOTE: '${{NOPE}}{Marker}'}}", "env.NOTE" },
        { "a reference around a reference", $"      env: {{NOTE: '${{${{A}}}}{Marker}'}}", "env.NOTE" },
        { "a dollar before a reference", $"      env: {{NOTE: '$${{A}}}}{Marker}'}}", "env.NOTE" },
        { "a non-ASCII name", $"      env: {{NOTE: '${{ÄÖ}}{Marker}'}}", "env.NOTE" },
        { "an opening without a name", $"      env: {{NOTE: '{Marker}${{'}}", "env.NOTE" },
        { "second argument", $"      args: [--trust-all-tools, '--token=${{DISCORD_BOT_TOKEN}}{Marker}']", "args[1]" },
        { "command", $"      command: 'kiro-cli${{HOME}}{Marker}'", "command" },
        { "working directory", $"      workingDir: '/home/${{USER}}{Marker}'", "workingDir" },
        { "cron prompt", Cron("prompt", $"print ${{DISCORD_BOT_TOKEN}} {Marker}"), "cronjobs[0].prompt" },
        { "cron name", Cron("name", $"a${{HOME}}{Marker}"), "cronjobs[0].name" },
        { "cron schedule", Cron("schedule", $"${{S}} {Marker}"), "cronjobs[0].schedule" },
        { "cron channel", Cron("channel", $"${{C}}{Marker}"), "cronjobs[0].channel" },
        { "cron timezone", Cron("timezone", $"${{TZ}}{Marker}"), "cronjobs[0].timezone" },
        { "inheritEnv", $"      inheritEnv: ['${{A}}{Marker}']", "inheritEnv[0]" },
        { "Discord channel", $"D|allowedChannels: ['${{DISCORD_BOT_TOKEN}}{Marker}']", "discord.allowedChannels[0]" },
        { "Discord role", $"D|allowedRoleIds: ['${{A}}{Marker}']", "discord.allowedRoleIds[0]" },
        { "Slack user", "      slack: {enabled: true, botTokenSecretRef: {name: s, key: b}, appTokenSecretRef: {name: s, key: a}, allowedUsers: ['${A}" + Marker + "']}", "slack.allowedUsers[0]" },
    };

    [Theory]
    [MemberData(nameof(Expanding))]
    public void A_string_written_into_config_toml_with_an_expansion_is_an_error_that_says_why(string name, string fields, string field)
    {
        var run = FunctionRunner.RunKrm(Agent(fields));

        Assert.True(run.ExitCode == 1, $"{name}: expected exit 1, got {run.ExitCode}\n{run.Output}");
        var output = new Output(run.Output);
        var errors = output.ResultsOf("error").ToList();
        var path = $"spec.agents.kiro.{field}";
        static bool Expansion(YamlDotNet.RepresentationModel.YamlMappingNode e) =>
            Str(e, "message")!.Contains("openab replaces every ${NAME}", StringComparison.Ordinal)
            && Str(e, "message")!.Contains("Discord token", StringComparison.Ordinal);
        Assert.True(errors.Any(e => Str(e, "field", "path") == path && Expansion(e)),
            $"{name}: no expansion error at {path}; got:\n{string.Join("\n", errors.Select(e => $"{Str(e, "field", "path")}: {Str(e, "message")}"))}");
        // The value is never echoed; only the field's own format check (an ID, an enum) quotes
        // what it refuses, as it does for any value.
        Assert.All(output.Results.Where(r => Str(r, "message")!.Contains(Marker, StringComparison.Ordinal)),
            r => Assert.True(Str(r, "field", "path") == path && !Expansion(r), $"{name}: the value is echoed: {Str(r, "message")}"));
        Assert.Empty(output.Items);
    }

    // Options with a fixed set of values are refused by their own check, and never written.
    [Theory]
    [InlineData("      reactions: {toolDisplay: '${A}'}", "reactions.toolDisplay")]
    [InlineData("D|allowBotMessages: '${A}'", "discord.allowBotMessages")]
    [InlineData("      slack: {enabled: true, botTokenSecretRef: {name: s, key: b}, appTokenSecretRef: {name: s, key: a}, messageProcessingMode: '${A}'}", "slack.messageProcessingMode")]
    public void An_option_of_a_fixed_set_never_writes_an_expansion(string fields, string field)
    {
        var run = FunctionRunner.RunKrm(Agent(fields));
        Assert.Equal(1, run.ExitCode);
        Assert.Contains(new Output(run.Output).ResultsOf("error"), e => Str(e, "field", "path") == $"spec.agents.kiro.{field}");
    }

    [Fact]
    public void Dollars_and_braces_that_openab_does_not_expand_pass_through()
    {
        const string text = "costs $5 {today}, see $HOME or $ {X} and {$}";
        var run = FunctionRunner.RunKrm(Agent($"      env: {{NOTE: '{text}'}}\n      args: ['{text}']\n" + Cron("prompt", text)));

        Assert.True(run.ExitCode == 0, run.Output);
        var toml = Str(new Output(run.Output).Single("ConfigMap", "team-kiro"), "data", "config.toml")!;
        Assert.Equal(3, toml.Split(text).Length - 1);
        // The function's own references stay: openab fills them from the pod's environment.
        Assert.Contains("bot_token = \"${DISCORD_BOT_TOKEN}\"", toml, StringComparison.Ordinal);
        Assert.Single(toml.Split("${").Skip(1));
    }

    [Fact]
    public void The_same_string_outside_config_toml_is_not_refused()
    {
        // AGENTS.md is a file of its own that openab never expands.
        var run = FunctionRunner.RunKrm(Agent("      agentsMd: 'use ${HOME} in shell examples'"));
        Assert.True(run.ExitCode == 0, run.Output);
    }
}
