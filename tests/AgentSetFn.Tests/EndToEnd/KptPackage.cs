using AgentSetFn.Tests.Support;

namespace AgentSetFn.Tests.EndToEnd;

/// <summary>A kpt package in a temp directory, and the real kpt binary run on it.</summary>
internal sealed class KptPackage : IDisposable
{
    public string Root { get; } = Directory.CreateTempSubdirectory("agentset-kpt-").FullName;

    public void Dispose() => Directory.Delete(Root, recursive: true);

    public string PathOf(string relative) => Path.Combine(Root, relative);

    public KptPackage Write(string relative, string text)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(PathOf(relative))!);
        File.WriteAllText(PathOf(relative), text);
        return this;
    }

    public string Read(string relative) => File.ReadAllText(PathOf(relative));

    public bool Exists(string relative) => File.Exists(PathOf(relative));

    /// <summary>A Kptfile whose pipeline runs these (exec, configPath) mutators in order.</summary>
    public KptPackage Kptfile(params (string Exec, string? ConfigPath)[] mutators)
    {
        var steps = string.Concat(mutators.Select(m =>
            $"  - exec: {m.Exec}\n" + (m.ConfigPath is null ? "" : $"    configPath: {m.ConfigPath}\n")));
        return Write("Kptfile", $"""
            apiVersion: kpt.dev/v1
            kind: Kptfile
            metadata:
              name: agents
              annotations:
                config.kubernetes.io/local-config: "true"
            pipeline:
              mutators:

            """ + steps);
    }

    /// <summary>Every file, by path relative to the package (with '/' separators).</summary>
    public Dictionary<string, string> Files() =>
        Directory.GetFiles(Root, "*", SearchOption.AllDirectories)
            .ToDictionary(f => Path.GetRelativePath(Root, f).Replace('\\', '/'), File.ReadAllText);

    public RunResult Render(params string[] extra) => Kpt(["fn", "render", Root, "--allow-exec", .. extra]);

    public RunResult Eval(string fnConfig, params string[] extra) =>
        Kpt(["fn", "eval", Root, "--exec", Binary.Path, "--fn-config", PathOf(fnConfig), .. extra]);

    public static RunResult Kpt(params string[] args) => Binary.Exec("kpt", null, null, args);
}
