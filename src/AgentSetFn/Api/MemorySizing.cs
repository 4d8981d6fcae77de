using System.Globalization;
using k8s.Models;

namespace AgentSetFn.Api;

/// <summary>
/// Memory derived from the session pool when an agent's resources are empty: the request
/// holds the broker and one session (an idle or one-conversation agent), the limit holds the
/// broker and every session of the pool busy at once, so a full pool is never OOM-killed.
/// </summary>
/// <param name="SessionMiB">One session's footprint, from the CLI table.</param>
internal sealed record DerivedMemory(int RequestMiB, int LimitMiB, int SessionMiB, int Sessions, KnownCli Cli)
{
    public static DerivedMemory? For(KnownCli? cli, PoolSettings pool) => cli is null
        ? null
        : new DerivedMemory(
            Pinned.BrokerMemoryMiB + cli.SessionMemoryMiB,
            Pinned.BrokerMemoryMiB + pool.MaxSessions * cli.SessionMemoryMiB,
            cli.SessionMemoryMiB,
            pool.MaxSessions,
            cli);

    public string Request => Mi(RequestMiB);
    public string Limit => Mi(LimitMiB);

    /// <summary>Memory only: CPU has no per-session figure to derive it from.</summary>
    public V1ResourceRequirements ToResources() => new()
    {
        Requests = new Dictionary<string, ResourceQuantity>(StringComparer.Ordinal) { ["memory"] = new(Request) },
        Limits = new Dictionary<string, ResourceQuantity>(StringComparer.Ordinal) { ["memory"] = new(Limit) },
    };

    private static string Mi(int mebibytes) => mebibytes.ToString(CultureInfo.InvariantCulture) + "Mi";
}
