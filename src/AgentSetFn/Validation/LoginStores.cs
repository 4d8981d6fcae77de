using AgentSetFn.Api;
using AgentSetFn.Krm;

namespace AgentSetFn.Validation;

/// <summary>
/// Each agent keeps its login in an S3 location of its own. Two agents at one location, or one
/// inside the other's, would restore each other's files and back their own up over them: the
/// agents log each other out, or one runs as the other's account. Checked within one AgentSet;
/// another AgentSet's agents are not known here.
/// </summary>
internal static class LoginStores
{
    public static void Validate(IReadOnlyList<ResolvedAgent> agents, Diagnostics diagnostics)
    {
        var seen = new List<(ResolvedAgent Agent, S3Location Location)>();
        foreach (var agent in agents)
        {
            if (agent.S3Location is not { } location) continue;
            // The first agent already there is named; one error per agent is enough to act on.
            if (seen.FirstOrDefault(s => s.Location.Overlaps(location)) is ({ } first, { } other))
                diagnostics.Error($"spec.agents.{agent.Key}.persistence.s3", Message(first, other, agent, location));
            seen.Add((agent, location));
        }
    }

    private static string Message(ResolvedAgent first, S3Location firstLocation, ResolvedAgent agent, S3Location location)
    {
        string Uri(S3Location l) => $"s3://{l.Bucket}/{l.Prefix}";
        var where = location.Prefix == firstLocation.Prefix
            ? $"in the same place, {Uri(location)}"
            : S3Location.Below(location.Prefix, firstLocation.Prefix)
                ? $"one inside the other: {Uri(location)} (`{agent.Key}`) is inside {Uri(firstLocation)} (`{first.Key}`)"
                : $"one inside the other: {Uri(location)} (`{agent.Key}`) contains {Uri(firstLocation)} (`{first.Key}`)";
        var store = agent.S3.Endpoint.Length == 0 ? "on AWS" : $"at {UrlText.Describe(agent.S3.Endpoint, "the endpoint")}";
        return $"agents `{first.Key}` and `{agent.Key}` keep their logins {where} {store}: each pod would restore the other's files " +
            "and back its own up over them; give each agent a prefix of its own, neither inside the other " +
            $"(leaving prefix out gives {agent.Set.Name}/<agent>)";
    }
}
