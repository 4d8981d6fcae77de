using AgentSetFn.Api;
using KrmFn;
using AgentSetFn.Rendering;
using YamlDotNet.RepresentationModel;

namespace AgentSetFn.Cli;

/// <summary>
/// `render -o DIR`: each AgentSet's files under DIR, and the files it wrote before for objects
/// it no longer generates removed. A file counts as written by a set only when its content
/// proves it, as in KRM mode (<see cref="SetOutput.Wrote(YamlMappingNode, string?, int?)"/>).
/// Never writes through a symlink, outside DIR or over a file it did not write; every new file
/// is written completely beside its place before any is moved into place, so a run that fails
/// leaves DIR as it was.
/// </summary>
internal static class OutputDirectory
{
    /// <summary>A reason not to write, found before anything is in place.</summary>
    private sealed class RefusedException(string message) : Exception(message);

    public static int Write(string root, List<(AgentSetDefinition Set, IEnumerable<GeneratedObject> Objects)> sets, FunctionIo io)
    {
        var staged = new List<(string Temp, string Target)>();
        var created = new List<string>();
        var stale = new List<string>();
        var warnings = new List<string>();
        try
        {
            CreateRoot(root, created);
            foreach (var (set, objects) in sets)
            {
                var output = new SetOutput(set, "", null);
                var written = new HashSet<string>(StringComparer.Ordinal);
                foreach (var o in objects) Stage(root, output, o, written, created, staged);
                FindStale(root, output, written, stale, warnings);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or RefusedException)
        {
            foreach (var (temp, _) in staged) File.Delete(temp);
            foreach (var directory in Enumerable.Reverse(created))
            {
                if (Directory.Exists(directory) && !Directory.EnumerateFileSystemEntries(directory).Any()) Directory.Delete(directory);
            }
            io.Error.WriteLine($"error: ({root}): {(e is RefusedException ? e.Message : IoErrors.Describe(e))}; nothing was written");
            return 1;
        }
        return MoveIntoPlace(root, staged, stale, warnings, io);
    }

    /// <summary>
    /// One object's file written completely beside its place (recorded in <paramref name="staged"/>
    /// as soon as it exists, to be removed on failure); refused over a file the set did not write.
    /// </summary>
    private static void Stage(string root, SetOutput output, GeneratedObject o, HashSet<string> written, List<string> created, List<(string Temp, string Target)> staged)
    {
        var relative = output.PathOf(o);
        if (!written.Add(relative)) throw new RefusedException($"`{relative}` would be written twice");
        var directory = Directories(root, Path.GetDirectoryName(relative)!, created);
        var target = Path.Combine(directory, Path.GetFileName(relative));
        if (Path.Exists(target) || new FileInfo(target).LinkTarget is not null)
        {
            if (ReadWritten(target, output, relative) is not true)
                throw new RefusedException($"`{target}` holds a file {output.Describe()} did not write; move it away or choose another output directory");
        }
        // Beside its place, so moving it there is a rename within one directory.
        var temp = Path.Combine(directory, $".{Path.GetFileName(relative)}.{Path.GetRandomFileName()}.tmp");
        using var file = new FileStream(temp, FileMode.CreateNew, FileAccess.Write);
        staged.Add((temp, target));
        using var writer = new StreamWriter(file, new System.Text.UTF8Encoding(false)) { NewLine = "\n" };
        writer.Write(AgentSetFunction.ItemText(o, null));
    }

    /// <summary>Every staged file renamed into place, then the stale ones removed; what was done on stderr.</summary>
    private static int MoveIntoPlace(string root, List<(string Temp, string Target)> staged, List<string> stale, List<string> warnings, FunctionIo io)
    {
        try
        {
            // Renames within one directory, then removals: nothing here is expected to fail.
            foreach (var (temp, target) in staged) File.Move(temp, target, overwrite: true);
            foreach (var file in stale)
            {
                File.Delete(file);
                var directory = Path.GetDirectoryName(file)!;
                if (!Directory.EnumerateFileSystemEntries(directory).Any()) Directory.Delete(directory);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            io.Error.WriteLine($"error: ({root}): moving the new files into place failed, the directory is partly updated: {IoErrors.Describe(e)}");
            return 1;
        }
        foreach (var (_, target) in staged) io.Error.WriteLine($"wrote {target}");
        foreach (var file in stale) io.Error.WriteLine($"removed {file}");
        foreach (var warning in warnings) io.Error.WriteLine(warning);
        return 0;
    }

    /// <summary>DIR itself (a symlink the user named is taken as given), created with any missing parent.</summary>
    private static void CreateRoot(string root, List<string> created)
    {
        var missing = new List<string>();
        for (var dir = Path.GetFullPath(root); !Path.Exists(dir); dir = Path.GetDirectoryName(dir)!) missing.Add(dir);
        Directory.CreateDirectory(root);
        created.AddRange(Enumerable.Reverse(missing));
    }

    /// <summary>
    /// DIR/<paramref name="relative"/>, creating what is missing (recorded in
    /// <paramref name="created"/>, to be removed again on failure); refused when any part below
    /// DIR is a symlink.
    /// </summary>
    private static string Directories(string root, string relative, List<string> created)
    {
        var current = root;
        foreach (var part in relative.Split('/'))
        {
            current = Path.Combine(current, part);
            if (new DirectoryInfo(current).LinkTarget is { } target)
                throw new RefusedException($"`{current}` is a symlink (to `{target}`); agentset does not write through symlinks");
            if (Directory.Exists(current)) continue;
            Directory.CreateDirectory(current); // a file in the way fails here
            created.Add(current);
        }
        return current;
    }

    /// <summary>
    /// The files under the set's directory it wrote for objects it no longer generates (to
    /// remove), and a warning for each other file there that names the set as its owner (kept).
    /// Looks only where the set writes: &lt;prefix&gt;/&lt;agent&gt;/*.yaml, through no symlink.
    /// </summary>
    private static void FindStale(string root, SetOutput output, HashSet<string> written, List<string> stale, List<string> warnings)
    {
        var prefix = root;
        foreach (var part in output.Prefix.Split('/'))
        {
            prefix = Path.Combine(prefix, part);
            if (new DirectoryInfo(prefix).LinkTarget is not null || !Directory.Exists(prefix)) return;
        }
        foreach (var agent in new DirectoryInfo(prefix).EnumerateDirectories().OrderBy(d => d.Name, StringComparer.Ordinal))
        {
            if (agent.LinkTarget is not null || agent.Name.StartsWith('.')) continue;
            foreach (var file in agent.EnumerateFiles("*.yaml").OrderBy(f => f.Name, StringComparer.Ordinal))
            {
                var relative = $"{output.Prefix}/{agent.Name}/{file.Name}";
                if (file.LinkTarget is not null || file.Name.StartsWith('.') || written.Contains(relative)) continue;
                var path = Path.Combine(prefix, agent.Name, file.Name);
                switch (ReadWritten(path, output, relative))
                {
                    case true:
                        stale.Add(path);
                        break;
                    case false when Owners(path).Contains(output.Owner):
                        warnings.Add($"warning: ({path}): carries {ObjectMetadata.OwnedByAnnotation}: {output.Owner} but is not a file {output.Describe()} wrote, so it is kept; if it is your own, remove the annotation");
                        break;
                }
            }
        }
    }

    /// <summary>Whether the file at DIR/<paramref name="relative"/> is one the set wrote; null when it cannot be read as YAML.</summary>
    private static bool? ReadWritten(string path, SetOutput output, string relative) =>
        Documents(path) is not { } documents ? null : documents is [YamlMappingNode resource] && output.Wrote(resource, relative, 0);

    private static IEnumerable<string?> Owners(string path) =>
        (Documents(path) ?? []).OfType<YamlMappingNode>().Select(r => ResourceAnnotations.Get(r, ObjectMetadata.OwnedByAnnotation));

    /// <summary>A regular file's documents (never through a symlink); null when it is none or not YAML.</summary>
    private static IReadOnlyList<YamlNode>? Documents(string path)
    {
        if (new FileInfo(path).LinkTarget is not null || !File.Exists(path)) return null;
        try
        {
            return ResourceListIo.ParseDocuments(InputText.ReadFile(path));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or KrmInputException)
        {
            return null;
        }
    }
}
