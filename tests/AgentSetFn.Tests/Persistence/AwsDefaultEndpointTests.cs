using System.Net;
using System.Net.Sockets;
using System.Text;
using AgentSetFn.Tests.Support;
using static AgentSetFn.Tests.Persistence.PersistenceBed;

namespace AgentSetFn.Tests.Persistence;

/// <summary>
/// With no endpoint the scripts talk to AWS itself, which a test here cannot reach. What can be
/// proved: the rendered env names no endpoint, and the real AWS CLI running the rendered restore
/// asks for the bucket's regional AWS host. An HTTPS proxy on loopback (standard HTTPS_PROXY,
/// which the CLI honours) records the CONNECT request and refuses it, so nothing leaves the machine.
/// </summary>
public sealed class AwsDefaultEndpointTests
{
    [Fact]
    public async Task Without_an_endpoint_the_restore_targets_the_bucket_on_AWS_in_its_region()
    {
        PersistenceTools.RequireAll();
        var deployment = Deployment(AgentSet("agent-logins", endpoint: null, ["kiro"], region: "eu-west-1"), "kiro");
        using var pod = new LocalPod(deployment, Secrets());
        var env = pod.Env(pod.Container(Restore));
        Assert.DoesNotContain("AWS_ENDPOINT_URL", env.Keys);
        Assert.Equal("eu-west-1", env["AWS_REGION"]);

        using var proxy = new TcpListener(IPAddress.Loopback, 0);
        proxy.Start();
        var requests = RefuseConnects(proxy);
        var (exit, log) = pod.Run(Restore, Hook.Command, new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["HTTPS_PROXY"] = $"http://127.0.0.1:{((IPEndPoint)proxy.LocalEndpoint).Port}",
        });
        proxy.Stop();

        Assert.NotEqual(0, exit);
        Assert.Contains("failed to restore from s3://agent-logins/team/kiro (endpoint AWS default, region eu-west-1)", log, StringComparison.Ordinal);
        Assert.Contains("CONNECT agent-logins.s3.eu-west-1.amazonaws.com:443 HTTP/1.0", await requests, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(pod.Home, Marker)));
    }

    /// <summary>Answers every connection with 502 and returns the request lines seen until the listener stops.</summary>
    private static async Task<string> RefuseConnects(TcpListener listener)
    {
        var seen = new StringBuilder();
        try
        {
            while (true)
            {
                using var client = await listener.AcceptTcpClientAsync();
                var stream = client.GetStream();
                var buffer = new byte[1024];
                var read = await stream.ReadAsync(buffer);
                seen.AppendLine(Encoding.ASCII.GetString(buffer, 0, read).Split("\r\n")[0]);
                await stream.WriteAsync("HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\n\r\n"u8.ToArray());
            }
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            return seen.ToString();
        }
    }
}
