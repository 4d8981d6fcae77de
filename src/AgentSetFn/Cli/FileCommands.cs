using AgentSetFn.Api;
using AgentSetFn.Krm;
using AgentSetFn.Rendering;
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
        var sets = Objects(inputs.Renderings, files: outputDirectory is not null, io);
        if (sets is null) return 1;

        // Every AgentSet is valid and none collides: objects are rendered and written one by one from here on.
        if (outputDirectory is null)
        {
            var resources = includeResources ? inputs.OtherResources : [];
            ResourceListIo.WriteStream(
                resources.Select(r => (Action<TextWriter>)(output => output.Write(ResourceListIo.Emit([r]))))
                    .Concat(sets.SelectMany(s => s.Objects).Select(o => (Action<TextWriter>)(output => AgentSetFunction.WriteItem(output, o, null)))),
                io.Output);
            return 0;
        }
        return OutputDirectory.Write(outputDirectory, sets, io);
    }

    /// <summary>
    /// Every AgentSet's objects, or null (after printing why) when two AgentSets collide: the
    /// same object, or, for <paramref name="files"/>, the same file or one owner in one directory
    /// (see <see cref="SetOutput.CollisionWith"/>). With two or more sets every object is rendered
    /// first; a single set's objects stay streamed.
    /// </summary>
    private static List<(AgentSetDefinition Set, IEnumerable<GeneratedObject> Objects)>? Objects(List<AgentSetRendering> renderings, bool files, FunctionIo io)
    {
        if (renderings.Count == 1) return [(renderings[0].Set!, renderings[0].Objects)];
        var outputs = renderings.Select(r => new SetOutput(r.Set!, "", r.Objects.ToList())).ToList();
        var errors = outputs.SelectMany((a, i) => outputs.Skip(i + 1).Select(b => a.CollisionWith(b, files))).OfType<KrmResult>().ToList();
        foreach (var error in errors) io.Error.WriteLine(error.ToString());
        return errors.Count > 0 ? null : [.. outputs.Select(o => (o.Set, (IEnumerable<GeneratedObject>)o.Objects!))];
    }

    public static int Validate(IReadOnlyList<string> paths, FunctionIo io)
    {
        var inputs = ReadInputs(paths, io);
        if (inputs is null || Objects(inputs.Renderings, files: false, io) is null) return 1;
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
    /// Files as named, and the *.yaml / *.yml files below a named directory (see
    /// <see cref="FilesBelow"/>). Named files must hold an AgentSet; found ones need not.
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
                files.AddRange(FilesBelow(path, io, ref failed).Select(f => (f, false)));
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
    /// The *.yaml / *.yml files below a directory, sorted; hidden entries skipped. Symlinks are
    /// not followed: one that points inside the directory is skipped (what it points at is
    /// read under its own name, once), one that points outside it (another tree, a device) or
    /// nowhere is an error naming it.
    /// </summary>
    private static List<string> FilesBelow(string root, FunctionIo io, ref bool failed)
    {
        var rootReal = RealPath(root);
        var found = new List<string>();
        var pending = new Stack<string>([root]);
        while (pending.Count > 0)
        {
            var directory = pending.Pop();
            foreach (var entry in new DirectoryInfo(directory).EnumerateFileSystemInfos())
            {
                if (entry.Name.StartsWith('.')) continue;
                var path = Path.Combine(directory, entry.Name);
                var yaml = entry.Name.EndsWith(".yaml", StringComparison.Ordinal) || entry.Name.EndsWith(".yml", StringComparison.Ordinal);
                if (entry.LinkTarget is { } target)
                {
                    var real = RealPath(path);
                    var inside = real is not null && rootReal is not null && (real == rootReal || real.StartsWith(rootReal + "/", StringComparison.Ordinal));
                    if (inside && Path.Exists(real)) continue;
                    if (!yaml && !Directory.Exists(path)) continue; // never read: nothing to refuse
                    io.Error.WriteLine($"error: ({path}): a symlink to `{target}`, {(inside ? "which does not exist" : $"outside `{root}`")}: agentset does not follow symlinks out of a directory it searches; name the file itself to read it");
                    failed = true;
                }
                else if (entry is DirectoryInfo)
                {
                    pending.Push(path);
                }
                else if (yaml)
                {
                    found.Add(path);
                }
            }
        }
        found.Sort(StringComparer.Ordinal);
        return found;
    }

    /// <summary>
    /// The absolute path with every symlink resolved, like realpath(3) (the last part need not
    /// exist); null when links loop.
    /// </summary>
    private static string? RealPath(string path)
    {
        var pending = new Stack<string>(Path.GetFullPath(path).Split('/', StringSplitOptions.RemoveEmptyEntries).Reverse());
        var current = "/";
        var links = 0;
        while (pending.Count > 0)
        {
            var part = pending.Pop();
            if (part == ".") continue;
            if (part == "..")
            {
                current = Path.GetDirectoryName(current) ?? "/";
                continue;
            }
            var next = Path.Join(current, part);
            if (new FileInfo(next).LinkTarget is { } target)
            {
                if (++links > 40) return null;
                foreach (var targetPart in target.Split('/', StringSplitOptions.RemoveEmptyEntries).Reverse()) pending.Push(targetPart);
                if (target.StartsWith('/')) current = "/";
                continue;
            }
            current = next;
        }
        return current;
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
