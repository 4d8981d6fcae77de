using AgentSetFn.Api;
using AgentSetFn.Layout;
using k8s.Models;

namespace AgentSetFn.Rendering;

/// <summary>
/// The agent's NetworkPolicy (networkPolicy.enabled): it selects only this agent's pod. The
/// broker serves nothing but the native LINE adapter's webhooks, so every other ingress is denied; egress is what the agent needs: DNS,
/// HTTPS (Discord, LINE, the model APIs, git, package registries, STS), the S3 endpoint, the STT server, the
/// EKS Pod Identity Agent, and the user's extraEgress.
/// </summary>
internal static class NetworkPolicyRenderer
{
    public static V1NetworkPolicy? Render(ResolvedAgent agent)
    {
        var settings = agent.Definition.NetworkPolicy;
        if (!settings.Enabled) return null;
        // Discord and the model APIs sit behind changing CDN addresses: HTTPS to anywhere.
        var egress = new List<V1NetworkPolicyEgressRule> { Dns(), Https() };
        // The S3 endpoint, the STT server and the EKS Pod Identity Agent, each once when they share a port and address.
        foreach (var to in new[] { PodLayout.S3EgressOf(agent), PodLayout.SttEgressOf(agent), AwsIdentity.EgressOf(agent) }.OfType<PodLayout.Egress>().Distinct())
            egress.Add(EgressRule(to));
        if (GatewayRule(agent) is { } gateway) egress.Add(gateway);
        egress.AddRange(settings.ExtraEgress);

        return new V1NetworkPolicy
        {
            ApiVersion = "networking.k8s.io/v1",
            Kind = "NetworkPolicy",
            Metadata = ObjectMetadata.For(agent),
            Spec = new V1NetworkPolicySpec
            {
                PodSelector = new V1LabelSelector { MatchLabels = AgentObjects.SelectorLabels(agent) },
                // Ingress listed with no rule: nothing may connect to the pod, but LINE's webhooks
                // to the native adapter's port. They come through an Ingress controller, a load
                // balancer or a tunnel whose addresses the function cannot know; openab checks each
                // webhook's signature (its channel secret).
                PolicyTypes = ["Ingress", "Egress"],
                Ingress = agent.LineService is null ? null : [new V1NetworkPolicyIngressRule { Ports = [Port("TCP", agent.Definition.Line.WebhookPort)] }],
                Egress = egress,
            },
        };
    }

    /// <summary>
    /// The gateway's NetworkPolicy (networkPolicy.enabled, a gateway rendered here): it selects
    /// only the gateway's pod. Ingress on 8080 from the agent's pod (the WebSocket), and from
    /// anywhere when a platform that is on sends webhooks: they come through an Ingress
    /// controller, a load balancer or the platform itself, whose addresses the function cannot
    /// know, and the gateway checks each webhook's signature, token or JWT. Egress: DNS and HTTPS
    /// (the platforms' APIs). A tunnel in extraContainers runs in the pod, so its traffic to the
    /// gateway is not filtered; its own egress must be HTTPS (cloudflared: --protocol http2).
    /// </summary>
    public static V1NetworkPolicy? Gateway(ResolvedAgent agent)
    {
        if (!agent.Definition.NetworkPolicy.Enabled || agent.Gateway is not { Deployed: true } gateway) return null;
        var fromAgent = new V1NetworkPolicyIngressRule
        {
            FromProperty = [new V1NetworkPolicyPeer { PodSelector = new V1LabelSelector { MatchLabels = AgentObjects.SelectorLabels(agent) } }],
            Ports = [Port("TCP", GatewayLayout.Port)],
        };
        var ingress = GatewayLayout.ReceivesWebhooks(gateway.Settings)
            ? new List<V1NetworkPolicyIngressRule> { new() { Ports = [Port("TCP", GatewayLayout.Port)] } }
            : [fromAgent];
        return new V1NetworkPolicy
        {
            ApiVersion = "networking.k8s.io/v1",
            Kind = "NetworkPolicy",
            Metadata = GatewayRenderer.Metadata(agent, gateway),
            Spec = new V1NetworkPolicySpec
            {
                PodSelector = new V1LabelSelector { MatchLabels = GatewayLayout.SelectorLabels(agent) },
                PolicyTypes = ["Ingress", "Egress"],
                Ingress = ingress,
                Egress = [Dns(), Https()],
            },
        };
    }

    /// <summary>Cluster DNS lives in kube-system (CoreDNS, kube-dns) on port 53, UDP and TCP.</summary>
    private static V1NetworkPolicyEgressRule Dns() => new()
    {
        To = [new V1NetworkPolicyPeer
        {
            NamespaceSelector = new V1LabelSelector
            {
                MatchLabels = new Dictionary<string, string>(StringComparer.Ordinal) { ["kubernetes.io/metadata.name"] = "kube-system" },
            },
        }],
        Ports = [Port("UDP", PodLayout.DnsPort), Port("TCP", PodLayout.DnsPort)],
    };

    private static V1NetworkPolicyEgressRule Https() => new() { Ports = [Port("TCP", PodLayout.HttpsPort)] };

    /// <summary>
    /// The agent's connection to its gateway: to the gateway's pod on 8080 when it is rendered
    /// here; else to the url's port (to its one address when it is an IP address), unless that is
    /// 443, which HTTPS already allows.
    /// </summary>
    private static V1NetworkPolicyEgressRule? GatewayRule(ResolvedAgent agent) => agent.Gateway switch
    {
        { Deployed: true } => new()
        {
            To = [new V1NetworkPolicyPeer { PodSelector = new V1LabelSelector { MatchLabels = GatewayLayout.SelectorLabels(agent) } }],
            Ports = [Port("TCP", GatewayLayout.Port)],
        },
        { } external when GatewayLayout.EgressOf(external.Settings.Url) is { } egress => EgressRule(egress),
        _ => null,
    };

    /// <summary>A URL's port, to its one address when it is an IP address, else to any destination.</summary>
    private static V1NetworkPolicyEgressRule EgressRule(PodLayout.Egress to) => new()
    {
        To = to.Cidr is null ? null : [new V1NetworkPolicyPeer { IpBlock = new V1IPBlock { Cidr = to.Cidr } }],
        Ports = [Port("TCP", to.Port)],
    };

    private static V1NetworkPolicyPort Port(string protocol, int port) => new() { Protocol = protocol, Port = port };
}
