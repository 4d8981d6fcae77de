using AgentSetFn.Api;
using AgentSetFn.Layout;
using k8s.Models;

namespace AgentSetFn.Rendering;

/// <summary>
/// The agent's own ServiceAccount (persistence.s3.serviceAccount with create): one per agent, so
/// each agent's IAM role (IRSA's annotation, or an EKS Pod Identity association) reaches only its
/// own S3 prefix. It carries no API token: nothing in the pod talks to the API server.
/// </summary>
internal static class ServiceAccountRenderer
{
    public const string Kind = "ServiceAccount";

    public static V1ServiceAccount? Render(ResolvedAgent agent)
    {
        if (agent.StorageIdentity is not { Create: true } identity) return null;
        var metadata = ObjectMetadata.For(agent, identity.ServiceAccount);
        // The user's annotations first; the function's own (its ownership, IRSA's role) win.
        var annotations = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in identity.Annotations) annotations[key] = value;
        foreach (var (key, value) in metadata.Annotations) annotations[key] = value;
        if (identity is { Mode: StorageIdentityMode.Irsa, RoleArn: { } role }) annotations[AwsIdentity.RoleArnAnnotation] = role;
        metadata.Annotations = annotations;
        return new V1ServiceAccount
        {
            ApiVersion = "v1",
            Kind = Kind,
            Metadata = metadata,
            AutomountServiceAccountToken = false,
        };
    }
}
