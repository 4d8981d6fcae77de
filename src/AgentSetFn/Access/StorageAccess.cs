using System.Text.Json.Nodes;
using AgentSetFn.Api;

namespace AgentSetFn.Access;

/// <summary>
/// One agent's storage access, as `agentset policy` and the checklist print it: where its login
/// is kept, who reaches it (its own ServiceAccount and role, or the keys' Secret), and the
/// policy that allows exactly what its restore and backup do.
/// </summary>
/// <param name="Namespace">The ServiceAccount's and Secret's namespace: the set's, or null when it names none (then the one it is applied in, unknown here).</param>
/// <param name="ServiceAccount">The agent's own ServiceAccount (persistence.s3.serviceAccount), or null.</param>
/// <param name="CredentialsSecret">The Secret with the keys, or null (the agent's or the node's identity).</param>
internal sealed record StorageAccess(ResolvedAgent Agent, PolicyDialect Dialect, string Bucket, string KeyPrefix, string? Namespace,
    StorageIdentity? Identity, string? ServiceAccount, string? CredentialsSecret, JsonObject Policy)
{
    /// <summary>The namespace for people to read: the set's, or kubectl's current one.</summary>
    public string NamespaceShown => Namespace ?? "<current namespace>";

    /// <summary>The agent's access, or null when it keeps no login in this dialect's store.</summary>
    public static StorageAccess? For(ResolvedAgent agent, PolicyDialect dialect)
    {
        if (!StoragePolicy.Covers(agent, dialect)) return null;
        return new StorageAccess(agent, dialect, agent.S3.Bucket, StoragePolicy.KeyPrefix(agent), agent.Set.Namespace is { Length: > 0 } ns ? ns : null,
            agent.StorageIdentity, agent.StorageIdentity?.ServiceAccount,
            agent.S3CredentialsSecret.Length > 0 ? agent.S3CredentialsSecret : null,
            StoragePolicy.Document([agent], dialect));
    }

    /// <summary>Every covered agent of the sets, by set, then agent name.</summary>
    public static IReadOnlyList<StorageAccess> Of(IEnumerable<ResolvedAgent> agents, PolicyDialect dialect) =>
        [.. agents.OrderBy(a => a.Set.Name, StringComparer.Ordinal).ThenBy(a => a.Key, StringComparer.Ordinal)
            .Select(a => For(a, dialect)).OfType<StorageAccess>()];

    /// <summary>How the agent reaches its prefix, in a few words.</summary>
    public string Who => Identity switch
    {
        { Mode: StorageIdentityMode.Irsa, Role: var role } => $"ServiceAccount {NamespaceShown}/{ServiceAccount} (IRSA, role {role.Name})",
        { Mode: StorageIdentityMode.PodIdentity, Role: var role } => $"ServiceAccount {NamespaceShown}/{ServiceAccount} (EKS Pod Identity, role {role.Name})",
        _ when CredentialsSecret is { } secret => $"the keys in Secret {NamespaceShown}/{secret}",
        _ => $"the pod's own identity ({(Agent.PodServiceAccount is { } account ? $"ServiceAccount {NamespaceShown}/{account}" : "the namespace's default ServiceAccount")}, or the node's role)",
    };
}
