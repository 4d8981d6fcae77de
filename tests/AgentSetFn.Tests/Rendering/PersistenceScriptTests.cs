using AgentSetFn.Tests.Support;

namespace AgentSetFn.Tests.Rendering;

/// <summary>
/// Runs the rendered restore and backup containers' commands (taken from the Deployment, with
/// their env) in a <see cref="LocalPod"/> whose PATH finds a recording `aws` first. This checks
/// what the scripts ask the AWS CLI to do, and how they fail, in milliseconds; the real S3
/// round trip is the job of the tests in Persistence/.
/// </summary>
public sealed class PersistenceScriptTests : IDisposable
{
    private readonly TempDirectory _dir = new("agentset-scripts-");
    private readonly List<LocalPod> _pods = [];
    private string CallLog => Path.Combine(_dir, "aws-calls");

    public PersistenceScriptTests()
    {
        Directory.CreateDirectory(Path.Combine(_dir, "bin"));
        // Records each call's arguments, one per line, and its retry settings, then exits with $FAKE_AWS_EXIT.
        var aws = Path.Combine(_dir, "bin", "aws");
        File.WriteAllText(aws, "#!/bin/sh\nfor a in \"$@\"; do printf '%s\\n' \"$a\"; done >> \"$AWS_CALL_LOG\"\necho '--' >> \"$AWS_CALL_LOG\"\n"
            + "echo \"$AWS_RETRY_MODE $AWS_MAX_ATTEMPTS\" > \"$AWS_CALL_LOG.retry\"\nexit \"${FAKE_AWS_EXIT:-0}\"\n");
        if (!OperatingSystem.IsWindows())
            File.SetUnixFileMode(aws, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }

    public void Dispose()
    {
        foreach (var pod in _pods) pod.Dispose();
        _dir.Dispose();
    }

    /// <summary>A pod of the fixture's Deployment whose PATH finds the recording `aws` first.</summary>
    private LocalPod Pod(string fixture, string deployment)
    {
        var output = new Output(FunctionRunner.RunKrm(FunctionRunner.Fixture(fixture)).Output);
        var secrets = new Dictionary<string, IReadOnlyDictionary<string, string>>(StringComparer.Ordinal)
        {
            ["minio-agent"] = new Dictionary<string, string>(StringComparer.Ordinal) { ["AWS_ACCESS_KEY_ID"] = "minio", ["AWS_SECRET_ACCESS_KEY"] = "minio-secret" },
        };
        var pod = new LocalPod(output.Single("Deployment", deployment), secrets, $"{Path.Combine(_dir, "bin")}:/usr/bin:/bin");
        _pods.Add(pod);
        return pod;
    }

    private Dictionary<string, string> FakeAws(int exit) => new(StringComparer.Ordinal)
    {
        ["AWS_CALL_LOG"] = CallLog,
        ["FAKE_AWS_EXIT"] = exit.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    private (int Exit, string Log) Run(LocalPod pod, string container, Hook hook, int awsExit = 0) =>
        pod.Run(container, hook, FakeAws(awsExit));

    private List<List<string>> Calls() =>
        File.Exists(CallLog)
            ? File.ReadAllText(CallLog).Split("--\n", StringSplitOptions.RemoveEmptyEntries).Select(c => c.TrimEnd('\n').Split('\n').ToList()).ToList()
            : [];

    [Fact]
    public void Restore_syncs_only_the_persisted_paths_with_spaces_and_unicode_intact()
    {
        var pod = Pod("custom-paths", "seed-copilot");
        var (exit, log) = Run(pod, "s3-restore", Hook.Command);

        Assert.Equal(0, exit);
        Assert.Contains("restoring from s3://seed-logins/seed/copilot", log, StringComparison.Ordinal);
        var call = Assert.Single(Calls());
        Assert.Equal(["s3", "sync", "s3://seed-logins/seed/copilot/", pod.Home + "/", "--no-progress", "--only-show-errors",
            "--cli-connect-timeout", "10", "--cli-read-timeout", "30",
            "--exclude", "*",
            "--include", ".config/gh/*", "--include", ".copilot/*", "--include", "notes with spaces/*", "--include", "données/*",
            "--exclude", ".copilot/logs/*"], call);
        Assert.True(File.Exists(Path.Combine(pod.Home, ".agentset-restored")));
    }

    [Fact]
    public void A_path_without_a_trailing_slash_may_be_a_file_or_a_directory()
    {
        Run(Pod("custom-paths", "seed-kiro"), "s3-restore", Hook.Command);
        var call = Assert.Single(Calls());
        Assert.Equal(["--include", ".kiro/settings", "--include", ".kiro/settings/*"], call.Skip(12).Take(4));
    }

    [Fact]
    public void A_failed_restore_exits_non_zero_names_the_bucket_and_leaves_no_marker()
    {
        var pod = Pod("s3-minio", "lab-codex");
        var (exit, log) = Run(pod, "s3-restore", Hook.Command, awsExit: 255);

        Assert.NotEqual(0, exit);
        Assert.Contains("failed to restore from s3://agents/lab/codex (endpoint http://minio.minio.svc:9000", log, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(pod.Home, ".agentset-restored")));
    }

    [Fact]
    public void Minio_endpoints_get_path_style_addressing_and_the_endpoint_flag()
    {
        var pod = Pod("s3-minio", "lab-codex");
        Run(pod, "s3-restore", Hook.Command);
        var tmp = pod.Env(pod.Container("s3-restore"))["TMPDIR"];
        Assert.Contains("addressing_style = path", File.ReadAllText(Path.Combine(tmp, "agentset-aws", "config")), StringComparison.Ordinal);
        // As a flag as well as AWS_ENDPOINT_URL: CLI releases before 2.13 ignore the variable.
        var call = Assert.Single(Calls());
        Assert.Equal("http://minio.minio.svc:9000", call[call.IndexOf("--endpoint-url") + 1]);
    }

    [Fact]
    public void Backup_refuses_to_run_over_a_home_that_was_not_restored()
    {
        var (exit, log) = Run(Pod("kiro", "bots-kiro"), "s3-backup", Hook.PreStop);

        Assert.Equal(1, exit);
        Assert.Contains("was not restored", log, StringComparison.Ordinal);
        Assert.Empty(Calls());
    }

    [Fact]
    public void The_final_backup_uploads_home_to_the_prefix_without_deleting()
    {
        var pod = Pod("kiro", "bots-kiro");
        Run(pod, "s3-restore", Hook.Command);
        var (exit, log) = Run(pod, "s3-backup", Hook.PreStop);

        Assert.Equal(0, exit);
        Assert.Contains("synced to s3://agent-logins/bots/kiro", log, StringComparison.Ordinal);
        var upload = Calls()[1];
        Assert.Equal(["s3", "sync", pod.Home + "/", "s3://agent-logins/bots/kiro/"], upload.Take(4));
        Assert.Equal(["--cli-connect-timeout", "10", "--cli-read-timeout", "30",
            "--exclude", "*", "--include", ".kiro/*", "--include", ".local/share/kiro-cli/*", "--exclude", ".kiro/sessions/*"], upload.Skip(6));
        Assert.DoesNotContain("--delete", upload);
    }

    [Fact]
    public void Every_request_is_bounded_so_the_final_backup_fits_the_grace_period()
    {
        var pod = Pod("kiro", "bots-kiro");
        Run(pod, "s3-restore", Hook.Command);
        Run(pod, "s3-backup", Hook.PreStop);
        // 3 attempts x (10 s connect + 30 s read) = 120 s for one stalled request; the pod's
        // terminationGracePeriodSeconds (150) adds 30 s for the agent to stop first.
        Assert.Equal("standard 3", File.ReadAllText(CallLog + ".retry").Trim());
        Assert.All(Calls(), call => Assert.Equal(["--cli-connect-timeout", "10", "--cli-read-timeout", "30"], call.SkipWhile(a => a != "--cli-connect-timeout").Take(4)));
        Assert.Equal("150", Output.Str(new Output(FunctionRunner.RunKrm(FunctionRunner.Fixture("kiro")).Output).Single("Deployment", "bots-kiro"),
            "spec", "template", "spec", "terminationGracePeriodSeconds"));
    }

    [Fact]
    public async Task The_backup_loop_survives_a_failed_round_and_backs_up_once_more_on_SIGTERM()
    {
        var pod = Pod("kiro", "bots-kiro");
        Run(pod, "s3-restore", Hook.Command);
        var env = FakeAws(1);
        env["AGENTSET_SYNC_INTERVAL"] = "1";
        using var loop = pod.Start("s3-backup", Hook.Command, env);

        // Wait for two failed rounds: the loop keeps going.
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (Calls().Count < 3 && DateTime.UtcNow < deadline) await Task.Delay(100);
        Assert.False(loop.HasExited, "the loop stopped after a failed sync");
        var before = Calls().Count;
        Assert.True(before >= 3);

        loop.Terminate();
        loop.WaitForExit(10);
        Assert.True(Calls().Count > before, "no final backup on SIGTERM");
        Assert.Contains("will retry", loop.Log, StringComparison.Ordinal);
    }
}
