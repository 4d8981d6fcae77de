using AgentSetFn.Api;
using AgentSetFn.Krm;
using AgentSetFn.Rendering;
using AgentSetFn.Validation;
using YamlDotNet.RepresentationModel;

namespace AgentSetFn;

/// <summary>
/// What one run produces: the items kept from the input (as they were read), the generated
/// ones (written as YAML text one by one as the output is written), and the results.
/// </summary>
internal sealed record FunctionOutput(IReadOnlyList<ResourceItem> Kept, IEnumerable<GeneratedItem> Generated, IReadOnlyList<KrmResult> Results)
{
    public FunctionOutput(IReadOnlyList<ResourceItem> kept, IReadOnlyList<KrmResult> results) : this(kept, [], results) { }

    public bool Failed => KrmResult.AnyErrors(Results);
}

/// <summary>
/// One AgentSet read and validated: the agents to render on success (none on error), results
/// always. Everything that can fail has been checked; rendering cannot, so callers check every
/// AgentSet first and then render and write agent by agent.
/// </summary>
internal sealed record AgentSetRendering(
    AgentSetDefinition? Set,
    IReadOnlyList<ResolvedAgent> Agents,
    IReadOnlyList<KrmResult> Results)
{
    public bool Failed => KrmResult.AnyErrors(Results);

    /// <summary>
    /// The generated objects in output order, rendered as they are enumerated, one agent at a
    /// time: a writer that consumes them as they come holds one agent's objects, not all.
    /// </summary>
    public IEnumerable<GeneratedObject> Objects => AgentSetRenderer.RenderEach(Agents);
}

/// <summary>
/// The function's pure core, no I/O: read -> validate -> render, and for a ResourceList the
/// KRM contract around it (keep foreign items, replace owned ones, never half-write).
/// </summary>
internal static class AgentSetFunction
{
    public const string PathAnnotation = ResourceAnnotations.PathAnnotation;
    public const string IndexAnnotation = ResourceAnnotations.IndexAnnotation;
    public const string InternalPathAnnotation = ResourceAnnotations.InternalPathAnnotation;
    public const string InternalIndexAnnotation = ResourceAnnotations.InternalIndexAnnotation;

    /// <summary>Reads and validates one AgentSet resource, ready to render (see <see cref="AgentSetRendering.Objects"/>).</summary>
    public static AgentSetRendering Render(YamlMappingNode resource, SourceLocation source)
    {
        var (definition, diagnostics) = AgentSetReader.Read(resource, source);
        if (definition is null) return new AgentSetRendering(null, [], diagnostics.Results);

        // enabled: false renders nothing (its objects leave the package); only its shape is checked.
        // In name order, like the rendering, so results too do not depend on the order agents were written.
        var agents = definition.Agents.Where(a => a.Enabled).OrderBy(a => a.Key, StringComparer.Ordinal)
            .Select(a => ResolvedAgent.Resolve(definition, a)).ToList();
        if (agents.Count == 0)
            diagnostics.Warning("spec.agents", "every agent has enabled: false: nothing is rendered");
        AgentSetValidator.Validate(definition, agents, diagnostics);
        // Infos describe what is rendered (derived figures); a failed run renders nothing.
        if (diagnostics.HasErrors)
            return new AgentSetRendering(definition, [], [.. diagnostics.Results.Where(r => r.Severity != Severity.Info)]);

        return new AgentSetRendering(definition, agents, diagnostics.Results);
    }

    /// <summary>
    /// KRM mode: the functionConfig is the AgentSet. On any error the input items come back
    /// untouched with the results; otherwise the items this AgentSet owned are replaced by the
    /// newly rendered ones and every other item passes through as it was read.
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
                [new KrmResult(Severity.Error, $"the functionConfig is a {kind ?? "resource without a kind"}; this function needs an {AgentSetReader.Kind} ({AgentSetReader.ApiVersion}): pass the AgentSet file with --fn-config (key=value arguments are not supported)", "kind", SourceOf(config))]);
        }

        var source = SourceOf(config);
        var rendering = Render(config, source);
        if (rendering.Failed || rendering.Set is null) return new FunctionOutput(input.Items, rendering.Results);

        var set = rendering.Set;
        var owner = ObjectMetadata.Owner(set);
        var directory = ParentDirectory(source.Path);
        var items = input.Items
            .Where(item => item.Resource is not YamlMappingNode m || ResourceAnnotations.Get(m, ObjectMetadata.OwnedByAnnotation) != owner)
            .ToList();
        // All objects are rendered here: the clash check needs every one before anything is written.
        var generated = rendering.Objects.Select(o => (Object: o, Path: directory + o.RelativePath(set))).ToList();

        var clashes = Clashes(items.Select(item => item.Resource), generated, set, source);
        if (clashes.Count > 0) return new FunctionOutput(input.Items, [.. rendering.Results, .. clashes]);

        // Each object's text is made as it is written, so only one is held at a time.
        return new FunctionOutput(items, generated.Select(g => new GeneratedItem(g.Object.Json, ItemAnnotations(g.Path))), rendering.Results);
    }

    /// <summary>
    /// Errors for kept items a generated object would collide with: the same file (kpt refuses
    /// two resources at one path and index, and a user's document would be mixed into a
    /// generated file), or the same kind, namespace and name (two sources for one cluster
    /// object, e.g. set `a` with agent `b-c` and set `a-b` with agent `c`).
    /// </summary>
    private static List<KrmResult> Clashes(IEnumerable<YamlNode> kept, List<(GeneratedObject Object, string Path)> generated,
        AgentSetDefinition set, SourceLocation source)
    {
        var byPath = generated.Select(g => g.Path).ToHashSet(StringComparer.Ordinal);
        var byIdentity = generated.ToDictionary(g => (g.Object.Kind, Namespace: set.Namespace ?? "", g.Object.Name), g => g.Object.Agent);
        // An ExternalSecret makes the operator write a Secret: a Secret of that name in the
        // package would be a second source for it.
        foreach (var (o, _) in generated.Where(g => g.Object.Kind == ExternalSecretRenderer.Kind))
        {
            if (ExternalSecretRenderer.TargetSecret(o.Json) is { } target)
                byIdentity.TryAdd(("Secret", set.Namespace ?? "", target), o.Agent);
        }
        var reference = AgentSetReader.Reference(set.Name, set.Namespace);
        var results = new List<KrmResult>();
        foreach (var item in kept.OfType<YamlMappingNode>())
        {
            var kind = ResourceListIo.ScalarValue(item, "kind") ?? "";
            var name = ResourceAnnotations.Metadata(item, "name") ?? "";
            var otherOwner = ResourceAnnotations.Get(item, ObjectMetadata.OwnedByAnnotation);
            var holder = otherOwner is null ? $"{kind} {name}" : $"{kind} {name} (generated by AgentSet {otherOwner})";
            var path = ResourceAnnotations.Get(item, InternalPathAnnotation) ?? ResourceAnnotations.Get(item, PathAnnotation);
            if (path is not null && byPath.Contains(path))
            {
                results.Add(new KrmResult(Severity.Error,
                    $"`{path}` already holds {holder}, which this AgentSet does not own; set spec.output.directory to a directory of its own (now `{set.FilesDirectory}`)",
                    "spec.output.directory", source, reference));
            }
            else if (byIdentity.TryGetValue((kind, ResourceAnnotations.Metadata(item, "namespace") ?? "", name), out var agent))
            {
                var where = path is null ? "" : $" in `{path}`";
                results.Add(new KrmResult(Severity.Error,
                    $"agent `{agent}` would generate {kind} {name}, but the package already has {holder}{where}; rename the agent or the other object",
                    $"spec.agents.{agent}", source, reference));
            }
        }
        return results;
    }

    /// <summary>A generated object as YAML text; with a path, annotated for kpt and kustomize.</summary>
    public static string ItemText(GeneratedObject generated, string? path) => YamlText.FromJson(generated.Json, ItemAnnotations(path));

    /// <summary>A generated object written as a document; see <see cref="ItemText"/>.</summary>
    public static void WriteItem(TextWriter output, GeneratedObject generated, string? path) =>
        YamlText.Write(output, generated.Json, ItemAnnotations(path), asListEntry: false);

    private static IReadOnlyList<KeyValuePair<string, string>> ItemAnnotations(string? path) => path is null ? [] :
    [
        // Each object is the only document of its file, so its index is 0.
        new(PathAnnotation, path),
        new(IndexAnnotation, "0"),
        new(InternalPathAnnotation, path),
        new(InternalIndexAnnotation, "0"),
    ];

    /// <summary>Generated files go next to the AgentSet file: its directory, with a trailing '/'.</summary>
    private static string ParentDirectory(string? path)
    {
        var slash = path?.LastIndexOf('/') ?? -1;
        return slash < 0 ? "" : path![..(slash + 1)];
    }

    public static SourceLocation SourceOf(YamlMappingNode resource) => ResourceListIo.SourceOf(resource);
}
