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
        if (S3Location.StoreOf(s3.Endpoint) != "")
            diagnostics.Error(where, $"is an AWS identity (IRSA or EKS Pod Identity); the S3-compatible store at `{s3.Endpoint}` takes keys: use credentialsSecret");
        if (s3.Backup == BackupMode.PreStop)
            diagnostics.Error($"{path}.persistence.s3.backup", "`preStop` runs the final backup in the agent's own container, which never gets the identity's token: use `sidecar` with serviceAccount");

        if (account.RoleArn is { } arn && !RoleArn().IsMatch(arn))
            diagnostics.Error($"{where}.roleArn", $"`{arn}` is not an IAM role ARN (arn:aws:iam::<12-digit account>:role/<name>)");
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

    /// <summary>Each agent with an identity has a ServiceAccount of its own, so its role reaches its own prefix only.</summary>
    public static void ValidateAcrossAgents(IReadOnlyList<ResolvedAgent> agents, Diagnostics diagnostics)
    {
        var owners = new Dictionary<string, ResolvedAgent>(StringComparer.Ordinal);
        foreach (var agent in agents)
        {
            if (agent.StorageIdentity is not { } identity) continue;
            if (!owners.TryAdd(identity.ServiceAccount, agent))
                diagnostics.Error($"spec.agents.{agent.Key}.persistence.s3.serviceAccount",
                    $"agents `{owners[identity.ServiceAccount].Key}` and `{agent.Key}` both run as ServiceAccount `{identity.ServiceAccount}`: one role would reach both prefixes; give each agent its own");
        }
    }
}
