using System.Net.Sockets;
using AgentSetFn.Api;
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
    public const int HttpsPort = 443;

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
                Ports = [Port("UDP", 53), Port("TCP", 53)],
            },
            // Discord and the model APIs sit behind changing CDN addresses: HTTPS to anywhere.
            new() { Ports = [Port("TCP", HttpsPort)] },
        };
        if (agent.S3.Enabled && S3Rule(agent.S3.Endpoint) is { } s3) egress.Add(s3);
        egress.AddRange(settings.ExtraEgress);

        return new V1NetworkPolicy
        {
            ApiVersion = "networking.k8s.io/v1",
            Kind = "NetworkPolicy",
            Metadata = ObjectMetadata.For(agent),
            Spec = new V1NetworkPolicySpec
            {
                PodSelector = new V1LabelSelector { MatchLabels = ObjectMetadata.SelectorLabels(agent) },
                // Ingress listed with no rule: nothing may connect to the pod.
                PolicyTypes = ["Ingress", "Egress"],
                Egress = egress,
            },
        };
    }

    /// <summary>
    /// The S3 endpoint's host and port, when it needs a rule of its own. An IP address becomes
    /// an ipBlock of that one address; a host name cannot be expressed in a NetworkPolicy
    /// (peers are pods, namespaces or CIDRs), so its port is allowed to any destination. Port
    /// 443 is already allowed, and no endpoint means AWS over HTTPS.
    /// </summary>
    internal static V1NetworkPolicyEgressRule? S3Rule(string endpoint)
    {
        if (string.IsNullOrEmpty(endpoint) || !Uri.TryCreate(endpoint, UriKind.Absolute, out var uri)) return null;
        // Uri.Port is the scheme's default (80, 443) when the URL names none.
        if (uri.Port == HttpsPort) return null;
        var rule = new V1NetworkPolicyEgressRule { Ports = [Port("TCP", uri.Port)] };
        if (System.Net.IPAddress.TryParse(uri.DnsSafeHost, out var address))
        {
            var bits = address.AddressFamily == AddressFamily.InterNetworkV6 ? 128 : 32;
            rule.To = [new V1NetworkPolicyPeer { IpBlock = new V1IPBlock { Cidr = $"{address}/{bits}" } }];
        }
        return rule;
    }

    private static V1NetworkPolicyPort Port(string protocol, int port) => new() { Protocol = protocol, Port = port };
}
