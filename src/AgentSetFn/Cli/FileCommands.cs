using AgentSetFn.Api;
using AgentSetFn.Krm;
using AgentSetFn.Validation;
using YamlDotNet.RepresentationModel;

namespace AgentSetFn.Cli;

/// <summary>
/// `render`, `validate` and `schema` for people without kpt or kustomize: AgentSet files (or
/// directories of them) in, a YAML stream or a directory of files out. Nothing is written
/// unless every AgentSet is valid.
/// </summary>
internal static class FileCommands
{
    public static int Render(IReadOnlyList<string> paths, string? outputDirectory, bool includeResources, FunctionIo io)
    {
        if (includeResources && outputDirectory is not null)
        {
            io.Error.WriteLine("error: --include-resources prints one YAML stream; it cannot be combined with --output");
            return 1;
        }
        var inputs = ReadInputs(paths, io);
        if (inputs is null) return 1;

        // Every AgentSet is valid: objects are rendered and written one by one from here on.
        var objects = inputs.Renderings.SelectMany(r => r.Objects.Select(o => (r.Set!, Object: o)));
        if (outputDirectory is null)
        {
            var resources = includeResources ? inputs.OtherResources : [];
            ResourceListIo.WriteStream(
                resources.Select(r => (Action<TextWriter>)(output => output.Write(ResourceListIo.Emit([r]))))
                    .Concat(objects.Select(o => (Action<TextWriter>)(output => AgentSetFunction.WriteItem(output, o.Object, null)))),
                io.Output);
            return 0;
        }
        // A write can still fail (permissions, a directory in the way, a full disk): then the
        // files of this run are removed again, so the directory is never left half-written.
        var written = new List<string>();
        var createdRoot = !Directory.Exists(outputDirectory);
        try
        {
            foreach (var (set, generated) in objects)
            {
                var path = Path.Combine(outputDirectory, generated.RelativePath(set));
                Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                File.WriteAllText(path, AgentSetFunction.ItemText(generated, null));
                written.Add(path);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            foreach (var path in written) File.Delete(path);
            if (createdRoot && Directory.Exists(outputDirectory)) Directory.Delete(outputDirectory, recursive: true);
            io.Error.WriteLine($"error: ({outputDirectory}): cannot write the output, nothing was written: {IoErrors.Describe(e)}");
            return 1;
        }
        foreach (var path in written) io.Error.WriteLine($"wrote {path}");
        return 0;
    }

    public static int Validate(IReadOnlyList<string> paths, FunctionIo io)
    {
        var inputs = ReadInputs(paths, io);
        if (inputs is null) return 1;
        io.Error.WriteLine($"ok: {inputs.Renderings.Count} AgentSet(s), {inputs.Renderings.Sum(r => r.Set!.Agents.Count)} agent(s)");
        return 0;
    }

    public static int Schema(bool crd, FunctionIo io)
    {
        io.Output.Write(crd ? AgentSetSchema.CustomResourceDefinition() : AgentSetSchema.JsonSchema());
        return 0;
    }

    /// <summary>What the named files hold: each AgentSet rendered, and every other resource.</summary>
    private sealed record Inputs(List<AgentSetRendering> Renderings, List<YamlNode> OtherResources);

    /// <summary>Every AgentSet document of every file; null (after printing why) on any error.</summary>
    private static Inputs? ReadInputs(IReadOnlyList<string> paths, FunctionIo io)
    {
        var inputs = new Inputs([], []);
        var failed = false;
        foreach (var (file, named) in ExpandPaths(paths, io, ref failed))
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
            var found = 0;
            for (var index = 0; index < documents.Count; index++)
            {
                if (documents[index] is not YamlMappingNode resource) continue;
                if (ResourceListIo.ScalarValue(resource, "kind") != AgentSetReader.Kind)
                {
                    if (IsDeployable(resource)) inputs.OtherResources.Add(resource);
                    continue;
                }
                found++;
                var rendering = AgentSetFunction.Render(resource, new SourceLocation(file, index));
                foreach (var result in rendering.Results) io.Error.WriteLine(result.ToString());
                failed |= rendering.Failed;
                inputs.Renderings.Add(rendering);
            }
            if (found == 0 && named)
            {
                io.Error.WriteLine($"error: ({file}): no {AgentSetReader.Kind} in this file (kind: {AgentSetReader.Kind}, apiVersion: {AgentSetReader.ApiVersion})");
                failed = true;
            }
        }
        if (!failed && inputs.Renderings.Count == 0)
        {
            io.Error.WriteLine($"error: no {AgentSetReader.Kind} found in {string.Join(", ", paths)}");
            failed = true;
        }
        return failed ? null : inputs;
    }

    /// <summary>
    /// Files as named, and the *.yaml / *.yml files below a named directory (sorted, hidden
    /// directories skipped). Named files must hold an AgentSet; found ones need not.
    /// </summary>
    private static List<(string File, bool Named)> ExpandPaths(IReadOnlyList<string> paths, FunctionIo io, ref bool failed)
    {
        var files = new List<(string, bool)>();
        foreach (var path in paths)
        {
            if (File.Exists(path))
            {
                files.Add((path, true));
            }
            else if (Directory.Exists(path))
            {
                files.AddRange(Directory.EnumerateFiles(path, "*", SearchOption.AllDirectories)
                    .Where(f => f.EndsWith(".yaml", StringComparison.Ordinal) || f.EndsWith(".yml", StringComparison.Ordinal))
                    .Where(f => !Path.GetRelativePath(path, f).Split(Path.DirectorySeparatorChar).Any(part => part.StartsWith('.')))
                    .Order(StringComparer.Ordinal)
                    .Select(f => (f, false)));
            }
            else
            {
                io.Error.WriteLine($"error: ({path}): no such file or directory");
                failed = true;
            }
        }
        return files;
    }

    /// <summary>
    /// A resource meant for the cluster: not local config (the AgentSet's kin, Kptfiles) and
    /// not a build file, so `render --include-resources DIR` prints what kustomize would.
    /// </summary>
    private static bool IsDeployable(YamlMappingNode resource) =>
        ResourceListIo.ScalarValue(resource, "apiVersion") is { Length: > 0 }
        && ResourceListIo.ScalarValue(resource, "kind") is { Length: > 0 } kind
        && kind is not ("Kustomization" or "Kptfile" or "Component")
        && ResourceAnnotations.Get(resource, "config.kubernetes.io/local-config") != "true";
}
