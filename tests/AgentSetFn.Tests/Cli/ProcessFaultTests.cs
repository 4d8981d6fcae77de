using System.Text;
using System.Text.RegularExpressions;
using AgentSetFn.Tests.Support;
using static AgentSetFn.Tests.Support.Output;

namespace AgentSetFn.Tests.Cli;

/// <summary>
/// Faults of the process's surroundings, through the Native AOT binary: stdout on a full disk
/// or a closed pipe, files that cannot be read, stdin that is too large or not UTF-8. Each is
/// one error line in agentset's own words on stderr and exit 1; never a stack trace, never a
/// runtime resource key (the binary is built with UseSystemResourceKeys), never a silently
/// replaced character.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")] // file modes, FIFOs and /dev/full
public sealed partial class ProcessFaultTests : IDisposable
{
    private readonly TempDirectory _dir = new("agentset-faults-");

    public ProcessFaultTests() =>
        // Reachable by the unprivileged user of the permission test.
        File.SetUnixFileMode(_dir, (UnixFileMode)Convert.ToInt32("755", 8));

    public void Dispose() => _dir.Dispose();

    private static readonly string Kiro = Path.Combine(Repo.Fixtures, "kiro", "agentset.yaml");
    private static readonly string Values = Path.Combine(Repo.Fixtures, "migrate-agents", "values.yaml");

    // Resource keys look like IO_FileNotFound_FileName or UnauthorizedAccess_IODenied_Path.
    [GeneratedRegex(@"\b[A-Za-z]+_[A-Z][a-z]+")]
    private static partial Regex ResourceKey();

    [GeneratedRegex(@"^\s+at ", RegexOptions.Multiline)]
    private static partial Regex StackFrame();

    /// <summary>Exit 1 and exactly one error line, containing <paramref name="expected"/>; nothing from the runtime.</summary>
    private static void AssertOneCleanError(RunResult run, string expected)
    {
        Assert.True(run.ExitCode == 1, $"exit {run.ExitCode}\n{run.Error}");
        var lines = run.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var error = Assert.Single(lines, l => l.StartsWith("error:", StringComparison.Ordinal));
        Assert.Contains(expected, error, StringComparison.Ordinal);
        Assert.All(lines, l => Assert.Matches("^(error|warning|info): ", l));
        Assert.DoesNotMatch(StackFrame(), run.Error);
        Assert.DoesNotMatch(ResourceKey(), run.Error);
        Assert.DoesNotContain("Unhandled exception", run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("System.", run.Error, StringComparison.Ordinal);
    }

    /// <summary>The binary run by sh with a redirection: $0 is the binary, "$@" the arguments.</summary>
    private static RunResult Shell(string script, byte[]? stdin, params string[] args) =>
        Binary.Exec("/bin/sh", stdin is null ? null : Encoding.UTF8.GetString(stdin), null, ["-c", script, Binary.Path, .. args]);

    /// <summary>A ResourceList of about <paramref name="kilobytes"/> KiB of ConfigMaps, with the kiro AgentSet.</summary>
    private static string LargeList(int kilobytes)
    {
        var payload = new string('x', 1000);
        var items = Enumerable.Range(0, kilobytes).Select(i =>
            $"apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm-{i}\n  annotations: {{config.kubernetes.io/path: 'big/cm-{i}.yaml'}}\ndata: {{payload: {payload}}}\n");
        return FunctionRunner.ResourceList(File.ReadAllText(Kiro), "agentset.yaml", [.. items]);
    }

    /// <summary>An AgentSet next to a ConfigMap of 200 KiB, for `render --include-resources` with a large output.</summary>
    private string LargeDirectory()
    {
        var dir = Path.Combine(_dir, "app");
        Directory.CreateDirectory(dir);
        File.Copy(Kiro, Path.Combine(dir, "agentset.yaml"));
        File.WriteAllText(Path.Combine(dir, "big.yaml"), $"apiVersion: v1\nkind: ConfigMap\nmetadata: {{name: big}}\ndata: {{payload: {new string('x', 200 * 1024)}}}\n");
        return dir;
    }

    public static TheoryData<string> Commands => new(["krm", "render", "schema", "migrate"]);

    private (string[] Args, byte[]? Stdin) Command(string command) => command switch
    {
        "krm" => ([], Encoding.UTF8.GetBytes(LargeList(200))),
        "render" => (["render", "--include-resources", LargeDirectory()], null),
        "schema" => (["schema", "--crd"], null),
        _ => (["migrate", Values], null),
    };

    [Fact]
    public void Stdout_redirected_to_a_file_is_written_at_the_files_offset_so_what_the_shell_writes_around_it_stays()
    {
        // `>` opens one file description for the whole group: each program must write at its
        // shared offset and move it, or the next one overwrites what came before.
        var file = Path.Combine(_dir, "out.txt");
        var schema = Binary.Run(null, null, "schema");
        Assert.Equal(0, schema.ExitCode);
        var run = Shell($"{{ echo BEGIN; \"$0\" schema; \"$0\" schema; echo END; }} > '{file}'", null);
        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Equal("BEGIN\n" + schema.Output + schema.Output + "END\n", File.ReadAllText(file));

        // stderr sent to the same file: the warnings and the objects both arrive, whole.
        var warned = Shell($"\"$0\" render \"$1\" > '{file}' 2>&1", null, Path.Combine(Repo.Fixtures, "inline-token", "agentset.yaml"));
        var alone = Binary.Run(null, null, "render", Path.Combine(Repo.Fixtures, "inline-token", "agentset.yaml"));
        Assert.True(warned.ExitCode == 0 && alone.Error.Contains("warning:", StringComparison.Ordinal), alone.Error);
        var text = File.ReadAllText(file);
        Assert.Equal(alone.Output.Length + alone.Error.Length, text.Length);
        Assert.Contains(alone.Output, text, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Commands))]
    public void Stdout_on_a_full_disk_is_one_error_line_and_exit_1(string command)
    {
        var (args, stdin) = Command(command);
        var run = Shell("exec \"$0\" \"$@\" > /dev/full", stdin, args);
        AssertOneCleanError(run, "error: cannot write to stdout: no space left on the device");
    }

    [Theory]
    [MemberData(nameof(Commands))]
    public void Stdout_to_a_pipe_whose_reader_is_gone_is_one_error_line_and_exit_1(string command)
    {
        // stdout is a FIFO whose only reader (fd 3) is closed before the binary starts: every
        // write fails with EPIPE, which .NET's console stream ignores (exit 0, output lost).
        var (args, stdin) = Command(command);
        var fifo = Path.Combine(_dir, "fifo");
        var run = Shell("f=$1; shift; mkfifo \"$f\" && exec 3<>\"$f\" 1>\"$f\" 3<&- && exec \"$0\" \"$@\"", stdin, [fifo, .. args]);
        AssertOneCleanError(run, "error: cannot write to stdout: the reader closed the pipe");
    }

    [Fact]
    public void A_closed_descriptor_is_reported_never_taken_for_another()
    {
        // A stream opened later takes the lowest free descriptor: stdout must not become stderr's copy.
        AssertOneCleanError(Shell("exec \"$0\" <&-", null), "error: cannot read stdin: the stream is closed");
        var noStdout = Shell("exec \"$0\" schema >&-", null);
        AssertOneCleanError(noStdout, "error: cannot write to stdout: the stream is closed");
        Assert.DoesNotContain("$schema", noStdout.Error, StringComparison.Ordinal);

        // Without stderr there is nowhere to report to; the output is whole and the exit code 0.
        var noStderr = Shell("exec \"$0\" schema 2>&-", null);
        Assert.Equal(0, noStderr.ExitCode);
        Assert.Equal(Binary.Run(null, null, "schema").Output, noStderr.Output);
    }

    /// <summary>A path that cannot be read, made for real (the tests run as root, who reads any file whatever its mode).</summary>
    private string Unreadable(string kind)
    {
        switch (kind)
        {
            case "a directory":
                var directory = Path.Combine(_dir, "values.yaml");
                Directory.CreateDirectory(directory);
                return directory;
            case "a path through a file":
                var file = Path.Combine(_dir, "values.yaml");
                File.WriteAllText(file, "agents: {}\n");
                return Path.Combine(file, "x.yaml");
            case "a dangling symlink":
                var link = Path.Combine(_dir, "values.yaml");
                File.CreateSymbolicLink(link, Path.Combine(_dir, "gone.yaml"));
                return link;
            case "an input/output error":
                return "/proc/self/mem"; // reading at offset 0 fails with EIO
            default:
                var locked = Path.Combine(_dir, "values.yaml");
                File.WriteAllText(locked, "agents: {}\n");
                File.SetUnixFileMode(locked, UnixFileMode.None);
                return locked;
        }
    }

    public static TheoryData<string, string> UnreadableFiles => new()
    {
        { "a directory", "is a directory, not a file" },
        { "a path through a file", "values.yaml is a file, not a directory" },
        { "a dangling symlink", "no such file" },
        { "an input/output error", "cannot read the file: input/output error" },
        { "no permission", "permission denied" },
    };

    [Theory]
    [MemberData(nameof(UnreadableFiles))]
    public void Migrate_names_a_file_it_cannot_read_in_one_line(string kind, string expected)
    {
        var path = Unreadable(kind);
        var run = kind == "no permission" ? AsNobody("migrate", path) : Binary.Run(null, null, "migrate", path);
        AssertOneCleanError(run, $"error: ({path}): ");
        Assert.Contains(expected, run.Error, StringComparison.Ordinal);
        Assert.Equal("", run.Output);
    }

    [Fact]
    public void A_kubernetes_field_of_the_wrong_type_is_reported_in_agentsets_words()
    {
        var file = Path.Combine(_dir, "agentset.yaml");
        File.WriteAllText(file, File.ReadAllText(Kiro) + "      tolerations: [{key: a, tolerationSeconds: abc}]\n      affinity: {nodeAffinity: 5}\n");
        var run = Binary.Run(null, null, "validate", file);
        Assert.Equal(1, run.ExitCode);
        Assert.Contains("is not a valid Kubernetes list of tolerations: a value of the wrong type at [0].tolerationSeconds", run.Error, StringComparison.Ordinal);
        Assert.Contains("is not a valid Kubernetes affinity: a value of the wrong type at nodeAffinity", run.Error, StringComparison.Ordinal);
        Assert.DoesNotMatch(ResourceKey(), run.Error);
        Assert.DoesNotContain("System.", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_refuses_a_file_that_is_not_UTF8_naming_the_line()
    {
        var file = Path.Combine(_dir, "agentset.yaml");
        File.WriteAllBytes(file, [.. File.ReadAllBytes(Kiro), .. "      agentsMd: caf"u8, 0xE9, .. "\n"u8]);
        var run = Binary.Run(null, null, "render", file);
        AssertOneCleanError(run, $"error: ({file}): not valid UTF-8 at line 18, column 20 (byte ");
        Assert.Equal("", run.Output);
    }

    [Theory]
    [InlineData("an input/output error", "input/output error")]
    [InlineData("no permission", "permission denied")]
    public void Render_and_validate_name_a_file_they_cannot_read_in_one_line(string kind, string expected)
    {
        var path = Unreadable(kind);
        foreach (var command in new[] { "render", "validate" })
        {
            var run = kind == "no permission" ? AsNobody(command, path) : Binary.Run(null, null, command, path);
            AssertOneCleanError(run, $"error: ({path}): ");
            Assert.Contains(expected, run.Error, StringComparison.Ordinal);
            Assert.Equal("", run.Output);
        }
    }

    /// <summary>The binary as an unprivileged user when the tests run as root, so a file's mode applies.</summary>
    private static RunResult AsNobody(params string[] args) =>
        Environment.UserName == "root"
            ? Binary.Exec("setpriv", null, null, ["--reuid=65534", "--regid=65534", "--clear-groups", Binary.Path, .. args])
            : Binary.Run(null, null, args);

    [Fact]
    public void Stdin_past_the_cap_is_refused_with_the_cap_named()
    {
        var tooLarge = new byte[64 * 1024 * 1024 + 1];
        tooLarge.AsSpan().Fill((byte)'#');
        var run = Binary.RunBytes(tooLarge, null);
        AssertOneCleanError(run, "error: stdin is larger than 64 MiB, the most agentset reads");
        Assert.Contains("stdin is larger than 64 MiB", Str(Assert.Single(new Output(run.Output).Results), "message"), StringComparison.Ordinal);

        // Endless input ends the same way, in bounded memory.
        var endless = Shell("exec \"$0\" < /dev/zero", null);
        AssertOneCleanError(endless, "error: stdin is larger than 64 MiB, the most agentset reads");
    }

    [Fact]
    public void Stdin_up_to_the_cap_is_read()
    {
        // A comment of just under 64 MiB, then a ResourceList: read, not refused.
        var list = Encoding.UTF8.GetBytes(FunctionRunner.ResourceList(File.ReadAllText(Kiro)));
        var input = new byte[64 * 1024 * 1024];
        input.AsSpan().Fill((byte)' ');
        input[0] = (byte)'#';
        input[^(list.Length + 1)] = (byte)'\n';
        list.CopyTo(input, input.Length - list.Length);
        var run = Binary.RunBytes(input, null);
        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Single(new Output(run.Output).OfKind("Deployment"));
    }
}
