using AgentSetFn.Api;
using KrmFn;
using AgentSetFn.Layout;

namespace AgentSetFn.Validation;

/// <summary>
/// No two agents write one object: every kind and name an agent renders, and every Secret an
/// ExternalSecret of it makes the operator write, is its own. All of one AgentSet's objects
/// share its namespace, so kind and name identify them. Names are built from the agent's
/// (agent `x` writes Secret &lt;set&gt;-x-discord through an ExternalSecret, agent `x-discord`
/// writes &lt;set&gt;-x-discord for its inline token) or set by nameOverride, so they can meet.
/// </summary>
internal static class GeneratedNames
{
    public static void Validate(IReadOnlyList<ResolvedAgent> agents, Diagnostics diagnostics)
    {
        var writers = new Dictionary<(string Kind, string Name), string>();
        foreach (var agent in agents)
        {
            var writes = AgentObjects.Writes(agent).Distinct().ToList();
            // One error per pair of agents, listing every object they share.
            foreach (var group in writes.Where(writers.ContainsKey).GroupBy(w => writers[w], StringComparer.Ordinal))
            {
                var objects = group.Select(w => $"{w.Kind} `{w.Name}`").ToList();
                var list = objects.Count == 1 ? objects[0] : string.Join(", ", objects[..^1]) + " and " + objects[^1];
                diagnostics.Error($"spec.agents.{agent.Key}",
                    $"agents `{group.Key}` and `{agent.Key}` both write {list}: one would overwrite the other's. " +
                    "An agent writes objects named <set>-<agent> (or its nameOverride), and <name>-discord and <name>-s3 for its ExternalSecrets; " +
                    "rename an agent or change its nameOverride");
            }
            foreach (var write in writes) writers.TryAdd(write, agent.Key);
        }
    }
}
