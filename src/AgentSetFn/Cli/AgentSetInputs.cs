using AgentSetFn.Api;
using KrmFn;
using AgentSetFn.Rendering;
using AgentSetFn.Validation;
using YamlDotNet.RepresentationModel;

namespace AgentSetFn.Cli;

/// <summary>What the named files hold: each AgentSet rendered, and every other resource.</summary>
/// <param name="NotResources">The files (see <see cref="InputFiles.Key"/>) a kustomization names as patches or plugin configs.</param>
internal sealed record AgentSetInputs(List<ValidatedAgentSet> Renderings, List<FoundResource> OtherResources, HashSet<string> NotResources)
{
    /// <summary>
    /// Every AgentSet document of every file, each validated and all checked together (see
    /// <see cref="AgentSetsTogether.Across"/>); null (after printing why) on any error.
    /// </summary>
    public static AgentSetInputs? Read(IReadOnlyList<string> paths, FunctionIo io)
    {
        var inputs = new AgentSetInputs([], [], new HashSet<string>(StringComparer.Ordinal));
        var failed = false;
        foreach (var (file, named) in InputFiles.Expand(paths, io, ref failed))
        {
            IReadOnlyList<YamlNode> documents;
            try
            {
                documents = ResourceListIo.ParseDocuments(InputText.ReadFile(file));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or KrmInputException)
            {
                io.Error.WriteLine($"error: ({file}): {IoErrors.Message(e, file)}");
                failed = true;
                continue;
            }
            var found = inputs.AddDocuments(documents, file, io, ref failed);
            if (found == 0 && named)
            {
                io.Error.WriteLine($"error: ({file}): no {AgentSetApi.Kind} in this file (kind: {AgentSetApi.Kind}, apiVersion: {AgentSetApi.ApiVersion})");
                failed = true;
            }
        }
        // Agents of different AgentSets share a bucket, a namespace and an AWS account as those of one do.
        foreach (var result in AgentSetsTogether.Across(inputs.Renderings))
        {
            io.Error.WriteLine(result.ToString());
            failed = true;
        }
        if (!failed && inputs.Renderings.Count == 0)
        {
            io.Error.WriteLine($"error: no {AgentSetApi.Kind} found in {string.Join(", ", paths)}");
            failed = true;
        }
        return failed ? null : inputs;
    }

    /// <summary>
    /// One file's documents: each AgentSet rendered (its results printed), each other resource
    /// kept for --include-resources, a kustomization's non-resource files noted. Returns the
    /// number of AgentSets.
    /// </summary>
    private int AddDocuments(IReadOnlyList<YamlNode> documents, string file, FunctionIo io, ref bool failed)
    {
        var found = 0;
        var kustomization = IncludedResources.IsKustomizationFile(file);
        if (kustomization && documents is [YamlMappingNode build]) NotResources.UnionWith(IncludedResources.KustomizationFiles(build, file));
        for (var index = 0; index < documents.Count; index++)
        {
            if (documents[index] is not YamlMappingNode resource) continue;
            if (ResourceListIo.ScalarValue(resource, "kind") != AgentSetApi.Kind)
            {
                if (!kustomization && IncludedResources.IsDeployable(resource)) OtherResources.Add(new(resource, file, index));
                continue;
            }
            found++;
            var rendering = AgentSetFunction.ReadAndValidate(resource, new SourceLocation(file, index));
            foreach (var result in rendering.Results) io.Error.WriteLine(result.ToString());
            failed |= rendering.Failed;
            Renderings.Add(rendering);
        }
        return found;
    }

    /// <summary>
    /// Every AgentSet's objects, or null (after printing why) when two AgentSets collide: the
    /// same object, or, for <paramref name="files"/>, the same file or one owner in one directory
    /// (see <see cref="SetOutput.CollisionWith"/>). With two or more sets every object is rendered
    /// first; a single set's objects stay streamed.
    /// </summary>
    public List<(AgentSetDefinition Set, IEnumerable<GeneratedObject> Objects)>? ObjectsPerSet(bool files, FunctionIo io)
    {
        if (Renderings.Count == 1) return [(Renderings[0].Set!, Renderings[0].Objects)];
        var outputs = Renderings.Select(r => new SetOutput(r.Set!, "", r.Objects.ToList())).ToList();
        var errors = outputs.SelectMany((a, i) => outputs.Skip(i + 1).Select(b => a.CollisionWith(b, files))).OfType<KrmResult>().ToList();
        foreach (var error in errors) io.Error.WriteLine(error.ToString());
        return errors.Count > 0 ? null : [.. outputs.Select(o => (o.Set, (IEnumerable<GeneratedObject>)o.Objects!))];
    }
}
