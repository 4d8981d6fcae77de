using AgentSetFn.Api;
using k8s.Models;

namespace AgentSetFn.Rendering;

/// <summary>Names, labels and annotations every generated object of an agent shares.</summary>
internal static class ObjectMetadata
{
    /// <summary>Names the AgentSet that owns a generated object: &lt;namespace&gt;/&lt;set&gt;.</summary>
    public const string OwnedByAnnotation = "agentset.dev/owned-by";
    public const string AgentAnnotation = "agentset.dev/agent";
    public const string ConfigHashAnnotation = "agentset.dev/config-hash";

    public static string Owner(AgentSetDefinition set) => $"{set.Namespace ?? ""}/{set.Name}";

    /// <summary>The labels the Deployment selects its pod by. Never change for a live agent.</summary>
    public static Dictionary<string, string> SelectorLabels(ResolvedAgent agent) => new(StringComparer.Ordinal)
    {
        ["app.kubernetes.io/name"] = "agentset",
        ["app.kubernetes.io/instance"] = agent.Set.Name,
        ["app.kubernetes.io/component"] = agent.Key,
    };

    public static Dictionary<string, string> Labels(ResolvedAgent agent)
    {
        var labels = SelectorLabels(agent);
        labels["app.kubernetes.io/managed-by"] = "agentset";
        return labels;
    }

    public static V1ObjectMeta For(ResolvedAgent agent) => new()
    {
        Name = agent.Name,
        NamespaceProperty = agent.Set.Namespace,
        Labels = Labels(agent),
        Annotations = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [AgentAnnotation] = agent.Key,
            [OwnedByAnnotation] = Owner(agent.Set),
        },
    };
}
