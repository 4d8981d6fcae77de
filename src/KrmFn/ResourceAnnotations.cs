using YamlDotNet.RepresentationModel;

namespace KrmFn;

/// <summary>metadata.annotations of a resource held as YAML nodes.</summary>
public static class ResourceAnnotations
{
    public const string PathAnnotation = "config.kubernetes.io/path";
    public const string IndexAnnotation = "config.kubernetes.io/index";
    public const string InternalPathAnnotation = "internal.config.kubernetes.io/path";
    public const string InternalIndexAnnotation = "internal.config.kubernetes.io/index";

    /// <summary>The annotations mapping, or null when the resource has none.</summary>
    public static YamlMappingNode? Of(YamlMappingNode resource) =>
        resource.Children.TryGetValue("metadata", out var metadata) && metadata is YamlMappingNode m
        && m.Children.TryGetValue("annotations", out var annotations) ? annotations as YamlMappingNode : null;

    /// <summary>A scalar of metadata (name, namespace), or null when missing.</summary>
    public static string? Metadata(YamlMappingNode resource, string key) =>
        resource.Children.TryGetValue("metadata", out var metadata) && metadata is YamlMappingNode m
            ? ResourceListIo.ScalarValue(m, key) : null;

    public static string? Get(YamlMappingNode resource, string key) =>
        Of(resource) is { } annotations ? ResourceListIo.ScalarValue(annotations, key) : null;

    /// <summary>The annotations mapping, creating metadata and annotations when missing.</summary>
    public static YamlMappingNode Ensure(YamlMappingNode resource)
    {
        if (!resource.Children.TryGetValue("metadata", out var metadata))
        {
            metadata = new YamlMappingNode();
            resource.Add("metadata", metadata);
        }
        var m = (YamlMappingNode)metadata;
        if (!m.Children.TryGetValue("annotations", out var annotations))
        {
            annotations = new YamlMappingNode();
            m.Add("annotations", annotations);
        }
        return (YamlMappingNode)annotations;
    }
}
