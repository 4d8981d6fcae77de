namespace AgentSetFn.Cli;

/// <summary>
/// The files the file commands read: files as named, and the *.yaml / *.yml files below a
/// named directory, each real file once.
/// </summary>
internal static class InputFiles
{
    /// <summary>
    /// Files as named, and the *.yaml / *.yml files below a named directory (see
    /// <see cref="FilesBelow"/>). Named files must hold an AgentSet; found ones need not.
    /// </summary>
    public static List<(string File, bool Named)> Expand(IReadOnlyList<string> paths, FunctionIo io, ref bool failed)
    {
        var files = new List<(string File, bool Named)>();
        // A file reached twice (a directory and its subdirectory named, a file named and found,
        // a symlink named beside its target) is read once, under the name it was first reached by.
        var byRealPath = new Dictionary<string, int>(StringComparer.Ordinal);
        void Add(string file, bool named)
        {
            var key = Key(file);
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
    public static string Key(string file) => RealPath(file) ?? Path.GetFullPath(file);

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
}
