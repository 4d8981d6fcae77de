using AgentSetFn.Api;
using AgentSetFn.Layout;
using k8s.Models;

namespace AgentSetFn.Rendering;

/// <summary>The agent's ConfigMap: openab's config.toml and, when set, AGENTS.md.</summary>
internal static class ConfigMapRenderer
{
    public static V1ConfigMap Render(ResolvedAgent agent) => new()
    {
        ApiVersion = "v1",
        Kind = "ConfigMap",
        Metadata = ObjectMetadata.For(agent),
        Data = AgentObjects.ConfigData(agent),
    };
}
