using AgentSetFn.Tests.Support;
using static AgentSetFn.Tests.Persistence.PersistenceBed;

namespace AgentSetFn.Tests.Persistence;

/// <summary>
/// S3 going away: the server is stopped and started again on the same port and data, so the
/// endpoint refuses connections as an unreachable MinIO or a broken network would. Tests in a
/// class run one at a time, so the outage touches no other test.
/// </summary>
public sealed class OutageTests(S3Server s3) : IClassFixture<S3Server>
{
    /// <summary>A bucket holding a backed-up claude home.</summary>
    private (string Bucket, Home Home) BackedUpBucket()
    {
        var bucket = s3.CreateBucket();
        var home = LoggedIn("claude");
        using var pod = LoggedInPod(s3, bucket, "claude", home);
        BackedUp(pod);
        return (bucket, home);
    }

    /// <summary>Runs the action with S3 down, and brings it back whatever happens.</summary>
    private void WhileS3IsDown(Action action)
    {
        s3.Stop();
        try { action(); }
        finally { s3.Start(); }
    }

    [Fact]
    public void Restore_with_S3_unreachable_exits_non_zero_naming_endpoint_and_bucket_and_changes_nothing()
    {
        var (bucket, home) = BackedUpBucket();
        using var pod = Pod(s3, bucket, "claude");

        WhileS3IsDown(() =>
        {
            var (exit, log) = pod.Run(Restore, Hook.Command);
            Assert.NotEqual(0, exit);
            Assert.Contains($"agentset-restore: failed to restore from s3://{bucket}/{Prefix("claude")} (endpoint {s3.Endpoint}, region us-east-1); the pod will retry", log, StringComparison.Ordinal);
        });

        Assert.False(File.Exists(Path.Combine(pod.Home, Marker)));
        SameFiles(home.Persisted, s3.Objects(bucket, Prefix("claude")));
        // Kubernetes retries the init container; once S3 is back the same pod starts logged in.
        Restored(pod);
        SameFiles(home.Persisted, State(pod.Home));
    }

    [Fact]
    public void A_failed_restore_never_leads_to_a_backup_that_empties_or_overwrites_the_prefix()
    {
        var (bucket, home) = BackedUpBucket();
        using var pod = Pod(s3, bucket, "claude");
        WhileS3IsDown(() => Assert.NotEqual(0, pod.Run(Restore, Hook.Command).Exit));
        // Whatever the agent would write into its logged-out home must not reach the bucket.
        Write(pod.Home, ".claude.json", "{}"u8.ToArray());

        var (hookExit, hookLog) = pod.Run(Backup, Hook.PreStop);
        using var loop = StartLoop(pod, FastSync);
        var loopExit = loop.WaitForExit();

        Assert.Equal(1, hookExit);
        Assert.Equal(1, loopExit);
        Assert.Contains($"was not restored from S3; refusing to back it up over s3://{bucket}/{Prefix("claude")}", hookLog, StringComparison.Ordinal);
        Assert.Contains("refusing to back it up", loop.Log, StringComparison.Ordinal);
        SameFiles(home.Persisted, s3.Objects(bucket, Prefix("claude")));
    }

    [Fact]
    public void The_backup_loop_logs_an_outage_keeps_running_and_catches_up_when_S3_is_back()
    {
        var bucket = s3.CreateBucket();
        var home = LoggedIn("gemini");
        using var pod = LoggedInPod(s3, bucket, "gemini", home);
        using var loop = StartLoop(pod, FastSync);
        loop.WaitForLog("agentset-backup: synced to");

        var login = home.LoginFiles[0];
        var refreshed = Refreshed(home.Persisted[login]);
        WhileS3IsDown(() =>
        {
            Write(pod.Home, login, refreshed);
            loop.WaitForLog($"agentset-backup: sync to s3://{bucket}/{Prefix("gemini")} (endpoint {s3.Endpoint}, region us-east-1) failed; will retry");
            Assert.False(loop.HasExited, loop.Log);
        });

        AwaitUpload(s3, bucket, "gemini", login, refreshed, loop);
    }
}
