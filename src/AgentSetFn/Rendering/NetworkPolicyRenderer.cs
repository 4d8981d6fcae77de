using AgentSetFn.Api;
using AgentSetFn.Layout;
using k8s.Models;

namespace AgentSetFn.Rendering;

/// <summary>
/// The agent's NetworkPolicy (networkPolicy.enabled): it selects only this agent's pod. The
/// broker serves nothing, so every ingress is denied; egress is what the agent needs: DNS,
/// HTTPS (Discord, the model APIs, git, package registries), the S3 endpoint, and the user's
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
        if (PodLayout.S3EgressOf(agent) is { } s3) egress.Add(S3Rule(s3));
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

    /// <summary>The S3 endpoint's port, to its one address when it is an IP address, else to any destination.</summary>
    private static V1NetworkPolicyEgressRule S3Rule(PodLayout.S3Egress s3) => new()
    {
        To = s3.Cidr is null ? null : [new V1NetworkPolicyPeer { IpBlock = new V1IPBlock { Cidr = s3.Cidr } }],
        Ports = [Port("TCP", s3.Port)],
    };

    private static V1NetworkPolicyPort Port(string protocol, int port) => new() { Protocol = protocol, Port = port };
}
