using AgentSetFn.Api;
using AgentSetFn.Layout;
using k8s.Models;

namespace AgentSetFn.Rendering;

/// <summary>Names, labels and annotations every generated object of an agent shares.</summary>
internal static class ObjectMetadata
{
    /// <summary>Names the AgentSet that owns a generated object: &lt;namespace&gt;/&lt;set&gt;.</summary>
    public const string OwnedByAnnotation = AgentObjects.OwnedByAnnotation;
    public const string AgentAnnotation = AgentObjects.AgentAnnotation;

    public static string Owner(AgentSetDefinition set) => $"{set.Namespace ?? ""}/{set.Name}";

    /// <summary>The kinds an agent's objects have.</summary>
    public static readonly IReadOnlySet<string> Kinds = new HashSet<string>(StringComparer.Ordinal)
        { "ConfigMap", "Secret", "Deployment", "NetworkPolicy", "Service", ServiceAccountRenderer.Kind, AgentObjects.ExternalSecretKind };

    /// <summary>
    /// Whether a file named <paramref name="fileName"/> (without .yaml) in an agent's directory is
    /// where the function puts an object of this kind (see <see cref="GeneratedObject.RelativePath"/>):
    /// the kind in lower case, or one of the file names of its own <see cref="AgentObjects.OwnFileNames"/>
    /// gives (externalsecret-s3, deployment-gateway, secret-gateway, externalsecret-&lt;key&gt;...); any
    /// other name is not the function's, so a copy such as secret-old.yaml is never replaced or removed.
    /// </summary>
    public static bool IsFileOf(string kind, string fileName) =>
        Kinds.Contains(kind)
        && (string.Equals(fileName, kind.ToLowerInvariant(), StringComparison.Ordinal) || AgentObjects.OwnFileNames(kind).Contains(fileName, StringComparer.Ordinal));

    public static Dictionary<string, string> Labels(ResolvedAgent agent)
    {
        var labels = AgentObjects.SelectorLabels(agent);
        labels[AgentObjects.ManagedByLabel] = "agentset";
        return labels;
    }

    public static V1ObjectMeta For(ResolvedAgent agent) => For(agent, agent.Name);

    /// <summary>The metadata of an agent's object of another name (its Secrets, ServiceAccount, Services...).</summary>
    public static V1ObjectMeta For(ResolvedAgent agent, string name) => new()
    {
        Name = name,
        NamespaceProperty = agent.Set.Namespace,
        Labels = Labels(agent),
        Annotations = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [AgentAnnotation] = agent.Key,
            [OwnedByAnnotation] = Owner(agent.Set),
        },
    };
}
