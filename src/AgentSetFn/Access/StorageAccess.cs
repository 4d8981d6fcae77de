using System.Text.Json.Nodes;
using AgentSetFn.Api;

namespace AgentSetFn.Access;

/// <summary>
/// One agent's storage access, as `agentset policy` and the checklist print it: where its login
/// is kept, who reaches it (its own ServiceAccount and role, or the keys' Secret), and the
/// policy that allows exactly what its restore and backup do.
/// </summary>
/// <param name="Namespace">The ServiceAccount's and Secret's namespace: the set's, else `default`.</param>
/// <param name="ServiceAccount">The agent's own ServiceAccount (persistence.s3.serviceAccount), or null.</param>
/// <param name="CredentialsSecret">The Secret with the keys, or null (the agent's or the node's identity).</param>
internal sealed record StorageAccess(ResolvedAgent Agent, PolicyDialect Dialect, string Bucket, string KeyPrefix, string Namespace,
    StorageIdentity? Identity, string? ServiceAccount, string? CredentialsSecret, JsonObject Policy)
{
    /// <summary>Kubernetes' namespace when an AgentSet names none (kpt and kubectl apply put objects there).</summary>
    public const string DefaultNamespace = "default";

    /// <summary>The name agentset gives the role (IRSA, Pod Identity) or MinIO policy: the agent's objects' name, unless roleArn names one.</summary>
    public string RoleName => Identity?.RoleArn is { } arn ? arn[(arn.LastIndexOf('/') + 1)..] : Agent.Name;

    /// <summary>The role's ARN: as written, or the agent's name in the account of the AWS CLI that runs the setup.</summary>
    public string RoleArn => Identity?.RoleArn ?? $"arn:{StoragePolicy.Partition(Agent, Dialect)}:iam::${{ACCOUNT_ID}}:role/{RoleName}";

    /// <summary>The role's path (`/` unless roleArn has one), for `aws iam create-role --path`.</summary>
    public string RolePath
    {
        get
        {
            if (Identity?.RoleArn is not { } arn) return "/";
            var afterRole = arn[(arn.IndexOf(":role/", StringComparison.Ordinal) + ":role".Length)..];
            return afterRole[..(afterRole.LastIndexOf('/') + 1)];
        }
    }

    /// <summary>The agent's access, or null when it keeps no login in this dialect's store.</summary>
    public static StorageAccess? For(ResolvedAgent agent, PolicyDialect dialect)
    {
        if (!StoragePolicy.Covers(agent, dialect)) return null;
        return new StorageAccess(agent, dialect, agent.S3.Bucket, StoragePolicy.KeyPrefix(agent), agent.Set.Namespace ?? DefaultNamespace,
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
        { Mode: StorageIdentityMode.Irsa } => $"ServiceAccount {Namespace}/{ServiceAccount} (IRSA, role {RoleName})",
        { Mode: StorageIdentityMode.PodIdentity } => $"ServiceAccount {Namespace}/{ServiceAccount} (EKS Pod Identity, role {RoleName})",
        _ when CredentialsSecret is { } secret => $"the keys in Secret {Namespace}/{secret}",
        _ => $"the pod's own identity ({(Agent.PodServiceAccount is { } account ? $"ServiceAccount {Namespace}/{account}" : "the namespace's default ServiceAccount")}, or the node's role)",
    };
}
