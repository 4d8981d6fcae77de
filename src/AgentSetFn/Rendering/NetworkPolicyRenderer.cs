using AgentSetFn.Api;
using AgentSetFn.Layout;
using k8s.Models;

namespace AgentSetFn.Rendering;

/// <summary>
/// The agent's NetworkPolicy (networkPolicy.enabled): it selects only this agent's pod. The
/// broker serves nothing, so every ingress is denied; egress is what the agent needs: DNS,
/// HTTPS (Discord, the model APIs, git, package registries), the S3 endpoint, the STT server, and the user's
/// extraEgress.
/// </summary>
internal static class NetworkPolicyRenderer
{
    public static V1NetworkPolicy? Render(ResolvedAgent agent)
    {
        var settings = agent.Definition.NetworkPolicy;
        if (!settings.Enabled) return null;
        var egress = new List<V1NetworkPolicyEgressRule>
        {
            // Cluster DNS lives in kube-system (CoreDNS, kube-dns) on port 53, UDP and TCP.
            new()
            {
                To = [new V1NetworkPolicyPeer
                {
                    NamespaceSelector = new V1LabelSelector
                    {
                        MatchLabels = new Dictionary<string, string>(StringComparer.Ordinal) { ["kubernetes.io/metadata.name"] = "kube-system" },
                    },
                }],
                Ports = [Port("UDP", PodLayout.DnsPort), Port("TCP", PodLayout.DnsPort)],
            },
            // Discord and the model APIs sit behind changing CDN addresses: HTTPS to anywhere.
            new() { Ports = [Port("TCP", PodLayout.HttpsPort)] },
        };
        // The S3 endpoint and the STT server, each once when they share a port and address.
        foreach (var to in new[] { PodLayout.S3EgressOf(agent), PodLayout.SttEgressOf(agent) }.OfType<PodLayout.Egress>().Distinct())
            egress.Add(EgressRule(to));
        egress.AddRange(settings.ExtraEgress);

        return new V1NetworkPolicy
        {
            ApiVersion = "networking.k8s.io/v1",
            Kind = "NetworkPolicy",
            Metadata = ObjectMetadata.For(agent),
            Spec = new V1NetworkPolicySpec
            {
                PodSelector = new V1LabelSelector { MatchLabels = AgentObjects.SelectorLabels(agent) },
                // Ingress listed with no rule: nothing may connect to the pod.
                PolicyTypes = ["Ingress", "Egress"],
                Egress = egress,
            },
        };
    }

    /// <summary>A URL's port, to its one address when it is an IP address, else to any destination.</summary>
    private static V1NetworkPolicyEgressRule EgressRule(PodLayout.Egress to) => new()
    {
        To = to.Cidr is null ? null : [new V1NetworkPolicyPeer { IpBlock = new V1IPBlock { Cidr = to.Cidr } }],
        Ports = [Port("TCP", to.Port)],
    };

    private static V1NetworkPolicyPort Port(string protocol, int port) => new() { Protocol = protocol, Port = port };
}
