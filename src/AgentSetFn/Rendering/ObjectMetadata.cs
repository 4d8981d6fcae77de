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
        { "ConfigMap", "Secret", "Deployment", "NetworkPolicy", "Service", AgentObjects.ExternalSecretKind };

    /// <summary>
    /// Whether a file named <paramref name="fileName"/> (without .yaml) in an agent's directory is
    /// where the function puts an object of this kind (see <see cref="GeneratedObject.RelativePath"/>):
    /// the kind in lower case; one of the file names of its own <see cref="AgentObjects.OwnFileNames"/>
    /// gives (externalsecret-s3, deployment-gateway...); or, for the kinds an agent can have several
    /// of, the kind in lower case, '-' and a suffix of Secret-key characters: one ExternalSecret per
    /// secret value fetched (`externalsecret-&lt;key&gt;`), and the Secret of another pod's inline
    /// values (`secret-gateway`, see <see cref="AgentObjects.OwnSecrets"/>).
    /// </summary>
    public static bool IsFileOf(string kind, string fileName)
    {
        if (!Kinds.Contains(kind)) return false;
        var own = kind.ToLowerInvariant();
        if (string.Equals(fileName, own, StringComparison.Ordinal) || AgentObjects.OwnFileNames(kind).Contains(fileName, StringComparer.Ordinal)) return true;
        return kind is "Secret" or AgentObjects.ExternalSecretKind
            && fileName.Length > own.Length + 1 && fileName.StartsWith(own + "-", StringComparison.Ordinal)
            && fileName[(own.Length + 1)..].All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.');
    }

    public static Dictionary<string, string> Labels(ResolvedAgent agent)
    {
        var labels = AgentObjects.SelectorLabels(agent);
        labels[AgentObjects.ManagedByLabel] = "agentset";
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
