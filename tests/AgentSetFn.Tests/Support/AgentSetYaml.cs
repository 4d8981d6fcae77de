namespace AgentSetFn.Tests.Support;

/// <summary>
/// The pieces of the AgentSets that tests write inline, so each test spells out only what it
/// is about: the head of AgentSet `team`, a Discord section, builders for one agent, for agents
/// written one per line and for Discord agents by name, and the kiro fixture with fields added.
/// </summary>
internal static class AgentSetYaml
{
    /// <summary>The lines before an AgentSet's spec body: AgentSet `team`, up to `spec:`.</summary>
    public const string Head = "apiVersion: agentset.dev/v1alpha1\nkind: AgentSet\nmetadata: {name: team}\nspec:\n";

    /// <summary><see cref="Head"/> in namespace `agents`.</summary>
    public const string HeadInNamespace = "apiVersion: agentset.dev/v1alpha1\nkind: AgentSet\nmetadata: {name: team, namespace: agents}\nspec:\n";

    /// <summary>An agent's Discord section (at an agent's six-space indent): the token from Secret `discord`, one channel.</summary>
    public const string DiscordFromSecret = """
              discord:
                botTokenSecretRef: {name: discord, key: token}
                allowedChannels: ["123456789012345678"]

        """;

    /// <summary>
    /// AgentSet `team` with one agent: <see cref="DiscordFromSecret"/>, then
    /// <paramref name="agentLines"/> (six spaces in), then its home on claim `&lt;name&gt;-home`;
    /// <paramref name="specLines"/> (two spaces in) come before spec.agents.
    /// </summary>
    public static string OneAgent(string name, string agentLines = "", string specLines = "") =>
        Head + Lines(specLines) + $"  agents:\n    {name}:\n" + DiscordFromSecret + Lines(agentLines)
        + $"      persistence:\n        existingClaim: {name}-home\n";

    private static string Lines(string lines) => lines.Length == 0 || lines.EndsWith('\n') ? lines : lines + "\n";

    /// <summary>An AgentSet `team` with the given spec.defaults fields (a flow mapping's body) and agents (name: flow mapping).</summary>
    public static string Team(string defaults, params string[] agents) =>
        Head
        + (defaults.Length == 0 ? "" : $"  defaults: {{{defaults}}}\n")
        + "  agents:\n" + string.Concat(agents.Select(a => $"    {a}\n"));

    /// <summary>spec.agents with one agent per name, its Discord token from Secret `t` under the agent's name, and one channel.</summary>
    public static string DiscordAgents(IEnumerable<string> names, string channel = "123456789012345678") =>
        "  agents:\n" + string.Concat(names.Select(a => $"    {a}:\n      discord: {{botTokenSecretRef: {{name: t, key: {a}}}, allowedChannels: [\"{channel}\"]}}\n"));

    /// <summary>The kiro fixture with lines added to its agent (each indented six spaces, ending in a line break).</summary>
    public static string KiroWith(string agentFields)
    {
        const string Command = "      command: kiro-cli\n";
        var kiro = FunctionRunner.Fixture("kiro");
        Assert.Contains(Command, kiro, StringComparison.Ordinal);
        return kiro.Replace(Command, Command + agentFields, StringComparison.Ordinal);
    }
}
