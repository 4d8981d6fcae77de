using System.Net;
using System.Net.Sockets;
using System.Text;
using AgentSetFn.Tests.Support;
using static AgentSetFn.Tests.Persistence.PersistenceBed;

namespace AgentSetFn.Tests.Persistence;

/// <summary>
/// What the restore and backup see with the agent's own identity (persistence.s3.serviceAccount),
/// played as in the pod: the projected token is a file in their volume, the variables point the
/// AWS CLI at it, and no key is there. The real AWS CLI then takes the identity's path: with IRSA
/// it goes to STS first (seen as its CONNECT through a proxy that records and refuses it), with
/// Pod Identity to the node's agent, which the tested CLI release (2.9.19) refuses to call: hence
/// the 2.15.0 floor validation sets. The agent's container has neither token nor variables.
/// </summary>
public sealed class IdentityEnvironmentTests
{
    private static string AgentSet(string identity) => $$"""
        apiVersion: agentset.dev/v1alpha1
        kind: AgentSet
        metadata: {name: {{SetName}}, namespace: agents}
        spec:
          agents:
            kiro:
              command: kiro-cli
              discord: {botTokenSecretRef: {name: discord, key: token}, allowedChannels: ["123456789012345678"]}
              persistence:
                s3:
                  enabled: true
                  bucket: team-agent-logins
                  region: eu-west-1
        {{identity}}
        """;

    private const string Irsa = "          serviceAccount: {identity: irsa, roleArn: \"arn:aws:iam::111122223333:role/team-kiro\"}";
    private const string PodIdentity = "          image: {tag: 2.15.0}\n          serviceAccount: {identity: podIdentity}";

    private static readonly IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> OnlyDiscord =
        new Dictionary<string, IReadOnlyDictionary<string, string>>(StringComparer.Ordinal) { ["discord"] = new Dictionary<string, string>(StringComparer.Ordinal) { ["token"] = "x" } };

    [Theory]
    [InlineData(Irsa, "AWS_WEB_IDENTITY_TOKEN_FILE", "sts.amazonaws.com")]
    [InlineData(PodIdentity, "AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE", "pods.eks.amazonaws.com")]
    public void The_AWS_CLI_containers_read_the_projected_token_and_the_agent_has_none(string identity, string variable, string audience)
    {
        using var pod = new LocalPod(Deployment(AgentSet(identity), "kiro"), OnlyDiscord);
        foreach (var container in new[] { Restore, Backup })
        {
            var env = pod.Env(pod.Container(container));
            Assert.Equal(LocalPod.ProjectedToken(audience), File.ReadAllText(env[variable]));
            Assert.DoesNotContain("AWS_ACCESS_KEY_ID", env.Keys);
            Assert.DoesNotContain("AWS_SECRET_ACCESS_KEY", env.Keys);
        }
        var agent = pod.Env(pod.Container(Agent));
        Assert.DoesNotContain(variable, agent.Keys);
        Assert.DoesNotContain(agent.Values, v => v.Contains("serviceaccount", StringComparison.Ordinal));
    }

    [Fact]
    public void With_IRSA_the_restore_exchanges_the_token_with_STS_first()
    {
        using var proxy = new ConnectRecorder();
        using var pod = new LocalPod(Deployment(AgentSet(Irsa), "kiro"), OnlyDiscord);
        var (exit, log) = pod.Run(Restore, Hook.Command, new Dictionary<string, string>(StringComparer.Ordinal) { ["HTTPS_PROXY"] = proxy.Url });
        Assert.NotEqual(0, exit);
        Assert.Contains("agentset-restore: failed to restore from s3://team-agent-logins/team/kiro", log, StringComparison.Ordinal);
        // The first connection is to STS, for AssumeRoleWithWebIdentity with the projected token: the role, not a key.
        Assert.NotEmpty(proxy.Targets);
        Assert.Equal("sts.eu-west-1.amazonaws.com:443", proxy.Targets[0]);
    }

    [Fact]
    public void The_tested_AWS_CLI_release_can_not_use_Pod_Identity_so_validation_asks_for_2_15()
    {
        using var pod = new LocalPod(Deployment(AgentSet(PodIdentity), "kiro"), OnlyDiscord);
        var (exit, log) = pod.Run(Restore, Hook.Command);
        Assert.NotEqual(0, exit);
        Assert.Contains("Unsupported host '169.254.170.23'", log, StringComparison.Ordinal);
    }

    /// <summary>An HTTPS proxy that records each CONNECT's target and refuses it.</summary>
    private sealed class ConnectRecorder : IDisposable
    {
        private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
        private readonly List<string> _targets = [];
        private readonly Task _loop;

        public ConnectRecorder()
        {
            _listener.Start();
            _loop = Task.Run(Loop);
        }

        public string Url => $"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}";

        public IReadOnlyList<string> Targets
        {
            get { lock (_targets) return [.. _targets]; }
        }

        private async Task Loop()
        {
            while (true)
            {
                TcpClient client;
                try { client = await _listener.AcceptTcpClientAsync(); }
                catch (Exception e) when (e is SocketException or ObjectDisposedException) { return; }
                using (client)
                {
                    var stream = client.GetStream();
                    var line = new StringBuilder();
                    var buffer = new byte[1];
                    while (await stream.ReadAsync(buffer) == 1 && buffer[0] != '\n') line.Append((char)buffer[0]);
                    var parts = line.ToString().Trim().Split(' ');
                    if (parts is ["CONNECT", var target, ..]) lock (_targets) _targets.Add(target);
                    await stream.WriteAsync("HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"u8.ToArray());
                }
            }
        }

        public void Dispose()
        {
            _listener.Stop();
            _loop.Wait(TimeSpan.FromSeconds(5));
        }
    }
}
