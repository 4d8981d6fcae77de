using System.Text.RegularExpressions;
using AgentSetFn.Api;
using AgentSetFn.Layout;

namespace AgentSetFn.Validation;

/// <summary>
/// persistence.s3.serviceAccount: the agent's own AWS identity. It replaces the keys (never both),
/// works with AWS only, reaches the AWS CLI containers only (so never the agent's preStop
/// backup), and is the agent's alone: two agents on one ServiceAccount would share one role, and
/// each could read the other's login.
/// </summary>
internal static partial class StorageIdentityChecks
{
    // An IAM role ARN in any partition: a 12-digit account, an optional path, the role's name.
    [GeneratedRegex(@"\Aarn:aws(-cn|-us-gov)?:iam::[0-9]{12}:role/([\x21-\x7e]+/)?[A-Za-z0-9+=,.@_-]{1,64}\z")]
    private static partial Regex RoleArn();

    [GeneratedRegex(@"\A[0-9]+\.[0-9]+\.[0-9]+\z")]
    private static partial Regex ReleaseTag();

    public static void Validate(ResolvedAgent agent, string path, Diagnostics diagnostics)
    {
        var s3 = agent.S3;
        if (s3.ServiceAccount is not { } account) return;
        var where = $"{path}.persistence.s3.serviceAccount";
        if (!s3.Enabled)
        {
            diagnostics.Warning(where, "s3.enabled is false: no ServiceAccount is rendered and no identity is wired");
            return;
        }
        if (!string.IsNullOrEmpty(s3.CredentialsSecret) || s3.CredentialsExternalSecret is not null)
        {
            var keys = s3.CredentialsExternalSecret is not null ? "credentialsExternalSecret" : "credentialsSecret";
            diagnostics.Error(where, $"the agent's own identity and static keys ({keys}) are exclusive: remove {keys} (the role replaces the keys) or serviceAccount");
        }
        if (!AwsPartition.IsAws(s3.Endpoint))
            diagnostics.Error(where, $"is an AWS identity (IRSA or EKS Pod Identity); the S3-compatible store at `{s3.Endpoint}` takes keys: use credentialsSecret");
        if (s3.Backup == BackupMode.PreStop)
            diagnostics.Error($"{path}.persistence.s3.backup", "`preStop` runs the final backup in the agent's own container, which never gets the identity's token: use `sidecar` with serviceAccount");

        if (account.RoleArn is { } arn && !RoleArn().IsMatch(arn))
            diagnostics.Error($"{where}.roleArn", $"`{arn}` is not an IAM role ARN (arn:aws:iam::<12-digit account>:role/<name>)");
        // A role lives in one partition and reaches buckets of that partition only (the policy's ARNs follow the region).
        else if (account.RoleArn is { } roleArn && AwsPartition.OfArn(roleArn) is { } rolePartition
                 && AwsPartition.OfRegion(agent.S3Region) is var bucketPartition && rolePartition != bucketPartition)
            diagnostics.Error($"{where}.roleArn", $"is a role of AWS partition {rolePartition.Name}, and the bucket is in {bucketPartition.Name} "
                + $"(region `{agent.S3Region ?? "AWS's default"}`): a role reaches its own partition's buckets only; use a role of {bucketPartition.Name}, or set region");
        else if (account is { Mode: StorageIdentityMode.Irsa, RoleArn: null })
            diagnostics.Error($"{where}.roleArn", "is required with identity `irsa`: the IAM role the ServiceAccount's token is exchanged for");

        if (account.Name is { } name && !AgentSetValidator.IsDns1123Subdomain(name))
            diagnostics.Error($"{where}.name", $"`{name}` is not a valid ServiceAccount name");
        if (!string.IsNullOrEmpty(agent.Definition.ServiceAccountName))
            diagnostics.Error($"{path}.serviceAccountName", "the pod runs as persistence.s3.serviceAccount's ServiceAccount: remove serviceAccountName (or name that ServiceAccount with serviceAccount.name and create: false)");

        foreach (var (key, _) in account.Annotations)
        {
            if (key == AwsIdentity.RoleArnAnnotation)
                diagnostics.Error($"{where}.annotations.{key}", "is set by the function from roleArn: set roleArn instead");
            else
                KubernetesLimits.CheckAnnotationKey(key, $"{where}.annotations.{key}", diagnostics);
        }
        if (agent.Definition.PodAnnotations.Any(kv => kv.Key == AwsIdentity.SkipContainersAnnotation))
            diagnostics.Error($"{path}.podAnnotations.{AwsIdentity.SkipContainersAnnotation}",
                "is set by the function with serviceAccount: the webhook must leave every container alone, since the restore and backup containers get the token from the function");

        // The container credential provider reads a token file from AWS CLI 2.15.0 on; a digest or another tag cannot be told apart.
        if (account.Mode == StorageIdentityMode.PodIdentity && agent.AwsCliImage.Tag is { } tag && ReleaseTag().IsMatch(tag)
            && Version.TryParse(tag, out var release) && release < AwsIdentity.PodIdentityMinimumCli)
        {
            diagnostics.Error($"{path}.persistence.s3.image.tag",
                $"EKS Pod Identity needs AWS CLI {AwsIdentity.PodIdentityMinimumCli} or later, and the image is `{agent.AwsCliImage.Text}`: set image.tag to a release from {AwsIdentity.PodIdentityMinimumCli} on, or use identity `irsa`");
        }
    }

    /// <summary>
    /// Each agent with an identity has a ServiceAccount and an IAM role of its own, and no other pod
    /// runs as that ServiceAccount: a shared one would reach both agents' prefixes. Within one
    /// AgentSet, or across the AgentSets a run sees (<see cref="AgentSetsTogether"/>).
    /// </summary>
    public static IEnumerable<AgentConflict> Conflicts(IReadOnlyList<ResolvedAgent> agents, Func<ResolvedAgent, string> name)
    {
        const string field = "persistence.s3.serviceAccount";
        var accounts = new Dictionary<(string Namespace, string Name), ResolvedAgent>();
        var roles = new Dictionary<string, ResolvedAgent>(StringComparer.Ordinal);
        foreach (var agent in agents)
        {
            if (agent.StorageIdentity is not { } identity) continue;
            if (!accounts.TryAdd((agent.Set.Namespace ?? "", identity.ServiceAccount), agent))
            {
                var first = accounts[(agent.Set.Namespace ?? "", identity.ServiceAccount)];
                yield return new(first, agent, field,
                    $"agents `{name(first)}` and `{name(agent)}` both run as ServiceAccount `{identity.ServiceAccount}`: one role would reach both prefixes; give each agent its own");
            }
            if (!roles.TryAdd(identity.Role.Key, agent))
            {
                var first = roles[identity.Role.Key];
                yield return new(first, agent, identity.RoleArn is null ? field : $"{field}.roleArn",
                    $"agents `{name(first)}` and `{name(agent)}` both assume IAM role `{identity.Role.Name}`: one role would reach both prefixes; give each agent a role of its own");
            }
        }
        // A pod that names an identity's ServiceAccount gets that identity's role (the webhook injects it).
        foreach (var agent in agents)
        {
            if (agent.StorageIdentity is not null || agent.Definition.ServiceAccountName is not { Length: > 0 } account) continue;
            if (accounts.TryGetValue((agent.Set.Namespace ?? "", account), out var owner))
                yield return new(owner, agent, "serviceAccountName",
                    $"`{account}` is the ServiceAccount of agent `{name(owner)}`'s identity: agent `{name(agent)}` would run with its role and reach its prefix; name another ServiceAccount");
        }
    }
}
