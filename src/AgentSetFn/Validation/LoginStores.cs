using AgentSetFn.Api;
using KrmFn;

namespace AgentSetFn.Validation;

/// <summary>
/// Each agent keeps its login in an S3 location of its own. Two agents at one location, or one
/// inside the other's, would restore each other's files and back their own up over them: the
/// agents log each other out, or one runs as the other's account. The same for one
/// PersistentVolumeClaim mounted as two agents' home (existingClaim). Checked within one AgentSet
/// and across the AgentSets a run sees (<see cref="AgentSetsTogether"/>).
/// </summary>
internal static class LoginStores
{
    public static IEnumerable<AgentConflict> Conflicts(IReadOnlyList<ResolvedAgent> agents, Func<ResolvedAgent, string> name)
    {
        // By location: the first agent there; by each prefix above a location: the first agent below it.
        // Looking up a prefix and the prefixes above it keeps the check linear in the agents.
        var at = new Dictionary<S3Location, ResolvedAgent>();
        var below = new Dictionary<S3Location, ResolvedAgent>();
        foreach (var agent in agents)
        {
            if (agent.S3Location is not { } location) continue;
            var above = Above(location).ToList();
            // One error per agent, naming the first agent it meets: enough to act on.
            var first = at.GetValueOrDefault(location)
                ?? above.Select(a => at.GetValueOrDefault(a)).FirstOrDefault(a => a is not null)
                ?? below.GetValueOrDefault(location);
            if (first is not null)
                yield return new(first, agent, "persistence.s3", Message(first, first.S3Location!, agent, location, name));
            at.TryAdd(location, agent);
            foreach (var a in above) below.TryAdd(a, agent);
        }

        // A PersistentVolumeClaim mounted as the home is a login store too.
        var claims = new Dictionary<(string Namespace, string Claim), ResolvedAgent>();
        foreach (var agent in agents)
        {
            if (agent.Definition.Persistence.ExistingClaim is not { Length: > 0 } claim) continue;
            var key = (agent.Set.Namespace ?? "", claim);
            if (!claims.TryAdd(key, agent))
                yield return new(claims[key], agent, "persistence.existingClaim",
                    $"agents `{name(claims[key])}` and `{name(agent)}` both mount PersistentVolumeClaim `{claim}` as their home: " +
                    "each would overwrite the other's login; give each agent a claim of its own");
        }
    }

    /// <summary>The locations whose prefix holds this one's: team/a/b is under team/a, team and the bucket's root.</summary>
    private static IEnumerable<S3Location> Above(S3Location location)
    {
        for (var slash = location.Prefix.LastIndexOf('/'); slash >= 0; slash = location.Prefix.LastIndexOf('/', slash - 1))
        {
            yield return location with { Prefix = location.Prefix[..slash] };
            if (slash == 0) break;
        }
        if (location.Prefix.Length > 0) yield return location with { Prefix = "" };
    }

    private static string Message(ResolvedAgent first, S3Location firstLocation, ResolvedAgent agent, S3Location location, Func<ResolvedAgent, string> name)
    {
        string Uri(S3Location l) => $"s3://{l.Bucket}/{l.Prefix}";
        var where = location.Prefix == firstLocation.Prefix
            ? $"in the same place, {Uri(location)}"
            : S3Location.Below(location.Prefix, firstLocation.Prefix)
                ? $"one inside the other: {Uri(location)} (`{name(agent)}`) is inside {Uri(firstLocation)} (`{name(first)}`)"
                : $"one inside the other: {Uri(location)} (`{name(agent)}`) contains {Uri(firstLocation)} (`{name(first)}`)";
        var store = agent.S3.Endpoint.Length == 0 ? "on AWS" : $"at {UrlText.Describe(agent.S3.Endpoint, "the endpoint")}";
        return $"agents `{name(first)}` and `{name(agent)}` keep their logins {where} {store}: each pod would restore the other's files " +
            "and back its own up over them; give each agent a prefix of its own, neither inside the other " +
            $"(leaving prefix out gives {agent.Set.Name}/<agent>)";
    }
}
