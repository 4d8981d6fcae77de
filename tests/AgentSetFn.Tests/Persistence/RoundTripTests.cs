using System.Diagnostics;
using System.Runtime.Versioning;
using AgentSetFn.Tests.Support;
using Xunit.Abstractions;
using static AgentSetFn.Tests.Persistence.PersistenceBed;

namespace AgentSetFn.Tests.Persistence;

/// <summary>
/// The rendered restore and backup commands against a real S3 server with the real AWS CLI v2:
/// what a first boot, a login, a restart, a deletion and a big file do to the bucket and the home.
/// </summary>
public sealed class RoundTripTests(S3Server s3, ITestOutputHelper output) : IClassFixture<S3Server>
{
    [Theory]
    [MemberData(nameof(Clis), MemberType = typeof(PersistenceBed))]
    public void First_boot_with_an_empty_bucket_restores_nothing_and_succeeds(string cli)
    {
        var bucket = s3.CreateBucket();
        using var pod = Pod(s3, bucket, cli);

        var (exit, log) = pod.Run(Restore, Hook.Command);

        Assert.True(exit == 0, log);
        Assert.Contains($"restoring from s3://{bucket}/{Prefix(cli)} (endpoint {s3.Endpoint}", log, StringComparison.Ordinal);
        // Only the marker that lets the backup run; no file, no directory.
        Assert.Equal([Marker], Directory.GetFileSystemEntries(pod.Home).Select(Path.GetFileName));
        Assert.Empty(File.ReadAllBytes(Path.Combine(pod.Home, Marker)));
        Assert.Empty(s3.Keys(bucket, Prefix(cli)));
    }

    [Theory]
    [MemberData(nameof(Clis), MemberType = typeof(PersistenceBed))]
    public void A_periodic_backup_uploads_exactly_the_persisted_paths(string cli)
    {
        var bucket = s3.CreateBucket();
        var home = LoggedIn(cli);
        using var pod = LoggedInPod(s3, bucket, cli, home);
        var before = Files(pod.Home);

        using (var loop = StartLoop(pod, FastSync))
        {
            loop.WaitForLog("agentset-backup: synced to");
        } // killed, not stopped: what is in the bucket came from a periodic round

        SameFiles(home.Persisted, s3.Objects(bucket, Prefix(cli)));
        // The sidecar mounts the home read-only: backing up must not need to write to it.
        SameFiles(before, Files(pod.Home));
    }

    [Theory]
    [MemberData(nameof(Clis), MemberType = typeof(PersistenceBed))]
    [UnsupportedOSPlatform("windows")]
    public void A_restarted_pod_gets_every_persisted_file_back_byte_identical_and_private(string cli)
    {
        var bucket = s3.CreateBucket();
        var home = LoggedIn(cli);
        using (var first = LoggedInPod(s3, bucket, cli, home)) BackedUp(first);

        using var second = Pod(s3, bucket, cli); // another node: a fresh, empty home
        Restored(second);

        SameFiles(home.Persisted, State(second.Home));
        foreach (var path in home.LoginFiles) Assert.True(File.Exists(Path.Combine(second.Home, path)), $"{path} was not restored");
        const UnixFileMode groupOrOther = UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute
            | UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;
        foreach (var entry in Directory.GetFileSystemEntries(second.Home, "*", SearchOption.AllDirectories))
            Assert.True((File.GetUnixFileMode(entry) & groupOrOther) == 0, $"{Path.GetRelativePath(second.Home, entry)} is {File.GetUnixFileMode(entry)}: readable beyond its owner");
    }

    [Fact]
    public void A_file_deleted_locally_stays_in_the_bucket_and_comes_back_on_restore()
    {
        var bucket = s3.CreateBucket();
        var home = LoggedIn("claude");
        using (var first = LoggedInPod(s3, bucket, "claude", home))
        {
            BackedUp(first);
            // A CLI that logs out, or a crash that truncates its home, removes the file; the backup keeps it.
            File.Delete(Path.Combine(first.Home, ".claude/.credentials.json"));
            BackedUp(first);
        }
        SameFiles(home.Persisted, s3.Objects(bucket, Prefix("claude")));

        using var second = Pod(s3, bucket, "claude");
        Restored(second);
        SameFiles(home.Persisted, State(second.Home));
    }

    [Fact]
    public void Two_agents_in_one_bucket_never_see_each_others_files()
    {
        var bucket = s3.CreateBucket();
        var deploymentsOf = AgentSet(bucket, s3.Endpoint, ["kiro", "claude"]);
        var homes = new Dictionary<string, Home>(StringComparer.Ordinal) { ["kiro"] = LoggedIn("kiro"), ["claude"] = LoggedIn("claude") };
        foreach (var (agent, home) in homes)
        {
            using var pod = new LocalPod(Deployment(deploymentsOf, agent), Secrets());
            Restored(pod);
            home.WriteTo(pod.Home);
            // Each agent also leaves the other CLI's login file in its home: not its path, not uploaded.
            Write(pod.Home, agent == "kiro" ? ".claude.json" : ".local/share/kiro-cli/data.sqlite3", "stray"u8.ToArray());
            BackedUp(pod);
        }

        foreach (var (agent, home) in homes)
        {
            SameFiles(home.Persisted, s3.Objects(bucket, Prefix(agent)));
            using var pod = new LocalPod(Deployment(deploymentsOf, agent), Secrets());
            Restored(pod);
            SameFiles(home.Persisted, State(pod.Home));
        }
    }

    [Fact]
    public void Wrong_credentials_fail_the_restore_and_the_backup_loudly_without_printing_the_secret()
    {
        var bucket = s3.CreateBucket();
        var deployment = Deployment(AgentSet(bucket, s3.Endpoint, ["codex"]), "codex");
        // s3rver rejects an unknown access key id; it does not check signatures, so a wrong
        // secret alone would pass here (real S3 rejects it with SignatureDoesNotMatch).
        const string secret = "wrong-secret-never-logged";
        using var wrong = new LocalPod(deployment, Secrets("AKIAWRONGKEYID000000", secret));

        var (restoreExit, restoreLog) = wrong.Run(Restore, Hook.Command);
        Assert.NotEqual(0, restoreExit);
        Assert.Contains("InvalidAccessKeyId", restoreLog, StringComparison.Ordinal);
        Assert.Contains($"agentset-restore: failed to restore from s3://{bucket}/{Prefix("codex")} (endpoint {s3.Endpoint}", restoreLog, StringComparison.Ordinal);

        // Keys rotated under a running pod: the home was restored, the backup now fails loudly.
        File.WriteAllBytes(Path.Combine(wrong.Home, Marker), []);
        LoggedIn("codex").WriteTo(wrong.Home);
        var (backupExit, backupLog) = wrong.Run(Backup, Hook.PreStop);
        Assert.NotEqual(0, backupExit);
        Assert.Contains($"agentset-backup: sync to s3://{bucket}/{Prefix("codex")} (endpoint {s3.Endpoint}", backupLog, StringComparison.Ordinal);
        Assert.Contains("failed", backupLog, StringComparison.Ordinal);

        Assert.DoesNotContain(secret, restoreLog + backupLog, StringComparison.Ordinal);
        Assert.Empty(s3.Keys(bucket, Prefix("codex")));
    }

    [Fact]
    public void A_bucket_that_does_not_exist_fails_the_restore_naming_it()
    {
        using var pod = Pod(s3, "no-such-bucket", "gemini");
        var (exit, log) = pod.Run(Restore, Hook.Command);
        Assert.NotEqual(0, exit);
        Assert.Contains("NoSuchBucket", log, StringComparison.Ordinal);
        Assert.Contains("failed to restore from s3://no-such-bucket/team/gemini", log, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(pod.Home, Marker)));
    }

    [Fact]
    public void A_minio_style_endpoint_by_host_name_works_with_path_style_addressing()
    {
        // Like http://minio.minio.svc:9000: a host name. Virtual-hosted addressing would ask for
        // <bucket>.localhost, which does not resolve; only path-style requests reach the server.
        var bucket = s3.CreateBucket();
        var agentSet = AgentSet(bucket, $"http://localhost:{s3.Port}", ["kiro"]);
        var home = LoggedIn("kiro");
        using (var first = new LocalPod(Deployment(agentSet, "kiro"), Secrets()))
        {
            Restored(first);
            home.WriteTo(first.Home);
            BackedUp(first);
            var config = File.ReadAllText(Path.Combine(first.Env(first.Container(Backup))["TMPDIR"], "agentset-aws", "config"));
            Assert.Contains("addressing_style = path", config, StringComparison.Ordinal);
        }
        using var second = new LocalPod(Deployment(agentSet, "kiro"), Secrets());
        Restored(second);
        SameFiles(home.Persisted, State(second.Home));
    }

    [Fact]
    public void A_50_MB_state_file_backs_up_and_restores()
    {
        var bucket = s3.CreateBucket();
        // kiro's SQLite database after months of use: the largest login state of these CLIs.
        var big = new Dictionary<string, byte[]>(StringComparer.Ordinal)
        {
            [".local/share/kiro-cli/data.sqlite3"] = System.Security.Cryptography.RandomNumberGenerator.GetBytes(50 * 1024 * 1024),
        };
        var backup = new Stopwatch();
        using (var first = Pod(s3, bucket, "kiro"))
        {
            Restored(first);
            Write(first.Home, big.Keys.Single(), big.Values.Single());
            backup.Start();
            BackedUp(first);
            backup.Stop();
        }
        var restore = Stopwatch.StartNew();
        using var second = Pod(s3, bucket, "kiro");
        Restored(second);
        restore.Stop();

        SameFiles(big, State(second.Home));
        // Reported, not asserted: docs/persistence.md quotes it; machines differ.
        output.WriteLine($"50 MB state file: backup {backup.Elapsed.TotalSeconds:F1}s, restore {restore.Elapsed.TotalSeconds:F1}s (AWS CLI {PersistenceTools.Aws}, s3rver on loopback)");
    }
}
