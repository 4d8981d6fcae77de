using AgentSetFn.Api;
using AgentSetFn.Layout;
using k8s.Models;

namespace AgentSetFn.Rendering;

/// <summary>The agent's own Secret, rendered only when a token is written inline.</summary>
internal static class SecretRenderer
{
    public static V1Secret? Render(ResolvedAgent agent)
    {
        if (agent.InlineTokens.Count == 0) return null;
        var metadata = ObjectMetadata.For(agent);
        metadata.Name = agent.OwnSecretName;
        return new V1Secret
        {
            ApiVersion = "v1",
            Kind = "Secret",
            Metadata = metadata,
            Type = "Opaque",
            Data = AgentObjects.SecretData(agent),
        };
    }
}
