using System.Diagnostics;
using AgentSetFn.Tests.Support;
using YamlDotNet.RepresentationModel;
using static AgentSetFn.Tests.Support.Output;

namespace AgentSetFn.Tests.Rendering;

/// <summary>
/// Runs the rendered restore and backup containers' commands (taken from the Deployment, with
/// their env) under /bin/sh, with a recording `aws` on PATH and a temp dir as the home. This
/// checks what the scripts ask the AWS CLI to do, and how they fail; the real S3 round trip
/// is the persistence suite's job.
/// </summary>
public sealed class PersistenceScriptTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("agentset-scripts-").FullName;
    private string Home => Path.Combine(_dir, "home");
    private string CallLog => Path.Combine(_dir, "aws-calls");

    public PersistenceScriptTests()
    {
        Directory.CreateDirectory(Path.Combine(_dir, "bin"));
        Directory.CreateDirectory(Home);
        // Records each call's arguments, one per line, then exits with $FAKE_AWS_EXIT.
        var aws = Path.Combine(_dir, "bin", "aws");
        File.WriteAllText(aws, "#!/bin/sh\nfor a in \"$@\"; do printf '%s\\n' \"$a\"; done >> \"$AWS_CALL_LOG\"\necho '--' >> \"$AWS_CALL_LOG\"\nexit \"${FAKE_AWS_EXIT:-0}\"\n");
        if (!OperatingSystem.IsWindows())
            File.SetUnixFileMode(aws, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static YamlMappingNode Container(string fixture, string deployment, string name)
    {
        var output = new Output(FunctionRunner.RunKrm(FunctionRunner.Fixture(fixture)).Output);
        var pod = Node(output.Single("Deployment", deployment), "spec", "template", "spec")!;
        return Seq(pod, "initContainers").Concat(Seq(pod, "containers")).Single(c => Str(c, "name") == name);
    }

    private static IReadOnlyList<string> Strings(YamlNode? node) =>
        ((YamlSequenceNode)node!).Children.Select(c => ((YamlScalarNode)c).Value!).ToList();

    /// <summary>The container's command with its rendered env, the home and PATH pointed at the temp dir.</summary>
    private ProcessStartInfo StartInfo(YamlMappingNode container, IReadOnlyList<string> command, int awsExit)
    {
        var start = new ProcessStartInfo(command[0]) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in command.Skip(1)) start.ArgumentList.Add(arg);
        start.Environment.Clear();
        foreach (var env in Seq(container, "env").Where(e => Str(e, "value") is not null))
            start.Environment[Str(env, "name")!] = Str(env, "value");
        start.Environment["AGENTSET_HOME"] = Home;
        start.Environment["HOME"] = _dir;
        start.Environment["TMPDIR"] = _dir;
        start.Environment["PATH"] = $"{Path.Combine(_dir, "bin")}:/usr/bin:/bin";
        start.Environment["AWS_CALL_LOG"] = CallLog;
        start.Environment["FAKE_AWS_EXIT"] = awsExit.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return start;
    }

    private (int Exit, string Stdout, string Stderr) Run(YamlMappingNode container, IReadOnlyList<string> command, int awsExit = 0)
    {
        using var process = Process.Start(StartInfo(container, command, awsExit))!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        Assert.True(process.WaitForExit(30_000), "script did not finish");
        return (process.ExitCode, stdout.Result, stderr.Result);
    }

    private List<List<string>> Calls() =>
        File.Exists(CallLog)
            ? File.ReadAllText(CallLog).Split("--\n", StringSplitOptions.RemoveEmptyEntries).Select(c => c.TrimEnd('\n').Split('\n').ToList()).ToList()
            : [];

    [Fact]
    public void Restore_syncs_only_the_persisted_paths_with_spaces_and_unicode_intact()
    {
        var restore = Container("custom-paths", "seed-copilot", "s3-restore");
        var (exit, stdout, _) = Run(restore, Strings(Node(restore, "command")));

        Assert.Equal(0, exit);
        Assert.Contains("restoring from s3://seed-logins/seed/copilot", stdout, StringComparison.Ordinal);
        var call = Assert.Single(Calls());
        Assert.Equal(["s3", "sync", "s3://seed-logins/seed/copilot/", Home + "/", "--no-progress", "--only-show-errors",
            "--exclude", "*",
            "--include", ".config/gh/*", "--include", ".copilot/*", "--include", "notes with spaces/*", "--include", "données/*",
            "--exclude", ".copilot/logs/*"], call);
        Assert.True(File.Exists(Path.Combine(Home, ".agentset-restored")));
    }

    [Fact]
    public void A_path_without_a_trailing_slash_may_be_a_file_or_a_directory()
    {
        var restore = Container("custom-paths", "seed-kiro", "s3-restore");
        Run(restore, Strings(Node(restore, "command")));
        var call = Assert.Single(Calls());
        Assert.Equal(["--include", ".kiro/settings", "--include", ".kiro/settings/*"], call.Skip(8).Take(4));
    }

    [Fact]
    public void A_failed_restore_exits_non_zero_names_the_bucket_and_leaves_no_marker()
    {
        var restore = Container("s3-minio", "lab-codex", "s3-restore");
        var (exit, _, stderr) = Run(restore, Strings(Node(restore, "command")), awsExit: 255);

        Assert.NotEqual(0, exit);
        Assert.Contains("failed to restore from s3://agents/lab/codex (endpoint http://minio.minio.svc:9000", stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(Home, ".agentset-restored")));
    }

    [Fact]
    public void Minio_endpoints_get_path_style_addressing_and_the_endpoint_flag()
    {
        var restore = Container("s3-minio", "lab-codex", "s3-restore");
        Run(restore, Strings(Node(restore, "command")));
        Assert.Contains("addressing_style = path", File.ReadAllText(Path.Combine(_dir, "agentset-aws", "config")), StringComparison.Ordinal);
        // As a flag as well as AWS_ENDPOINT_URL: CLI releases before 2.13 ignore the variable.
        var call = Assert.Single(Calls());
        Assert.Equal("http://minio.minio.svc:9000", call[call.IndexOf("--endpoint-url") + 1]);
    }

    [Fact]
    public void Backup_refuses_to_run_over_a_home_that_was_not_restored()
    {
        var backup = Container("kiro", "bots-kiro", "s3-backup");
        var preStop = Strings(Node(backup, "lifecycle", "preStop", "exec", "command"));
        var (exit, _, stderr) = Run(backup, preStop);

        Assert.Equal(1, exit);
        Assert.Contains("was not restored", stderr, StringComparison.Ordinal);
        Assert.Empty(Calls());
    }

    [Fact]
    public void The_final_backup_uploads_home_to_the_prefix_without_deleting()
    {
        var restore = Container("kiro", "bots-kiro", "s3-restore");
        Run(restore, Strings(Node(restore, "command")));
        var backup = Container("kiro", "bots-kiro", "s3-backup");
        var (exit, stdout, _) = Run(backup, Strings(Node(backup, "lifecycle", "preStop", "exec", "command")));

        Assert.Equal(0, exit);
        Assert.Contains("synced to s3://agent-logins/bots/kiro", stdout, StringComparison.Ordinal);
        var upload = Calls()[1];
        Assert.Equal(["s3", "sync", Home + "/", "s3://agent-logins/bots/kiro/"], upload.Take(4));
        Assert.Equal(["--exclude", "*", "--include", ".kiro/*", "--include", ".local/share/kiro-cli/*", "--exclude", ".kiro/sessions/*"], upload.Skip(6));
        Assert.DoesNotContain("--delete", upload);
    }

    [Fact]
    public async Task The_backup_loop_survives_a_failed_round_and_backs_up_once_more_on_SIGTERM()
    {
        var restore = Container("kiro", "bots-kiro", "s3-restore");
        Run(restore, Strings(Node(restore, "command")));
        var backup = Container("kiro", "bots-kiro", "s3-backup");
        var command = Strings(Node(backup, "command"));

        var start = StartInfo(backup, command, awsExit: 1);
        start.Environment["AGENTSET_SYNC_INTERVAL"] = "1";
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEndAsync();
        // Wait for two failed rounds: the loop keeps going.
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (Calls().Count < 3 && DateTime.UtcNow < deadline) await Task.Delay(100);
        Assert.False(process.HasExited, "the loop stopped after a failed sync");
        var before = Calls().Count;
        Assert.True(before >= 3);

        using (var kill = Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])) kill.WaitForExit();
        Assert.True(process.WaitForExit(10_000));
        Assert.True(Calls().Count > before, "no final backup on SIGTERM");
        Assert.Contains("will retry", await stderr, StringComparison.Ordinal);
        await stdout;
    }
}
