using AgentSetFn.Api;
using k8s.Models;

namespace AgentSetFn.Rendering;

/// <summary>
/// The Service of openab's native LINE adapter (line.enabled), as the chart renders it: &lt;name&gt;-line,
/// of line.serviceType, its port the webhook port, to the agent container's `line-webhook` port.
/// LINE reaches it only through what the user puts in front (an Ingress, a tunnel): LINE calls an
/// HTTPS URL with a public certificate, which nothing here can provide.
/// </summary>
internal static class LineServiceRenderer
{
    public const string Kind = "Service";

    public static V1Service? Render(ResolvedAgent agent)
    {
        if (agent.LineService is not { } name) return null;
        var line = agent.Definition.Line;
        return new V1Service
        {
            ApiVersion = "v1",
            Kind = Kind,
            Metadata = ObjectMetadata.For(agent, name),
            Spec = new V1ServiceSpec
            {
                Type = line.ServiceType,
                Ports = [new V1ServicePort { Name = AgentSetApi.Line.PortName, Port = line.WebhookPort, TargetPort = AgentSetApi.Line.PortName, Protocol = "TCP" }],
                Selector = Layout.AgentObjects.SelectorLabels(agent),
            },
        };
    }
}
