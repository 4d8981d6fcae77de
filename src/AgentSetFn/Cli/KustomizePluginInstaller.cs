using AgentSetFn.Api;
using AgentSetFn.Validation;

namespace AgentSetFn.Cli;

/// <summary>
/// `agentset kustomize install-plugin [DIR]`: makes this binary kustomize's legacy exec plugin
/// for the AgentSet kind, the only kind of external generator `kubectl kustomize` can run (it has
/// no --enable-exec for the config.kubernetes.io/function annotation).
/// </summary>
/// <remarks>
/// The plugin is a small shell script that runs this binary by its absolute path, not a symlink
/// to it: if the binary moves or is removed, a dangling symlink makes kustomize look for a Go
/// plugin (`AgentSet.so`) and fail with a message about Go object code, while the script says
/// which binary is gone and how to fix it. The script names its maker on its second line, so a
/// new install replaces an earlier one (binary moved, upgraded elsewhere) and nothing else.
/// </remarks>
internal static class KustomizePluginInstaller
{
    private const string Marker = "# agentset kustomize plugin: written by `agentset kustomize install-plugin`; run it again to update.";

    /// <summary>
    /// Where kustomize looks for the plugin below its plugin home:
    /// &lt;group&gt;/&lt;version&gt;/&lt;lowercased kind&gt;/&lt;kind&gt;, from the AgentSet's apiVersion and kind.
    /// </summary>
    public static string PluginPath(string home) =>
        Path.Combine([home, .. AgentSetApi.ApiVersion.Split('/'), AgentSetApi.Kind.ToLowerInvariant(), AgentSetApi.Kind]);

    public static int Install(string? directory, FunctionIo io)
    {
        var binary = Executable();
        if (binary is null)
        {
            io.Error.WriteLine("error: cannot tell where this agentset executable is; run the installed agentset binary itself");
            return 1;
        }
        var defaultHome = DefaultPluginHome();
        var home = directory ?? defaultHome;
        if (home is null)
        {
            io.Error.WriteLine("error: HOME is not set, so kustomize has no default plugin directory: name one (agentset kustomize install-plugin DIR)");
            return 1;
        }
        home = Path.GetFullPath(home);
        var plugin = PluginPath(home);
        var script = Script(binary);

        string? existing;
        try
        {
            existing = Existing(plugin);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            io.Error.WriteLine($"error: ({plugin}): cannot read the file already there: {IoErrors.Describe(e, plugin)}");
            return 1;
        }
        if (existing == script)
        {
            io.Error.WriteLine($"unchanged {plugin} (runs {binary})");
        }
        else if (existing is not null && !IsOurs(existing))
        {
            io.Error.WriteLine($"error: ({plugin}): a different plugin is already installed there; remove it first, it is left as it is");
            return 1;
        }
        else
        {
            try
            {
                Write(plugin, script);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                io.Error.WriteLine($"error: ({plugin}): cannot install the plugin: {IoErrors.Describe(e)}");
                return 1;
            }
            io.Error.WriteLine($"{(existing is null ? "installed" : "updated")} {plugin} (runs {binary})");
        }

        // kustomize takes the first plugin home that exists; elsewhere it must be told.
        var environment = home == defaultHome ? "" : $"KUSTOMIZE_PLUGIN_HOME={ShellQuote(home)} ";
        io.Output.WriteLine($"{environment}kubectl kustomize --enable-alpha-plugins DIR   # DIR: a kustomization listing the AgentSet (no config.kubernetes.io/function annotation) under generators:");
        return 0;
    }

    /// <summary>
    /// This binary, by the path it was started with when that leads to the same file, symlinks
    /// kept: a package manager's stable link (/usr/local/bin/agentset pointing into a versioned
    /// directory) still works after an upgrade, the file it points to then does not. Null when
    /// running as a .NET assembly (`dotnet agentset.dll`), which no script can restart.
    /// </summary>
    private static string? Executable()
    {
        var process = Environment.ProcessPath;
        if (process is null || Path.GetFileNameWithoutExtension(process) == "dotnet") return null;
        var invoked = Environment.GetCommandLineArgs()[0];
        IEnumerable<string> candidates = invoked.Contains('/', StringComparison.Ordinal)
            ? [invoked]
            : (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries).Select(d => Path.Combine(d, invoked));
        return candidates.Where(File.Exists).Select(Path.GetFullPath).FirstOrDefault(c => Resolved(c) == Resolved(process)) ?? process;
    }

    private static string Resolved(string path) => File.ResolveLinkTarget(path, returnFinalTarget: true)?.FullName ?? Path.GetFullPath(path);

    /// <summary>
    /// The plugin home kustomize uses: the first of $KUSTOMIZE_PLUGIN_HOME,
    /// $XDG_CONFIG_HOME/kustomize/plugin, ~/.config/kustomize/plugin and ~/kustomize/plugin that
    /// exists; when none does, the first of them that is set (kustomize will find it once
    /// created). Null without HOME and without the variables.
    /// </summary>
    public static string? DefaultPluginHome()
    {
        static string? Variable(string name) => Environment.GetEnvironmentVariable(name) is { Length: > 0 } value ? value : null;
        var userHome = Variable("HOME");
        string?[] candidates =
        [
            Variable("KUSTOMIZE_PLUGIN_HOME"),
            Variable("XDG_CONFIG_HOME") is { } xdg ? Path.Combine(xdg, "kustomize", "plugin") : null,
            userHome is null ? null : Path.Combine(userHome, ".config", "kustomize", "plugin"),
            userHome is null ? null : Path.Combine(userHome, "kustomize", "plugin"),
        ];
        var found = candidates.FirstOrDefault(Directory.Exists) ?? candidates.FirstOrDefault(c => c is not null);
        return found is null ? null : Path.GetFullPath(found);
    }

    /// <summary>The script kustomize runs: this binary in plugin mode, or a clear error if it is gone.</summary>
    private static string Script(string binary) => $"""
        #!/bin/sh
        {Marker}
        # kustomize runs it with the generator's config (the AgentSet) in a temporary file as $1.
        agentset={ShellQuote(binary)}
        if [ ! -x "$agentset" ]; then
          echo "error: the AgentSet kustomize plugin runs $agentset, which is not there any more: run 'agentset kustomize install-plugin' again" >&2
          exit 1
        fi
        exec "$agentset" kustomize plugin "$@"

        """;

    private static bool IsOurs(string text) => text.Split('\n').ElementAtOrDefault(1) == Marker;

    /// <summary>The text at the plugin's path; null when nothing is there. A symlink or a directory is never ours.</summary>
    private static string? Existing(string plugin)
    {
        var info = new FileInfo(plugin);
        if (info.LinkTarget is not null) return $"a symbolic link to {info.LinkTarget}";
        if (Directory.Exists(plugin)) return "a directory";
        return info.Exists ? File.ReadAllText(plugin) : null;
    }

    /// <summary>Written next to its place and renamed onto it: kustomize never runs a half-written script.</summary>
    private static void Write(string plugin, string script)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(plugin)!);
        var temporary = plugin + ".tmp-" + Environment.ProcessId;
        var created = false;
        try
        {
            var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
            // Executable (kustomize checks the mode bits), as the umask allows.
            if (!OperatingSystem.IsWindows())
                options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
                    | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute;
            using (var stream = new FileStream(temporary, options))
            {
                created = true;
                using var writer = new StreamWriter(stream);
                writer.Write(script);
            }
            File.Move(temporary, plugin, overwrite: true);
            created = false;
        }
        finally
        {
            if (created) File.Delete(temporary);
        }
    }

    /// <summary>A word for sh: single-quoted, each ' written as '\''.</summary>
    private static string ShellQuote(string text) => "'" + text.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
}
