using AgentSetFn.Api;
using AgentSetFn.Checklist;
using KrmFn;
using AgentSetFn.Rendering;
using AgentSetFn.Validation;
using YamlDotNet.RepresentationModel;

namespace AgentSetFn;

/// <summary>
/// One AgentSet read and validated: the agents to render on success (none on error), results
/// always. Everything that can fail has been checked; rendering cannot, so callers check every
/// AgentSet first and then render and write agent by agent (<see cref="Objects"/>).
/// </summary>
internal sealed record ValidatedAgentSet(
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
/// KRM contract around it (keep foreign items, replace owned ones, never half-write). The
/// functionConfig is its typed config: an AgentSet, read and validated into a <see cref="ValidatedAgentSet"/>.
/// </summary>
internal sealed class AgentSetFunction : IResourceListProcessor
{
    public const string PathAnnotation = ResourceAnnotations.PathAnnotation;
    public const string IndexAnnotation = ResourceAnnotations.IndexAnnotation;
    public const string InternalPathAnnotation = ResourceAnnotations.InternalPathAnnotation;
    public const string InternalIndexAnnotation = ResourceAnnotations.InternalIndexAnnotation;

    /// <summary>Reads and validates one AgentSet resource, ready to render (see <see cref="ValidatedAgentSet.Objects"/>).</summary>
    public static ValidatedAgentSet ReadAndValidate(YamlMappingNode resource, SourceLocation source)
    {
        var (definition, diagnostics) = AgentSetReader.Read(resource, source);
        if (definition is null) return new ValidatedAgentSet(null, [], diagnostics.Results);

        // enabled: false renders nothing (its objects leave the package); only its shape is checked.
        // In name order, like the rendering, so results too do not depend on the order agents were written.
        var agents = definition.Agents.Where(a => a.Enabled).OrderBy(a => a.Key, StringComparer.Ordinal)
            .Select(a => ResolvedAgent.Resolve(definition, a)).ToList();
        if (agents.Count == 0)
            diagnostics.Warning("spec.agents", "every agent has enabled: false: nothing is rendered");
        AgentSetValidator.Validate(definition, agents, diagnostics);
        // Infos describe what is rendered (derived figures); a failed run renders nothing.
        if (diagnostics.HasErrors)
            return new ValidatedAgentSet(definition, [], [.. diagnostics.Results.Where(r => r.Severity != Severity.Info)]);

        return new ValidatedAgentSet(definition, agents, diagnostics.Results);
    }

    /// <summary>
    /// KRM mode: the functionConfig is the AgentSet. On any error the input items come back
    /// untouched with the results; otherwise the items this AgentSet provably wrote (see
    /// <see cref="SetOutput.Wrote(YamlMappingNode)"/>) are replaced by the newly rendered ones and
    /// every other item passes through as it was read.
    /// </summary>
    public ResourceListOutput Process(ResourceList input)
    {
        if (input.FunctionConfig is not { } config)
        {
            return new ResourceListOutput(input.Items,
                [new KrmResult(Severity.Error, $"no functionConfig: pass an {AgentSetApi.Kind} ({AgentSetApi.ApiVersion}) as the function's config, e.g. `kpt fn eval --exec agentset --fn-config agentset.yaml`")]);
        }
        var kind = ResourceListIo.ScalarValue(config, "kind");
        if (kind != AgentSetApi.Kind)
        {
            return new ResourceListOutput(input.Items,
                [new KrmResult(Severity.Error, $"the functionConfig is a {kind ?? "resource without a kind"}; this function needs an {AgentSetApi.Kind} ({AgentSetApi.ApiVersion}): pass the AgentSet file with --fn-config (key=value arguments are not supported)", "kind", SourceOf(config))]);
        }

        var (source, otherSets) = PackageAgentSets(input.Items, config);
        var validated = ReadAndValidate(config, source);
        if (validated.Failed || validated.Set is null) return new ResourceListOutput(input.Items, validated.Results);

        // All objects are rendered here: the clash checks need every one before anything is written.
        var ours = new SetOutput(validated.Set, ParentDirectory(source.Path), validated.Objects.ToList());
        var otherValidated = otherSets.Select(other => ReadAndValidate(other, SourceOf(other))).Where(r => r.Set is not null).ToList();
        var others = otherValidated
            .Select(r => new SetOutput(r.Set!, ParentDirectory(r.Set!.Source.Path), r.Failed ? null : r.Objects.ToList()))
            .ToList();

        var items = new List<ResourceItem>();
        var warnings = new List<KrmResult>();
        foreach (var item in input.Items)
        {
            if (item.Resource is YamlMappingNode m && ours.Wrote(m)) continue; // replaced by this run's objects
            items.Add(item);
            if (item.Resource is YamlMappingNode claimed && Unproven(claimed, ours, others) is { } warning) warnings.Add(warning);
        }

        // Another AgentSet of the package that collides makes both fail, whichever runs first;
        // then the kept items' clashes would only say the same again.
        List<KrmResult> errors = [.. others.Select(other => ours.CollisionWith(other, paths: true)).OfType<KrmResult>()];
        // What the package's AgentSets' agents share (a login's place, a ServiceAccount, a role), as `agentset render` checks it over the same files.
        if (errors.Count == 0) errors = AgentSetsTogether.Across([validated, .. otherValidated.Where(r => !r.Failed)]);
        if (errors.Count == 0) errors = Clashes(items.Select(item => item.Resource), ours);
        if (errors.Count > 0) return new ResourceListOutput(input.Items, [.. validated.Results, .. warnings, .. errors]);

        // Each object is serialised as it is written, so only one object's text is held at a time.
        return new ResourceListOutput(items, ours.Objects!.Select(o => o.Item(ItemAnnotations(ours.PathOf(o)))),
            [.. validated.Results, .. warnings, .. ChecklistResults.Requested(config, validated)]);
    }

    /// <summary>
    /// The functionConfig's file and the package's other AgentSets. kpt fn render gives the
    /// functionConfig the path of its file; kpt fn eval --fn-config and kustomize give none, so
    /// the package's AgentSet with the same content is taken for it (its directory is where the
    /// files go, as with render). Without one the files go to the package root.
    /// </summary>
    private static (SourceLocation Source, List<YamlMappingNode> Others) PackageAgentSets(IReadOnlyList<ResourceItem> items, YamlMappingNode config)
    {
        var source = SourceOf(config);
        var sets = items.Where(i => i.Resource is YamlMappingNode r && ResourceListIo.ScalarValue(r, "kind") == AgentSetApi.Kind)
            .Select(i => i.Whole()).OfType<YamlMappingNode>().ToList();
        var self = source.Path is not null
            ? sets.FirstOrDefault(s => SourceOf(s) is var at && at.Path == source.Path && (at.Index ?? 0) == (source.Index ?? 0))
            : sets.FirstOrDefault(s => SameContent(s, config));
        if (self is not null && source.Path is null) source = SourceOf(self);
        return (source, sets.Where(s => !ReferenceEquals(s, self)).ToList());
    }

    /// <summary>Equal as data, annotations aside (kpt and kustomize add their own to the functionConfig).</summary>
    private static bool SameContent(YamlMappingNode a, YamlMappingNode b)
    {
        static System.Text.Json.Nodes.JsonNode? WithoutAnnotations(YamlMappingNode resource)
        {
            var json = YamlJson.ToJson(resource);
            (json?["metadata"] as System.Text.Json.Nodes.JsonObject)?.Remove("annotations");
            return json;
        }
        try
        {
            return System.Text.Json.Nodes.JsonNode.DeepEquals(WithoutAnnotations(a), WithoutAnnotations(b));
        }
        catch (FormatException)
        {
            return false; // too large or malformed to compare: not the functionConfig
        }
    }

    /// <summary>
    /// A warning for an item that names this AgentSet as its owner but is no file it wrote (nor
    /// one of another AgentSet of the package with the same name): it is kept, never deleted.
    /// </summary>
    private static KrmResult? Unproven(YamlMappingNode item, SetOutput ours, List<SetOutput> others)
    {
        if (ResourceAnnotations.Get(item, ObjectMetadata.OwnedByAnnotation) != ours.Owner || others.Any(o => o.Wrote(item))) return null;
        var at = SourceOf(item);
        var what = $"{ResourceListIo.ScalarValue(item, "kind") ?? "resource"} {ResourceAnnotations.Metadata(item, "name") ?? ""}".TrimEnd();
        var where = at.Path is null ? "an item without a file" : $"`{at.Path}`";
        return new KrmResult(Severity.Warning,
            $"{where} ({what}) carries {ObjectMetadata.OwnedByAnnotation}: {ours.Owner} but is not a file this AgentSet wrote "
            + $"(those are `{ours.Prefix}/<agent>/<kind>.yaml`), so it is kept; if it is your own, remove the annotation",
            $"metadata.annotations.{ObjectMetadata.OwnedByAnnotation}", at,
            new ResourceRef(ResourceListIo.ScalarValue(item, "apiVersion") ?? "", ResourceListIo.ScalarValue(item, "kind") ?? "",
                ResourceAnnotations.Metadata(item, "name") ?? "", ResourceAnnotations.Metadata(item, "namespace")));
    }

    /// <summary>
    /// Errors for kept items a generated object would collide with: the same file (kpt refuses
    /// two resources at one path and index, and a user's document would be mixed into a
    /// generated file), or the same kind, namespace and name (two sources for one cluster
    /// object, e.g. set `a` with agent `b-c` and set `a-b` with agent `c`).
    /// </summary>
    private static List<KrmResult> Clashes(IEnumerable<YamlNode> kept, SetOutput ours)
    {
        var set = ours.Set;
        var byPath = ours.Objects!.Select(ours.PathOf).ToHashSet(StringComparer.Ordinal);
        var byIdentity = ours.Identities();
        var reference = AgentSetReader.Reference(set.Name, set.Namespace);
        var results = new List<KrmResult>();
        foreach (var item in kept.OfType<YamlMappingNode>())
        {
            var kind = ResourceListIo.ScalarValue(item, "kind") ?? "";
            var name = ResourceAnnotations.Metadata(item, "name") ?? "";
            var otherOwner = ResourceAnnotations.Get(item, ObjectMetadata.OwnedByAnnotation);
            var holder = otherOwner is null ? $"{kind} {name}" : $"{kind} {name} (generated by AgentSet {otherOwner})";
            var path = SourceOf(item).Path;
            if (path is not null && byPath.Contains(path))
            {
                results.Add(new KrmResult(Severity.Error,
                    $"`{path}` already holds {holder}, which this AgentSet does not own; set spec.output.directory to a directory of its own (now `{set.FilesDirectory}`)",
                    "spec.output.directory", set.Source, reference));
            }
            else if (byIdentity.TryGetValue((kind, ResourceAnnotations.Metadata(item, "namespace") ?? "", name), out var agent))
            {
                var where = path is null ? "" : $" in `{path}`";
                results.Add(new KrmResult(Severity.Error,
                    $"agent `{agent}` would generate {kind} {name}, but the package already has {holder}{where}; rename the agent or the other object",
                    $"spec.agents.{agent}", set.Source, reference));
            }
        }
        return results;
    }

    /// <summary>A generated object as YAML text; with a path, annotated for kpt and kustomize.</summary>
    public static string ItemText(GeneratedObject generated, string? path) => generated.Item(ItemAnnotations(path)).ToYaml();

    /// <summary>A generated object written as a document; see <see cref="ItemText"/>.</summary>
    public static void WriteItem(TextWriter output, GeneratedObject generated, string? path) =>
        generated.Item(ItemAnnotations(path)).WriteDocument(output);

    private static IReadOnlyList<KeyValuePair<string, string>> ItemAnnotations(string? path) => path is null ? [] :
    [
        // Each object is the only document of its file, so its index is 0.
        new(PathAnnotation, path),
        new(IndexAnnotation, "0"),
        new(InternalPathAnnotation, path),
        new(InternalIndexAnnotation, "0"),
    ];

    /// <summary>Generated files go next to the AgentSet file: its directory, with a trailing '/'.</summary>
    public static string ParentDirectory(string? path)
    {
        var slash = path?.LastIndexOf('/') ?? -1;
        return slash < 0 ? "" : path![..(slash + 1)];
    }

    public static SourceLocation SourceOf(YamlMappingNode resource) => ResourceListIo.SourceOf(resource);
}
