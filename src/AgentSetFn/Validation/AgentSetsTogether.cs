using AgentSetFn.Api;
using KrmFn;

namespace AgentSetFn.Validation;

/// <summary>Two agents that must not share something: <see cref="Agent"/>'s <see cref="Field"/> meets <see cref="First"/>'s.</summary>
internal sealed record AgentConflict(ResolvedAgent First, ResolvedAgent Agent, string Field, string Message);

/// <summary>
/// What one agent writes or reads must not be another's: its login's place (<see cref="LoginStores"/>),
/// its ServiceAccount and IAM role (<see cref="StorageIdentityChecks"/>). The same checks run on one
/// AgentSet's agents (the validator) and on every agent of every AgentSet a run sees together
/// (<see cref="Across"/>), since a bucket, a namespace's ServiceAccounts and an account's roles do not
/// stop at an AgentSet.
/// </summary>
internal static class AgentSetsTogether
{
    public static IEnumerable<AgentConflict> Conflicts(IReadOnlyList<ResolvedAgent> agents, Func<ResolvedAgent, string> name) =>
        LoginStores.Conflicts(agents, name).Concat(StorageIdentityChecks.Conflicts(agents, name));

    /// <summary>
    /// The conflicts between agents of different AgentSets (those within one are the validator's),
    /// each an error on the later agent's AgentSet. Agents are named as set/agent and their file.
    /// </summary>
    public static List<KrmResult> Across(IReadOnlyList<ValidatedAgentSet> sets)
    {
        if (sets.Count < 2) return [];
        var agents = sets.SelectMany(s => s.Agents).ToList();
        static string Name(ResolvedAgent a) => a.Set.Source.Path is { } file ? $"{a.Set.Name}/{a.Key}` in `{file}" : $"{a.Set.Name}/{a.Key}";
        var results = new List<KrmResult>();
        foreach (var conflict in Conflicts(agents, Name).Where(c => !ReferenceEquals(c.First.Set, c.Agent.Set)))
        {
            var set = conflict.Agent.Set;
            var diagnostics = new Diagnostics(set.Source, AgentSetReader.Reference(set.Name, set.Namespace));
            diagnostics.Error($"spec.agents.{conflict.Agent.Key}.{conflict.Field}", conflict.Message);
            results.AddRange(diagnostics.Results);
        }
        return results;
    }
}
