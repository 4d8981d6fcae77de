using System.Security.Cryptography;
using System.Text.Json.Nodes;
using AgentSetFn.Access;
using AgentSetFn.Tests.Support;
using static AgentSetFn.Tests.Persistence.PersistenceBed;

namespace AgentSetFn.Tests.Access;

/// <summary>
/// The printed policy against the requests the rendered restore and backup really send. No S3
/// server installable here enforces IAM policies (s3rver ignores them; MinIO's server is in no
/// registry here), so the policy is tested as data: the agent's pod runs its restore and backups
/// (a first boot, a login, a big file sent in parts, a restart, a failed upload) through a
/// recording proxy in front of s3rver; each recorded request becomes its IAM action, resource
/// and s3:prefix; and a small IAM evaluator (<see cref="IamEvaluator"/>) decides them against
/// what `agentset policy` printed. The agent's own requests must all be allowed; the same
/// requests on its neighbour's prefix must all be denied. The last tests show both checks fail
/// with a policy that is wrong in either direction.
/// </summary>
public sealed class PolicyAgainstRequestsTests(RecordedRequests recorded) : IClassFixture<RecordedRequests>
{
    private const string Agent = RecordedRequests.Agent;
    private const string Neighbour = RecordedRequests.Neighbour;

    private (IReadOnlyList<S3Request> Requests, string Bucket) Record() => (recorded.Requests, recorded.Bucket);

    private List<JsonNode> Policies(string agent, string bucket) => recorded.Policies(agent, bucket);

    [Fact]
    public void Every_request_of_the_restore_and_backup_is_allowed_by_the_agents_policy()
    {
        var (requests, bucket) = Record();
        // The agent's own policy in both languages, and the whole set's.
        foreach (var policy in Policies(Agent, bucket).Append(recorded.SetPolicy(bucket)))
            Assert.True(IamEvaluator.Denied(policy, requests) is [], Describe("denied", IamEvaluator.Denied(policy, requests)));
    }

    [Fact]
    public void The_same_requests_on_the_neighbours_prefix_are_all_denied()
    {
        var (requests, bucket) = Record();
        var moved = requests.Select(r => r.MovedTo(Prefix(Agent) + "/", Prefix(Neighbour) + "/")).ToList();
        Assert.All(moved, r => Assert.Contains($"/{Prefix(Neighbour)}/", r.Resource + "/" + string.Concat(r.Conditions.Values), StringComparison.Ordinal));
        foreach (var policy in Policies(Agent, bucket))
        {
            var allowed = moved.Where(r => IamEvaluator.Allows(policy, r)).ToList();
            Assert.True(allowed is [], Describe("allowed on the neighbour's prefix", allowed));
        }
        // And the neighbour's own policy denies the agent's requests.
        foreach (var policy in Policies(Neighbour, bucket))
            Assert.Equal(requests.Count, IamEvaluator.Denied(policy, requests).Count);
    }

    [Fact]
    public void The_policy_allows_exactly_the_actions_the_CLI_uses_and_never_a_delete()
    {
        var (requests, bucket) = Record();
        Assert.Equal(
            [StoragePolicy.ListAction, .. StoragePolicy.ObjectActions],
            requests.Select(r => r.Action).Distinct().OrderBy(a => Array.IndexOf([StoragePolicy.ListAction, .. StoragePolicy.ObjectActions], a)));
        // The listings are below the agent's prefix only.
        Assert.All(requests.Where(r => r.Action == StoragePolicy.ListAction), r => Assert.Equal(Prefix(Agent) + "/", r.Conditions["s3:prefix"]));
        var ownKey = requests.First(r => r.Action == "s3:PutObject");
        var delete = ownKey with { Method = "DELETE", Action = "s3:DeleteObject" };
        foreach (var policy in Policies(Agent, bucket)) Assert.False(IamEvaluator.Allows(policy, delete));
    }

    [Fact]
    public void A_policy_that_lists_only_the_prefix_itself_fails_the_allowed_check()
    {
        var (requests, bucket) = Record();
        var policy = Policies(Agent, bucket)[0];
        // s3:prefix equal to the prefix without its '/': the CLI's listing (prefix with '/') is refused.
        policy["Statement"]![0]!["Condition"]!["StringLike"]!["s3:prefix"] = Prefix(Agent);
        Assert.NotEmpty(IamEvaluator.Denied(policy, requests));
    }

    [Fact]
    public void A_policy_for_the_whole_bucket_fails_the_denied_check()
    {
        var (requests, bucket) = Record();
        var policy = Policies(Agent, bucket)[0];
        policy["Statement"]![1]!["Resource"] = $"arn:aws:s3:::{bucket}/*";
        policy["Statement"]![0]!["Condition"]!["StringLike"]!["s3:prefix"] = "*";
        var moved = requests.Select(r => r.MovedTo(Prefix(Agent) + "/", Prefix(Neighbour) + "/"));
        Assert.Contains(moved, r => IamEvaluator.Allows(policy, r));
    }

    [Fact]
    public void A_prefix_that_starts_like_the_agents_is_not_reached()
    {
        // team/kiro's keys end their prefix with '/': team/kiro2 is another agent's.
        var (requests, bucket) = Record();
        var lookalike = requests.Select(r => r.MovedTo(Prefix(Agent) + "/", Prefix(Agent) + "2/"));
        foreach (var policy in Policies(Agent, bucket)) Assert.DoesNotContain(lookalike, r => IamEvaluator.Allows(policy, r));
    }

    private static string Describe(string what, IEnumerable<S3Request> requests) => $"{what}:\n{string.Join('\n', requests)}";
}

/// <summary>
/// The agent's requests, recorded once for the class (a pod's restores and backups take seconds):
/// s3rver, the recording proxy in front of it, and the policies the binary prints.
/// </summary>
public sealed class RecordedRequests : IDisposable
{
    public const string Agent = "kiro";
    public const string Neighbour = "claude";
    private readonly S3Server _s3 = new();
    private readonly RecordingProxy _proxyServer;
    private readonly TempDirectory _dir = new("agentset-policy-");

    public RecordedRequests()
    {
        _proxyServer = new RecordingProxy(_s3.Endpoint);
        (Requests, Bucket) = Record(_s3, _proxyServer);
    }

    internal IReadOnlyList<S3Request> Requests { get; }

    public string Bucket { get; }

    public void Dispose()
    {
        _proxyServer.Dispose();
        _s3.Dispose();
        _dir.Dispose();
    }

    /// <summary>
    /// Runs the agent's pod through the proxy: restore on an empty bucket, a login with a file big
    /// enough for a multipart upload, a backup, a restart (restore downloads it in ranges), a backup
    /// with nothing new, and a backup whose upload of a part is refused (the CLI aborts the upload).
    /// </summary>
    private (IReadOnlyList<S3Request> Requests, string Bucket) Record(S3Server s3, RecordingProxy _proxy)
    {
        var bucket = s3.CreateBucket();
        var agentSet = AgentSet(bucket, _proxy.Endpoint, [Agent, Neighbour]);
        var deployment = Deployment(agentSet, Agent);
        var home = LoggedIn(Agent);
        // 9 MiB: above the CLI's 8 MiB multipart threshold.
        var big = RandomNumberGenerator.GetBytes(9 * 1024 * 1024);
        using (var pod = new LocalPod(deployment, Secrets()))
        {
            Restored(pod);
            home.WriteTo(pod.Home);
            Write(pod.Home, ".local/share/kiro-cli/history.bin", big);
            BackedUp(pod);
        }
        using (var restarted = new LocalPod(deployment, Secrets()))
        {
            Restored(restarted);
            Assert.True(File.ReadAllBytes(Path.Combine(restarted.Home, ".local/share/kiro-cli/history.bin")).AsSpan().SequenceEqual(big));
            BackedUp(restarted);
            big[^1] ^= 0x5a;
            Write(restarted.Home, ".local/share/kiro-cli/history.bin", big);
            _proxy.Refuse = (method, url) => method == "PUT" && url.Contains("partNumber=2", StringComparison.Ordinal);
            var (exit, log) = restarted.Run(Backup, Hook.PreStop);
            _proxy.Refuse = null;
            Assert.True(exit != 0, "the refused part should fail the backup:\n" + log);
        }
        var requests = _proxy.Take().Select(r => S3Request.Of(r.Method, r.Url)).ToList();
        Assert.Contains(requests, r => r.Action == "s3:AbortMultipartUpload");
        return (requests, bucket);
    }

    /// <summary>What `agentset policy` prints for the agent: its own policy, in AWS's and MinIO's language.</summary>
    public List<JsonNode> Policies(string agent, string bucket) =>
        [Print(AgentSetFile(bucket, onMinio: false), "--aws", "--agent", agent), Print(AgentSetFile(bucket, onMinio: true), "--minio", "--agent", agent)];

    /// <summary>The policy of the set's two agents together.</summary>
    public JsonNode SetPolicy(string bucket) => Print(AgentSetFile(bucket, onMinio: true), "--minio");

    private string AgentSetFile(string bucket, bool onMinio) =>
        _dir.Write($"{bucket}-{(onMinio ? "minio" : "aws")}.yaml", AgentSet(bucket, onMinio ? _s3.Endpoint : null, [Agent, Neighbour]));

    private static JsonNode Print(string file, params string[] args)
    {
        var run = Binary.Run(null, null, ["policy", file, .. args]);
        Assert.True(run.ExitCode == 0, run.Error);
        return JsonNode.Parse(run.Output)!;
    }
}
