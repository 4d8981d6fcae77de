using System.Text.Json;
using System.Text.RegularExpressions;
using KrmFn;
using k8s.Models;
using Tomlyn;
using Tomlyn.Model;
using YamlDotNet.RepresentationModel;

namespace AgentSetFn.Tests.Support;

/// <summary>
/// The strict check of a generated object: it reads back into the KubernetesClient models with
/// no unknown field, has the required fields, and is hardened. Shared by the fixture tests and
/// the mutation test.
/// </summary>
internal static partial class KubernetesValidity
{
    [GeneratedRegex(@"\A[a-z0-9]([-a-z0-9]*[a-z0-9])?\z")]
    private static partial Regex Dns1123Label();

    public static void AssertValid(YamlMappingNode item)
    {
        var json = YamlJson.ToJson(item)!;
        var kind = Output.Str(item, "kind");
        var metadataName = Output.Str(item, "metadata", "name");
        Assert.Matches(Dns1123Label(), metadataName!);
        Assert.True(metadataName!.Length <= 63);
        switch (kind)
        {
            case "ConfigMap":
                var configMap = Strict(json, KubernetesJsonContext.Default.V1ConfigMap);
                Assert.Equal("v1", configMap.ApiVersion);
                var toml = TomlSerializer.Deserialize<TomlTable>(configMap.Data["config.toml"])!;
                // At least one chat platform, whose tokens are references openab expands, never values.
                Assert.True(toml.ContainsKey("discord") || toml.ContainsKey("slack") || toml.ContainsKey("gateway") || toml.ContainsKey("line"),
                    "config.toml has neither [discord], [slack], [gateway] nor [line]");
                if (toml.TryGetValue("line", out var line))
                {
                    Assert.Equal("${LINE_CHANNEL_ACCESS_TOKEN}", ((TomlTable)line)["channel_access_token"]);
                    Assert.Equal("${LINE_CHANNEL_SECRET}", ((TomlTable)line)["channel_secret"]);
                }
                if (toml.TryGetValue("gateway", out var gateway) && ((TomlTable)gateway).TryGetValue("token", out var gatewayToken))
                    Assert.Equal("${GATEWAY_WS_TOKEN}", gatewayToken);
                if (toml.TryGetValue("discord", out var discord))
                    Assert.Equal("${DISCORD_BOT_TOKEN}", ((TomlTable)discord)["bot_token"]);
                if (toml.TryGetValue("slack", out var slack))
                {
                    Assert.Equal("${SLACK_BOT_TOKEN}", ((TomlTable)slack)["bot_token"]);
                    Assert.Equal("${SLACK_APP_TOKEN}", ((TomlTable)slack)["app_token"]);
                }
                break;
            case "Secret":
                var secret = Strict(json, KubernetesJsonContext.Default.V1Secret);
                Assert.Equal("Opaque", secret.Type);
                Assert.NotEmpty(secret.Data);
                break;
            case "Deployment":
                CheckDeployment(Strict(json, KubernetesJsonContext.Default.V1Deployment));
                break;
            case "NetworkPolicy":
                CheckNetworkPolicy(Strict(json, KubernetesJsonContext.Default.V1NetworkPolicy));
                break;
            case "Service":
                var service = Strict(json, KubernetesJsonContext.Default.V1Service);
                Assert.Equal("v1", service.ApiVersion);
                Assert.Equal("ClusterIP", service.Spec.Type);
                Assert.NotEmpty(service.Spec.Selector);
                // A Service's name is a DNS-1035 label: a letter first.
                Assert.Matches(@"\A[a-z]", metadataName);
                Assert.All(service.Spec.Ports, p => Assert.InRange(p.Port, 1, 65535));
                break;
            case "ExternalSecret":
                Assert.Empty(ExternalSecretCrd.Validate(json));
                // The typed model reads it back with no unknown field either.
                var externalSecret = Strict(json, KubernetesJsonContext.Default.ExternalSecret);
                Assert.NotEmpty(externalSecret.Spec.Data);
                Assert.All(externalSecret.Spec.Data, d => Assert.False(string.IsNullOrEmpty(d.RemoteRef.Key)));
                Assert.False(string.IsNullOrEmpty(externalSecret.Spec.SecretStoreRef.Name));
                break;
            case "ServiceAccount":
                var account = Strict(json, KubernetesJsonContext.Default.V1ServiceAccount);
                Assert.Equal("v1", account.ApiVersion);
                Assert.Matches(@"\A[a-z0-9]([-a-z0-9.]*[a-z0-9])?\z", metadataName);
                // Nothing in an agent's pod talks to the API server.
                Assert.False(account.AutomountServiceAccountToken);
                break;
            default:
                Assert.Fail($"unexpected kind {kind}");
                break;
        }
    }

    public static T Strict<T>(System.Text.Json.Nodes.JsonNode json, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type) =>
        json.Deserialize(type) ?? throw new InvalidOperationException("null");

    private static bool IsGateway(IDictionary<string, string> selector) =>
        selector.TryGetValue("app.kubernetes.io/name", out var name) && name == "agentset-gateway";

    private static void CheckNetworkPolicy(V1NetworkPolicy policy)
    {
        Assert.Equal("networking.k8s.io/v1", policy.ApiVersion);
        Assert.NotEmpty(policy.Spec.PodSelector.MatchLabels);
        Assert.Equal(["Ingress", "Egress"], policy.Spec.PolicyTypes);
        if (IsGateway(policy.Spec.PodSelector.MatchLabels))
        {
            // The gateway takes connections on its one port only.
            Assert.NotEmpty(policy.Spec.Ingress);
            Assert.All(policy.Spec.Ingress, rule => Assert.Equal(("TCP", "8080"), (rule.Ports.Single().Protocol, rule.Ports.Single().Port.Value)));
        }
        else if (policy.Spec.Ingress is { } ingress)
        {
            // The agent's pod takes connections only on the native LINE adapter's webhook port:
            // one rule, one TCP port (KubernetesValidityTests checks it is that container port).
            var rule = Assert.Single(ingress);
            Assert.Equal("TCP", Assert.Single(rule.Ports).Protocol);
        }
        // Else no ingress rule: with Ingress in policyTypes, nothing may connect to the agent's pod.
        Assert.NotEmpty(policy.Spec.Egress);
        foreach (var rule in policy.Spec.Egress)
        {
            foreach (var port in rule.Ports ?? [])
            {
                Assert.Contains(port.Protocol, new[] { "TCP", "UDP", "SCTP" });
                Assert.InRange(int.Parse(port.Port.Value, System.Globalization.CultureInfo.InvariantCulture), 1, 65535);
            }
            foreach (var peer in rule.To ?? [])
            {
                Assert.True(peer.IpBlock is not null || peer.NamespaceSelector is not null || peer.PodSelector is not null);
                if (peer.IpBlock is { } block) Assert.True(System.Net.IPNetwork.TryParse(block.Cidr, out _), block.Cidr);
            }
        }
    }

    private static void CheckDeployment(V1Deployment deployment)
    {
        Assert.Equal("apps/v1", deployment.ApiVersion);
        var spec = deployment.Spec;
        Assert.Equal(1, spec.Replicas);
        Assert.Equal("Recreate", spec.Strategy.Type);
        foreach (var (key, value) in spec.Selector.MatchLabels)
            Assert.Equal(value, spec.Template.Metadata.Labels[key]);

        var pod = spec.Template.Spec;
        Assert.False(pod.AutomountServiceAccountToken);
        Assert.True(pod.SecurityContext.RunAsNonRoot);
        Assert.Equal(1000, pod.SecurityContext.RunAsUser);
        Assert.Equal(1000, pod.SecurityContext.FsGroup);
        Assert.Equal("RuntimeDefault", pod.SecurityContext.SeccompProfile.Type);

        var volumes = pod.Volumes.Select(v => v.Name).ToHashSet();
        Assert.Equal(volumes.Count, pod.Volumes.Count);
        var containers = pod.Containers.Concat(pod.InitContainers ?? []).ToList();
        Assert.Equal(containers.Count, containers.Select(c => c.Name).Distinct().Count());
        foreach (var container in containers)
        {
            Assert.False(string.IsNullOrEmpty(container.Name));
            Assert.Matches(@"\A[^:@\s]+(:[A-Za-z0-9_][A-Za-z0-9_.-]*|@sha256:[a-f0-9]{64})\z", container.Image);
            Assert.DoesNotContain(":latest", container.Image, StringComparison.Ordinal);
            var security = container.SecurityContext;
            Assert.True(security.RunAsNonRoot);
            Assert.Equal(1000, security.RunAsUser);
            Assert.False(security.AllowPrivilegeEscalation);
            Assert.True(security.ReadOnlyRootFilesystem);
            Assert.Equal(["ALL"], security.Capabilities.Drop);
            Assert.Equal("RuntimeDefault", security.SeccompProfile.Type);
            foreach (var mount in container.VolumeMounts ?? [])
                Assert.Contains(mount.Name, volumes);
            Assert.Equal(container.VolumeMounts?.Count ?? 0, container.VolumeMounts?.Select(m => m.MountPath).Distinct().Count() ?? 0);
        }
        if (IsGateway(spec.Selector.MatchLabels))
        {
            // The gateway's pod: its container serves 8080, probed on /health, with /tmp on an emptyDir.
            var gateway = pod.Containers.Single(c => c.Name == "gateway");
            Assert.Equal(8080, gateway.Ports.Single().ContainerPort);
            Assert.Equal("/health", gateway.LivenessProbe.HttpGet.Path);
            Assert.Equal("/health", gateway.ReadinessProbe.HttpGet.Path);
            Assert.NotNull(pod.Volumes.Single(v => v.Name == "tmp").EmptyDir);
            return;
        }
        var agent = pod.Containers.Single(c => c.Name == "openab");
        // The pod's identity from the Downward API.
        foreach (var (name, field) in new[] { ("POD_NAME", "metadata.name"), ("POD_NAMESPACE", "metadata.namespace"), ("NODE_NAME", "spec.nodeName") })
            Assert.Equal(field, agent.Env.Single(e => e.Name == name).ValueFrom.FieldRef.FieldPath);
        if (agent.LivenessProbe is { } probe)
        {
            // One handler, as the API server requires.
            Assert.Equal(1, new object?[] { probe.Exec, probe.HttpGet, probe.TcpSocket, probe.Grpc }.Count(h => h is not null));
            Assert.True(probe.PeriodSeconds is null or >= 0 && probe.FailureThreshold is null or >= 0 && probe.TimeoutSeconds is null or >= 0);
            Assert.True(probe.SuccessThreshold is null or 1);
        }
        if (pod.TerminationGracePeriodSeconds is { } grace) Assert.True(grace >= 0);

        var home = pod.Volumes.Single(v => v.Name == "home");
        // persistence.existingClaim puts the home on the user's claim instead.
        Assert.True(home.EmptyDir is not null || home.PersistentVolumeClaim is not null);
        Assert.NotNull(pod.Volumes.Single(v => v.Name == "tmp").EmptyDir);
    }
}
