using AgentSetFn.Api;
using AgentSetFn.Krm;
using AgentSetFn.Rendering;
using AgentSetFn.Validation;
using YamlDotNet.RepresentationModel;

namespace AgentSetFn;

/// <summary>What one run produces: the items to write back and the results to report.</summary>
internal sealed record FunctionOutput(IReadOnlyList<YamlNode> Items, IReadOnlyList<KrmResult> Results)
{
    public bool Failed => Results.Any(r => r.Severity == Severity.Error);
}

/// <summary>The rendering of one AgentSet: objects on success, results always.</summary>
internal sealed record AgentSetRendering(
    AgentSetDefinition? Set,
    IReadOnlyList<GeneratedObject> Objects,
    IReadOnlyList<KrmResult> Results)
{
    public bool Failed => Results.Any(r => r.Severity == Severity.Error);
}

/// <summary>
/// The function's pure core, no I/O: read -> validate -> render, and for a ResourceList the
/// KRM contract around it (keep foreign items, replace owned ones, never half-write).
/// </summary>
internal static class AgentSetFunction
{
    public const string PathAnnotation = "config.kubernetes.io/path";
    public const string IndexAnnotation = "config.kubernetes.io/index";
    public const string InternalPathAnnotation = "internal.config.kubernetes.io/path";
    public const string InternalIndexAnnotation = "internal.config.kubernetes.io/index";

    /// <summary>Reads, validates and renders one AgentSet resource.</summary>
    public static AgentSetRendering Render(YamlMappingNode resource, SourceLocation source)
    {
        var (definition, diagnostics) = AgentSetReader.Read(resource, source);
        if (definition is null) return new AgentSetRendering(null, [], diagnostics.Results);

        var agents = definition.Agents.Select(a => ResolvedAgent.Resolve(definition, a)).ToList();
        AgentSetValidator.Validate(definition, agents, diagnostics);
        if (diagnostics.HasErrors) return new AgentSetRendering(definition, [], diagnostics.Results);

        return new AgentSetRendering(definition, AgentSetRenderer.Render(agents), diagnostics.Results);
    }

    /// <summary>
    /// KRM mode: the functionConfig is the AgentSet. On any error the input items come back
    /// untouched with the results; otherwise the items this AgentSet owned are replaced by the
    /// newly rendered ones and every other item passes through as the same YAML node.
    /// </summary>
    public static FunctionOutput Run(ResourceList input)
    {
        if (input.FunctionConfig is not { } config)
        {
            return new FunctionOutput(input.Items,
                [new KrmResult(Severity.Error, $"no functionConfig: pass an {AgentSetReader.Kind} ({AgentSetReader.ApiVersion}) as the function's config, e.g. `kpt fn eval --exec agentset --fn-config agentset.yaml`")]);
        }
        var kind = ResourceListIo.ScalarValue(config, "kind");
        if (kind != AgentSetReader.Kind)
        {
            return new FunctionOutput(input.Items,
                [new KrmResult(Severity.Error, $"the functionConfig is a {kind ?? "resource without a kind"}; this function needs an {AgentSetReader.Kind} ({AgentSetReader.ApiVersion}): pass the AgentSet file with --fn-config (key=value arguments are not supported)", "kind")]);
        }

        var rendering = Render(config, SourceOf(config));
        if (rendering.Failed || rendering.Set is null) return new FunctionOutput(input.Items, rendering.Results);

        var owner = ObjectMetadata.Owner(rendering.Set);
        var directory = OutputDirectory(config, rendering.Set);
        var items = input.Items.Where(item => OwnerOf(item) != owner).ToList();
        items.AddRange(rendering.Objects.Select(o => ToItem(o, $"{directory}{o.Agent}/{o.Kind.ToLowerInvariant()}.yaml")));
        return new FunctionOutput(items, rendering.Results);
    }

    /// <summary>A generated object as a YAML node; with a path, annotated for kpt and kustomize.</summary>
    public static YamlMappingNode ToItem(GeneratedObject generated, string? path)
    {
        var node = (YamlMappingNode)YamlJson.ToYaml(generated.Json);
        if (path is null) return node;
        var metadata = (YamlMappingNode)node.Children["metadata"];
        if (!metadata.Children.TryGetValue("annotations", out var annotationsNode))
        {
            annotationsNode = new YamlMappingNode();
            metadata.Add("annotations", annotationsNode);
        }
        var annotations = (YamlMappingNode)annotationsNode;
        // Each object is the only document of its file, so its index is 0.
        annotations.Add(PathAnnotation, YamlJson.StringNode(path));
        annotations.Add(IndexAnnotation, YamlJson.StringNode("0"));
        annotations.Add(InternalPathAnnotation, YamlJson.StringNode(path));
        annotations.Add(InternalIndexAnnotation, YamlJson.StringNode("0"));
        return node;
    }

    /// <summary>Where generated files go: &lt;directory of the AgentSet file&gt;/&lt;set name&gt;/.</summary>
    private static string OutputDirectory(YamlMappingNode config, AgentSetDefinition set)
    {
        var path = SourceOf(config).Path;
        var slash = path?.LastIndexOf('/') ?? -1;
        var parent = slash < 0 ? "" : path![..(slash + 1)];
        return $"{parent}{set.Name}/";
    }

    public static SourceLocation SourceOf(YamlMappingNode resource)
    {
        var annotations = Annotations(resource);
        string? Get(string key) => annotations is null ? null : ResourceListIo.ScalarValue(annotations, key);
        var path = Get(InternalPathAnnotation) ?? Get(PathAnnotation);
        var indexText = Get(InternalIndexAnnotation) ?? Get(IndexAnnotation);
        int? index = int.TryParse(indexText, System.Globalization.CultureInfo.InvariantCulture, out var i) ? i : null;
        return new SourceLocation(path, index);
    }

    private static string? OwnerOf(YamlNode item) =>
        item is YamlMappingNode mapping && Annotations(mapping) is { } annotations
            ? ResourceListIo.ScalarValue(annotations, ObjectMetadata.OwnedByAnnotation)
            : null;

    private static YamlMappingNode? Annotations(YamlMappingNode resource) =>
        resource.Children.TryGetValue("metadata", out var metadata) && metadata is YamlMappingNode m
        && m.Children.TryGetValue("annotations", out var annotations) ? annotations as YamlMappingNode : null;
}
