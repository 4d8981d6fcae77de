using AgentSetFn.Api;
using AgentSetFn.Layout;
using k8s.Models;

namespace AgentSetFn.Rendering;

/// <summary>The Secrets the function writes for inline values (<see cref="AgentObjects.OwnSecrets"/>): none without one.</summary>
internal static class SecretRenderer
{
    /// <summary>The agent's own Secret, rendered only when a token or secret value kept there is written inline.</summary>
    public static V1Secret? Render(ResolvedAgent agent) =>
        AgentObjects.OwnSecrets(agent).FirstOrDefault(s => s.FileName is null) is { } own ? Render(agent, own) : null;

    public static V1Secret Render(ResolvedAgent agent, AgentObjects.OwnSecret secret) => new()
    {
        ApiVersion = "v1",
        Kind = "Secret",
        Metadata = ObjectMetadata.For(agent, secret.Name),
        Type = "Opaque",
        Data = secret.Data,
    };
}
