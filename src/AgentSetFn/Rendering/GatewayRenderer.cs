using System.Text;
using AgentSetFn.Api;
using AgentSetFn.Layout;
using k8s.Models;

namespace AgentSetFn.Rendering;

/// <summary>
/// The gateway beside an agent (gateway.enabled, deploy): a Deployment of one openab-gateway
/// pod, hardened as every pod of the function, and its ClusterIP Service on 8080, where openab
/// connects (the [gateway] url) and webhooks arrive. Its Secret of inline credentials is one of
/// the agent's own Secrets (<see cref="AgentObjects.OwnSecrets"/>); its names, labels, port and
/// variables are <see cref="GatewayLayout"/>'s.
/// </summary>
internal static class GatewayRenderer
{
    public static V1Deployment Deployment(ResolvedAgent agent, ResolvedGateway gateway)
    {
        var settings = gateway.Settings;
        var env = GatewayLayout.Env(agent, gateway).ToList();
        return new V1Deployment
        {
            ApiVersion = "apps/v1",
            Kind = "Deployment",
            Metadata = Metadata(agent, gateway),
            Spec = new V1DeploymentSpec
            {
                Replicas = 1,
                Strategy = new V1DeploymentStrategy { Type = settings.Strategy },
                Selector = new V1LabelSelector { MatchLabels = GatewayLayout.SelectorLabels(agent) },
                Template = new V1PodTemplateSpec
                {
                    Metadata = new V1ObjectMeta
                    {
                        Labels = Labels(agent),
                        // Changes with the variables and the inline credentials, so the pod rolls.
                        Annotations = new Dictionary<string, string>(StringComparer.Ordinal) { [AgentObjects.ConfigHashAnnotation] = ConfigHash(agent, env) },
                    },
                    Spec = new V1PodSpec
                    {
                        // The gateway talks to the chat platforms only; ADC uses the metadata server, not this token.
                        AutomountServiceAccountToken = false,
                        EnableServiceLinks = false,
                        SecurityContext = SecurityOverlay.PodSecurityContext(null),
                        ServiceAccountName = string.IsNullOrEmpty(settings.ServiceAccountName) ? null : settings.ServiceAccountName,
                        Containers = [Container(gateway, env), .. settings.ExtraContainers.Select(SecurityOverlay.Hardened)],
                        Volumes = [new() { Name = GatewayLayout.TmpVolume, EmptyDir = new V1EmptyDirVolumeSource() }, .. settings.ExtraVolumes],
                        NodeSelector = settings.NodeSelector.Count == 0 ? null : settings.NodeSelector.ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.Ordinal),
                        Tolerations = settings.Tolerations.Count == 0 ? null : [.. settings.Tolerations],
                        Affinity = settings.Affinity,
                    },
                },
            },
        };
    }

    public static V1Service Service(ResolvedAgent agent, ResolvedGateway gateway) => new()
    {
        ApiVersion = "v1",
        Kind = "Service",
        Metadata = Metadata(agent, gateway),
        Spec = new V1ServiceSpec
        {
            Type = "ClusterIP",
            Ports = [new V1ServicePort { Name = GatewayLayout.PortName, Port = GatewayLayout.Port, TargetPort = GatewayLayout.PortName, Protocol = "TCP" }],
            Selector = GatewayLayout.SelectorLabels(agent),
        },
    };

    private static V1Container Container(ResolvedGateway gateway, List<GatewayLayout.Variable> env) => new()
    {
        Name = GatewayLayout.Container,
        Image = gateway.Image.Text,
        ImagePullPolicy = "IfNotPresent",
        Ports = [new V1ContainerPort { Name = GatewayLayout.PortName, ContainerPort = GatewayLayout.Port, Protocol = "TCP" }],
        Env = [.. env.Select(v => v.Source is { } source
            ? SecretVariables.Of(new PodLayout.WiredCredential(v.Name, source))
            : new V1EnvVar { Name = v.Name, Value = v.Value })],
        Resources = gateway.Settings.Resources,
        SecurityContext = SecurityOverlay.HardenedContainer(),
        // The chart's probes: /health on the http port.
        LivenessProbe = Health(initialDelaySeconds: 5, periodSeconds: 30),
        ReadinessProbe = Health(initialDelaySeconds: 3, periodSeconds: 10),
        VolumeMounts = [new() { Name = GatewayLayout.TmpVolume, MountPath = PodLayout.TmpDir }, .. gateway.Settings.ExtraVolumeMounts],
    };

    private static V1Probe Health(int initialDelaySeconds, int periodSeconds) => new()
    {
        HttpGet = new V1HTTPGetAction { Path = GatewayLayout.HealthPath, Port = GatewayLayout.PortName },
        InitialDelaySeconds = initialDelaySeconds,
        PeriodSeconds = periodSeconds,
    };

    /// <summary>The agent's metadata (namespace, owner and agent annotations) under the gateway's name and labels.</summary>
    internal static V1ObjectMeta Metadata(ResolvedAgent agent, ResolvedGateway gateway)
    {
        var metadata = ObjectMetadata.For(agent, gateway.Name);
        metadata.Labels = Labels(agent);
        return metadata;
    }

    private static Dictionary<string, string> Labels(ResolvedAgent agent)
    {
        var labels = GatewayLayout.SelectorLabels(agent);
        labels[AgentObjects.ManagedByLabel] = "agentset";
        return labels;
    }

    /// <summary>sha256 over the variables (secret ones by their Secret key) and the inline values the gateway reads.</summary>
    private static string ConfigHash(ResolvedAgent agent, List<GatewayLayout.Variable> env)
    {
        var variables = env.ToDictionary(v => v.Name, v => v.Source is { } s ? $"secret:{s.Name}/{s.Key}" : $"value:{v.Value}", StringComparer.Ordinal);
        var inline = agent.Secrets.Where(s => s.Readers.HasFlag(SecretReaders.Gateway) && s.Inline is not null)
            .ToDictionary(s => $"{s.Source.Name}/{s.Source.Key}", s => Encoding.UTF8.GetBytes(s.Inline!), StringComparer.Ordinal);
        return AgentObjects.ConfigHash(variables, inline);
    }
}
