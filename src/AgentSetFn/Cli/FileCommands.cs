using AgentSetFn.Api;
using KrmFn;
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
            List<YamlMappingNode> resources = [];
            if (includeResources)
            {
                // The resources are checked against every generated object: all are rendered first.
                sets = [.. sets.Select(s => (s.Set, (IEnumerable<GeneratedObject>)s.Objects.ToList()))];
                if (OtherResources(inputs, sets, io) is not { } found) return 1;
                resources = found;
            }
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
    private static List<(AgentSetDefinition Set, IEnumerable<GeneratedObject> Objects)>? Objects(List<ValidatedAgentSet> renderings, bool files, FunctionIo io)
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
    /// <param name="NotResources">The files (see <see cref="FileKey"/>) a kustomization names as patches or plugin configs.</param>
    private sealed record Inputs(List<ValidatedAgentSet> Renderings, List<FoundResource> OtherResources, HashSet<string> NotResources);

    /// <summary>A deployable resource found beside the AgentSets, with its file and document index.</summary>
    private sealed record FoundResource(YamlMappingNode Resource, string File, int Index);

    /// <summary>
    /// The resources `render --include-resources` prints, in the order found; null (after printing
    /// why) when one object would be printed twice. Files a kustomization names as patches or
    /// plugin configs are not resources; the AgentSets' own earlier output (a `render -o` or
    /// `kpt fn render` in the same tree, proven by <see cref="SetOutput.Wrote(YamlMappingNode, string?, int?)"/>
    /// relative to a directory at or below the AgentSet's own) is replaced by this rendering, as in KRM mode.
    /// Any other object that is also generated, or found twice, is an error naming both files.
    /// </summary>
    private static List<YamlMappingNode>? OtherResources(Inputs inputs, List<(AgentSetDefinition Set, IEnumerable<GeneratedObject> Objects)> sets, FunctionIo io)
    {
        var outputs = sets.Select(s => new SetOutput(s.Set, "", [.. s.Objects])).ToList();
        var generated = new Dictionary<(string Kind, string Namespace, string Name), string>();
        foreach (var output in outputs)
        {
            foreach (var (identity, agent) in output.Identities())
                generated.TryAdd(identity, $"agent `{agent}` of {output.Describe()}");
        }
        var seen = new Dictionary<(string Group, string Kind, string Namespace, string Name), string>();
        var resources = new List<YamlMappingNode>();
        var failed = false;
        foreach (var (resource, file, index) in inputs.OtherResources)
        {
            if (inputs.NotResources.Contains(FileKey(file))) continue;
            if (outputs.Any(o => PathsBelowSetDirectory(file, o.Set).Any(path => o.Wrote(resource, path, index)))) continue;
            var apiVersion = ResourceListIo.ScalarValue(resource, "apiVersion")!;
            var kind = ResourceListIo.ScalarValue(resource, "kind")!;
            var ns = ResourceAnnotations.Metadata(resource, "namespace") ?? "";
            var name = ResourceAnnotations.Metadata(resource, "name") ?? "";
            var what = $"{kind} {(ns.Length == 0 ? "" : ns + "/")}{name}";
            if (generated.TryGetValue((kind, ns, name), out var generator))
            {
                io.Error.WriteLine($"error: ({file}): {what} is also generated by {generator}; printed together they would be one object twice: remove the file (if it is an old copy of the output) or rename the agent or the object");
                failed = true;
            }
            else if (!seen.TryAdd((Group(apiVersion), kind, ns, name), file))
            {
                io.Error.WriteLine($"error: ({file}): {what} is also in `{seen[(Group(apiVersion), kind, ns, name)]}`; printed together they would be one object twice: remove one of them or leave its directory out of the paths");
                failed = true;
            }
            else
            {
                resources.Add(resource);
            }
        }
        return failed ? null : resources;
    }

    /// <summary>
    /// The file's path relative to each directory from the AgentSet's own directory down to the
    /// file (a/b/c.yaml, b/c.yaml, c.yaml): where a `render -o` or `kpt fn render` of that set
    /// could have put it. None when the file is not below the AgentSet's directory: a file
    /// elsewhere in the tree never proves itself this set's output, whatever it carries.
    /// </summary>
    private static List<string> PathsBelowSetDirectory(string file, AgentSetDefinition set)
    {
        var setDirectory = Path.GetDirectoryName(Path.GetFullPath(set.Source.Path ?? "."))!;
        var relative = Path.GetRelativePath(setDirectory, Path.GetFullPath(file));
        if (relative == ".." || relative.StartsWith("../", StringComparison.Ordinal) || Path.IsPathRooted(relative)) return [];
        var parts = relative.Split('/', StringSplitOptions.RemoveEmptyEntries);
        return [.. Enumerable.Range(0, parts.Length).Select(i => string.Join('/', parts[i..]))];
    }

    /// <summary>The API group of an apiVersion: "apps" for apps/v1, "" for v1.</summary>
    private static string Group(string apiVersion) => apiVersion.LastIndexOf('/') is var slash and >= 0 ? apiVersion[..slash] : "";

    /// <summary>Every AgentSet document of every file; null (after printing why) on any error.</summary>
    private static Inputs? ReadInputs(IReadOnlyList<string> paths, FunctionIo io)
    {
        var inputs = new Inputs([], [], new HashSet<string>(StringComparer.Ordinal));
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
            var kustomization = IsKustomizationFile(file);
            if (kustomization && documents is [YamlMappingNode build]) inputs.NotResources.UnionWith(KustomizationFiles(build, file));
            for (var index = 0; index < documents.Count; index++)
            {
                if (documents[index] is not YamlMappingNode resource) continue;
                if (ResourceListIo.ScalarValue(resource, "kind") != AgentSetReader.Kind)
                {
                    if (!kustomization && IsDeployable(resource)) inputs.OtherResources.Add(new(resource, file, index));
                    continue;
                }
                found++;
                var rendering = AgentSetFunction.ReadAndValidate(resource, new SourceLocation(file, index));
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
        var files = new List<(string File, bool Named)>();
        // A file reached twice (a directory and its subdirectory named, a file named and found,
        // a symlink named beside its target) is read once, under the name it was first reached by.
        var byRealPath = new Dictionary<string, int>(StringComparer.Ordinal);
        void Add(string file, bool named)
        {
            var key = FileKey(file);
            if (byRealPath.TryGetValue(key, out var at)) files[at] = (files[at].File, files[at].Named || named);
            else
            {
                byRealPath.Add(key, files.Count);
                files.Add((file, named));
            }
        }
        foreach (var path in paths)
        {
            if (File.Exists(path))
            {
                Add(path, true);
            }
            else if (Directory.Exists(path))
            {
                foreach (var file in FilesBelow(path, io, ref failed)) Add(file, false);
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
                // kustomize's extensionless Kustomization is read for the patches it names.
                var yaml = entry.Name.EndsWith(".yaml", StringComparison.Ordinal) || entry.Name.EndsWith(".yml", StringComparison.Ordinal) || entry.Name == "Kustomization";
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
                else if (yaml && entry is FileInfo { Length: > 0 })
                {
                    // An empty file holds no document; so it is never opened, and neither is a
                    // FIFO or a device found in the tree (their length is 0), whose read could
                    // block for ever.
                    found.Add(path);
                }
            }
        }
        found.Sort(StringComparer.Ordinal);
        return found;
    }

    /// <summary>What tells two names of one file apart from two files: its real path (its full path when links loop).</summary>
    private static string FileKey(string file) => RealPath(file) ?? Path.GetFullPath(file);

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
    /// not kustomize's own build files, so `render --include-resources DIR` prints what
    /// kustomize would. Only kustomize's and kpt's groups are build files: Flux's Kustomization
    /// (kustomize.toolkit.fluxcd.io) is a cluster object like any other.
    /// </summary>
    private static bool IsDeployable(YamlMappingNode resource) =>
        ResourceListIo.ScalarValue(resource, "apiVersion") is { Length: > 0 } apiVersion
        && ResourceListIo.ScalarValue(resource, "kind") is { Length: > 0 } kind
        && (Group(apiVersion), kind) is not ("kustomize.config.k8s.io", "Kustomization" or "Component") and not ("kpt.dev", "Kptfile")
        && ResourceAnnotations.Get(resource, "config.kubernetes.io/local-config") != "true";

    /// <summary>The names kustomize reads a kustomization (or component) from; such a file is never a resource.</summary>
    private static bool IsKustomizationFile(string file) => Path.GetFileName(file) is "kustomization.yaml" or "kustomization.yml" or "Kustomization";

    /// <summary>
    /// The files a kustomization names that are not resources: patches (applied to resources,
    /// they hold partial copies of them) and plugin configs (generators, transformers,
    /// validators, replacements), as full paths. Inline entries resolve to no file and match nothing.
    /// </summary>
    private static IEnumerable<string> KustomizationFiles(YamlMappingNode kustomization, string file)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(file))!;
        foreach (var field in (string[])["patches", "patchesStrategicMerge", "patchesJson6902", "replacements", "generators", "transformers", "validators"])
        {
            if (!kustomization.Children.TryGetValue(new YamlScalarNode(field), out var list) || list is not YamlSequenceNode entries) continue;
            foreach (var entry in entries)
            {
                var path = entry switch
                {
                    YamlScalarNode scalar => scalar.Value,
                    YamlMappingNode mapping => ResourceListIo.ScalarValue(mapping, "path"),
                    _ => null,
                };
                if (path is { Length: > 0 } && !path.Contains('\n')) yield return FileKey(Path.Combine(directory, path));
            }
        }
    }
}
