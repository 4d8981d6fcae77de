using AgentSetFn.Tests.Support;
using static AgentSetFn.Tests.Persistence.PersistenceBed;

namespace AgentSetFn.Tests.Persistence;

/// <summary>
/// The backup while the agent runs and as it stops: a token refreshed between two periodic
/// rounds reaches the bucket on the next one, and a last change reaches it on termination,
/// by each of the three ways a pod stops its backup.
/// </summary>
public sealed class SyncLoopTests(S3Server s3) : IClassFixture<S3Server>
{
    [Theory]
    [MemberData(nameof(Clis), MemberType = typeof(PersistenceBed))]
    public void A_token_refreshed_after_a_backup_is_uploaded_by_the_next_periodic_sync(string cli)
    {
        var bucket = s3.CreateBucket();
        var home = LoggedIn(cli);
        using var pod = LoggedInPod(s3, bucket, cli, home);
        var login = home.LoginFiles[0];

        using var loop = StartLoop(pod, FastSync);
        AwaitUpload(s3, bucket, cli, login, home.Persisted[login], loop);

        var refreshed = Refreshed(home.Persisted[login]);
        Write(pod.Home, login, refreshed);
        // The agent may crash now: the home (an emptyDir) outlives its container, and the loop
        // picks the change up within a round or two.
        AwaitUpload(s3, bucket, cli, login, refreshed, loop);
    }

    [Fact]
    public void SIGTERM_to_the_backup_loop_uploads_a_last_change_before_it_exits()
    {
        var bucket = s3.CreateBucket();
        var home = LoggedIn("claude");
        using var pod = LoggedInPod(s3, bucket, "claude", home);

        // The rendered 10s interval: the only upload before the first round is the one SIGTERM makes.
        using var loop = StartLoop(pod);
        loop.WaitForLog("agentset-backup: backing up to");
        loop.Terminate();

        Assert.Equal(0, loop.WaitForExit());
        Assert.Equal(1, loop.Occurrences("agentset-backup: synced to"));
        SameFiles(home.Persisted, s3.Objects(bucket, Prefix("claude")));
    }

    [Fact]
    public void The_sidecars_preStop_hook_uploads_a_last_change_while_the_loop_sleeps()
    {
        var bucket = s3.CreateBucket();
        var home = LoggedIn("codex");
        using var pod = LoggedInPod(s3, bucket, "codex", home);

        using var loop = StartLoop(pod);
        loop.WaitForLog("agentset-backup: backing up to");
        // The kubelet runs the preStop hook in the sidecar after the agent has stopped.
        BackedUp(pod);
        Assert.Equal(0, loop.Occurrences("agentset-backup: synced to"));
        SameFiles(home.Persisted, s3.Objects(bucket, Prefix("codex")));
    }

    [Fact]
    public void The_agents_own_preStop_hook_uploads_a_last_change_with_keys_read_from_the_mounted_secret()
    {
        var bucket = s3.CreateBucket();
        var home = LoggedIn("kiro");
        using var pod = LoggedInPod(s3, bucket, "kiro", home, backup: "preStop");
        Assert.DoesNotContain(pod.Env(pod.Container(Agent)).Keys, k => k.StartsWith("AWS_ACCESS", StringComparison.Ordinal) || k.StartsWith("AWS_SECRET", StringComparison.Ordinal));
        var login = home.LoginFiles[0];
        Write(pod.Home, login, Refreshed(home.Persisted[login]));

        var (exit, log) = pod.Run(Agent, Hook.PreStop);

        Assert.True(exit == 0, log);
        var expected = home.Persisted.ToDictionary(StringComparer.Ordinal);
        expected[login] = Refreshed(home.Persisted[login]);
        SameFiles(expected, s3.Objects(bucket, Prefix("kiro")));
    }
}
