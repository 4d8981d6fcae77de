using AgentSetFn.Tests.Support;
using Tomlyn;
using Tomlyn.Model;
using YamlDotNet.RepresentationModel;

namespace AgentSetFn.Tests.ChartParity;

/// <summary>
/// The chart's default agent as an AgentSet, for the ports of openab's chart tests: the chart's
/// values.yaml has one agent, `kiro`, with Discord on; a chart test `set:`s a few values over it.
/// Here that is AgentSet `team` with agent `kiro`, its Discord token from Secret `discord` (the
/// chart renders a Secret from the values; an AgentSet refers to one), one channel, and its home
/// on claim `kiro-home`; each port adds the fields its chart case sets. Its objects are named
/// `team-kiro` (the chart's `RELEASE-NAME-openab-kiro`).
/// </summary>
internal static class ChartAgent
{
    public const string Name = "team-kiro";

    /// <summary>Slack on, both tokens from Secret `slack`: the chart's `slack.enabled: true` with `botToken`/`appToken`.</summary>
    public const string SlackOn = "enabled: true, botTokenSecretRef: {name: slack, key: bot-token}, appTokenSecretRef: {name: slack, key: app-token}";

    /// <summary>
    /// AgentSet `team` with agent `kiro`. <paramref name="discord"/> and <paramref name="slack"/>
    /// are the bodies of flow mappings (null: no such section; Discord's gets the token and channel
    /// first); <paramref name="lines"/> are the agent's other fields, one per line (split at line breaks), without indent;
    /// <paramref name="persistence"/> is the agent's persistence (a flow mapping), or null for none.
    /// </summary>
    public static string Kiro(string? discord = "", string? slack = null, string persistence = "{existingClaim: kiro-home}", string lines = "")
    {
        var agent = "";
        if (discord is not null)
            agent += "      discord: {botTokenSecretRef: {name: discord, key: token}, allowedChannels: [\"123456789012345678\"]"
                + (discord.Length == 0 ? "" : ", " + discord) + "}\n";
        if (slack is not null)
            agent += $"      slack: {{{slack}}}\n";
        agent += string.Concat(lines.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => $"      {l}\n"));
        if (persistence.Length > 0)
            agent += $"      persistence: {persistence}\n";
        return AgentSetYaml.Head + "  agents:\n    kiro:\n" + agent;
    }

    /// <summary>The function's output for the AgentSet, which must render (exit 0).</summary>
    public static Output Render(string agentSet) => FunctionRunner.Rendered(agentSet);

    /// <summary>The agent's config.toml, as the ConfigMap carries it.</summary>
    public static string ConfigToml(Output output) => Output.Str(output.Single("ConfigMap", Name), "data", "config.toml")!;

    /// <summary>The agent's config.toml read as openab's loader reads TOML.</summary>
    public static TomlTable Toml(Output output) => TomlSerializer.Deserialize<TomlTable>(ConfigToml(output))!;

    /// <summary>A table of config.toml (`discord`, `slack`, `agent`, `reactions`), which must be there.</summary>
    public static TomlTable Table(Output output, string table)
    {
        var toml = Toml(output);
        Assert.True(toml.ContainsKey(table), $"config.toml has no [{table}]:\n{ConfigToml(output)}");
        return (TomlTable)toml[table];
    }

    /// <summary>A TOML array of strings, as a C# array.</summary>
    public static string[] Strings(TomlTable table, string key) => ((TomlArray)table[key]).Select(v => (string)v!).ToArray();

    /// <summary>The agent container of the Deployment.</summary>
    public static YamlMappingNode AgentContainer(Output output) =>
        Output.Seq(output.Single("Deployment", Name), "spec", "template", "spec", "containers").Single(c => Output.Str(c, "name") == "openab");

    /// <summary>The volumes of the Deployment's pod.</summary>
    public static IEnumerable<YamlMappingNode> Volumes(Output output) =>
        Output.Seq(output.Single("Deployment", Name), "spec", "template", "spec", "volumes");
}
