using AgentSetFn.Tests.ChartParity;
using static AgentSetFn.Tests.Support.Output;

namespace AgentSetFn.Tests.Rendering;

/// <summary>
/// A gateway run elsewhere (deploy: false) under the agent's network policy: the agent may reach
/// the url's port, the scheme's default when the url names none, to the one address when the
/// host is an IP address; wss on 443 is already allowed by the HTTPS rule.
/// </summary>
public class GatewayEgressTests
{
    [Theory]
    [InlineData("ws://10.0.0.5/ws", "80", "10.0.0.5/32")]
    [InlineData("ws://gw.chat.svc:8080/ws", "8080", null)]
    [InlineData("wss://gw.example.com:8443/ws", "8443", null)]
    [InlineData("ws://[fd00::5]:9000/ws", "9000", "fd00::5/128")]
    public void The_agent_may_reach_the_url_port_of_a_gateway_run_elsewhere(string url, string port, string? cidr)
    {
        var rule = Assert.Single(EgressBeyondDnsAndHttps(url));
        Assert.Equal(port, Str(Assert.Single(Seq(rule, "ports")), "port"));
        if (cidr is null) Assert.Null(Node(rule, "to"));
        else Assert.Equal(cidr, Str(Assert.Single(Seq(rule, "to")), "ipBlock", "cidr"));
    }

    [Fact]
    public void A_wss_url_on_443_needs_no_rule_of_its_own() => Assert.Empty(EgressBeyondDnsAndHttps("wss://gw.example.com/ws"));

    private static List<YamlDotNet.RepresentationModel.YamlMappingNode> EgressBeyondDnsAndHttps(string url)
    {
        var output = GatewayChartTests.Render($"enabled: true, deploy: false, url: \"{url}\"", "      networkPolicy: {enabled: true}\n");
        var policy = output.Single("NetworkPolicy", "team-kiro");
        return [.. Seq(policy, "spec", "egress").Where(rule => Seq(rule, "ports").All(p => Str(p, "port") is not ("53" or "443")))];
    }
}
