using AgentSetFn.Api;
using k8s.Models;

namespace AgentSetFn.Rendering;

/// <summary>The agent's ConfigMap: openab's config.toml and, when set, AGENTS.md.</summary>
internal static class ConfigMapRenderer
{
    public const string ConfigKey = "config.toml";
    public const string AgentsMdKey = "AGENTS.md";

    public static V1ConfigMap Render(ResolvedAgent agent)
    {
        var data = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [ConfigKey] = OpenabConfigToml.Write(agent),
        };
        if (!string.IsNullOrEmpty(agent.Definition.AgentsMd)) data[AgentsMdKey] = agent.Definition.AgentsMd;
        return new V1ConfigMap
        {
            ApiVersion = "v1",
            Kind = "ConfigMap",
            Metadata = ObjectMetadata.For(agent),
            Data = data,
        };
    }
}
