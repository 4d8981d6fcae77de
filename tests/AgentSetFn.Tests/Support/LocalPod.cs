using System.Diagnostics;
using System.Globalization;
using System.Text;
using YamlDotNet.RepresentationModel;
using static AgentSetFn.Tests.Support.Output;

namespace AgentSetFn.Tests.Support;

/// <summary>Which of a container's commands to run.</summary>
internal enum Hook
{
    /// <summary>The container's command (the restore, the backup loop).</summary>
    Command,
    /// <summary>Its lifecycle.preStop exec command (the final backup).</summary>
    PreStop,
}

/// <summary>
/// One pod of a rendered Deployment, played on this machine. Each volume is a temporary
/// directory: an emptyDir is shared by every container that mounts it, as in a pod, and a Secret
/// volume holds the Secret's keys as files, a projected ServiceAccount token volume a token file
/// naming its audience (<see cref="ProjectedToken"/>). A container's command or preStop hook runs as a
/// process with the container's rendered env, changed only as a kubelet would: secretKeyRefs are
/// resolved from the given Secrets, and values that name a mount path point at that volume's
/// directory here. PATH stands in for the image's. A new LocalPod is a rescheduled pod on
/// another node: every emptyDir starts empty.
/// </summary>
internal sealed class LocalPod : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("agentset-pod-").FullName;
    private readonly YamlNode _spec;
    private readonly IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> _secrets;
    private readonly string _path;

    /// <param name="deployment">The rendered Deployment.</param>
    /// <param name="secrets">The cluster's Secrets by name: key to value.</param>
    /// <param name="path">PATH inside the containers.</param>
    public LocalPod(YamlMappingNode deployment, IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> secrets, string path = PersistenceTools.ScriptPath)
    {
        _spec = Node(deployment, "spec", "template", "spec")!;
        _secrets = secrets;
        _path = path;
    }

    /// <summary>The agent's home: the `home` emptyDir.</summary>
    public string Home => VolumeDir("home");

    public void Dispose() => Directory.Delete(_root, recursive: true);

    public YamlMappingNode Container(string name) =>
        Seq(_spec, "initContainers").Concat(Seq(_spec, "containers")).Single(c => Str(c, "name") == name);

    public static IReadOnlyList<string> CommandOf(YamlMappingNode container, Hook hook) =>
        ((YamlSequenceNode)(hook == Hook.PreStop
            ? Node(container, "lifecycle", "preStop", "exec", "command")
            : Node(container, "command"))!).Children.Select(c => ((YamlScalarNode)c).Value!).ToList();

    /// <summary>The container's rendered env as the kubelet would hand it over (see the class summary).</summary>
    public Dictionary<string, string> Env(YamlMappingNode container)
    {
        var env = new Dictionary<string, string>(StringComparer.Ordinal) { ["PATH"] = _path };
        foreach (var variable in Seq(container, "env"))
        {
            var name = Str(variable, "name")!;
            if (Node(variable, "valueFrom", "secretKeyRef") is { } reference)
                env[name] = SecretValue(Str(reference, "name")!, Str(reference, "key")!);
            else
                env[name] = LocalPath(container, Str(variable, "value") ?? "");
        }
        // Programs fall back to /tmp without TMPDIR; in the pod that is a volume, here it must be said.
        if (!env.ContainsKey("TMPDIR") && LocalPath(container, "/tmp") is var tmp && tmp != "/tmp") env["TMPDIR"] = tmp;
        return env;
    }

    public ProcessStartInfo StartInfo(string container, Hook hook, IReadOnlyDictionary<string, string>? envOverrides = null)
    {
        var node = Container(container);
        var command = CommandOf(node, hook);
        var start = new ProcessStartInfo(command[0]) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in command.Skip(1)) start.ArgumentList.Add(arg);
        start.Environment.Clear();
        foreach (var (name, value) in Env(node)) start.Environment[name] = value;
        foreach (var (name, value) in envOverrides ?? new Dictionary<string, string>()) start.Environment[name] = value;
        return start;
    }

    public ScriptProcess Start(string container, Hook hook, IReadOnlyDictionary<string, string>? envOverrides = null) =>
        new(StartInfo(container, hook, envOverrides));

    /// <summary>Runs the command to its end; returns its exit code and log.</summary>
    public (int Exit, string Log) Run(string container, Hook hook, IReadOnlyDictionary<string, string>? envOverrides = null)
    {
        using var process = Start(container, hook, envOverrides);
        return (process.WaitForExit(), process.Log);
    }

    private string SecretValue(string secret, string key) =>
        _secrets.TryGetValue(secret, out var data) && data.TryGetValue(key, out var value)
            ? value
            : throw new InvalidOperationException($"the Deployment references Secret {secret} key {key}, which the test did not provide");

    /// <summary>What the kubelet's projected token holds here: its audience, in place of a signed JWT.</summary>
    public static string ProjectedToken(string audience) => $"projected-token-for-{audience}";

    /// <summary>A value that names a mounted path, moved to that volume's directory here.</summary>
    private string LocalPath(YamlMappingNode container, string value)
    {
        var mount = Seq(container, "volumeMounts")
            .Where(m => Str(m, "subPath") is null)
            .Select(m => (Path: Str(m, "mountPath")!, Volume: Str(m, "name")!))
            .Where(m => value == m.Path || value.StartsWith(m.Path + "/", StringComparison.Ordinal))
            .OrderByDescending(m => m.Path.Length)
            .FirstOrDefault();
        return mount.Path is null ? value : VolumeDir(mount.Volume) + value[mount.Path.Length..];
    }

    private string VolumeDir(string volume)
    {
        var dir = Path.Combine(_root, volume);
        if (Directory.Exists(dir)) return dir;
        Directory.CreateDirectory(dir);
        var definition = Seq(_spec, "volumes").Single(v => Str(v, "name") == volume);
        // A projected ServiceAccount token: the kubelet writes a token for the audience at the path.
        foreach (var token in Seq(definition, "projected", "sources").Select(s => Node(s, "serviceAccountToken")).OfType<YamlMappingNode>())
            File.WriteAllText(Path.Combine(dir, Str(token, "path")!), ProjectedToken(Str(token, "audience")!));
        if (Str(definition, "secret", "secretName") is { } secretName)
        {
            foreach (var (key, value) in _secrets.TryGetValue(secretName, out var data) ? data : throw new InvalidOperationException($"the Deployment mounts Secret {secretName}, which the test did not provide"))
                File.WriteAllText(Path.Combine(dir, key), value);
        }
        return dir;
    }
}

/// <summary>A running container command: its log (stdout and stderr, as `kubectl logs` shows them) and its signals.</summary>
internal sealed class ScriptProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _log = new();

    public ScriptProcess(ProcessStartInfo start)
    {
        _process = Process.Start(start)!;
        _process.OutputDataReceived += (_, e) => Append(e.Data);
        _process.ErrorDataReceived += (_, e) => Append(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public string Log
    {
        get { lock (_log) return _log.ToString(); }
    }

    public bool HasExited => _process.HasExited;

    private void Append(string? line)
    {
        if (line is null) return;
        lock (_log) _log.Append(line).Append('\n');
    }

    /// <summary>Waits until the log holds <paramref name="text"/> at least <paramref name="count"/> times.</summary>
    public void WaitForLog(string text, int count = 1, int timeoutSeconds = 60)
    {
        var deadline = DateTime.UtcNow.AddSeconds(timeoutSeconds);
        while (Occurrences(text) < count)
        {
            if (_process.HasExited && Occurrences(text) < count) Assert.Fail($"exited ({_process.ExitCode}) before logging `{text}` {count} times:\n{Log}");
            Assert.True(DateTime.UtcNow < deadline, $"no `{text}` {count} times in {timeoutSeconds}s:\n{Log}");
            Thread.Sleep(50);
        }
    }

    public int Occurrences(string text)
    {
        var log = Log;
        var count = 0;
        for (var at = log.IndexOf(text, StringComparison.Ordinal); at >= 0; at = log.IndexOf(text, at + text.Length, StringComparison.Ordinal)) count++;
        return count;
    }

    /// <summary>SIGTERM, as the kubelet stops a container.</summary>
    public void Terminate()
    {
        using var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(CultureInfo.InvariantCulture)]);
        kill.WaitForExit();
    }

    public int WaitForExit(int timeoutSeconds = 120)
    {
        if (!_process.WaitForExit(timeoutSeconds * 1000))
        {
            _process.Kill(entireProcessTree: true);
            Assert.Fail($"did not finish in {timeoutSeconds}s:\n{Log}");
        }
        // Let the log catch up. Bounded: a child the script left behind (the loop's `sleep`) holds
        // the pipes open until it ends; in the pod it dies with the container.
        using var drained = new CancellationTokenSource(TimeSpan.FromSeconds(2));
        try { _process.WaitForExitAsync(drained.Token).GetAwaiter().GetResult(); }
        catch (OperationCanceledException) { }
        return _process.ExitCode;
    }

    public void Dispose()
    {
        if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        _process.Dispose();
    }
}
