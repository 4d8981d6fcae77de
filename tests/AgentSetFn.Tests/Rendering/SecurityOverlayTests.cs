using System.Text.Json;
using System.Text.Json.Nodes;
using KrmFn;
using AgentSetFn.Rendering;
using k8s.Models;

namespace AgentSetFn.Tests.Rendering;

/// <summary>A user's container without a security context gets the hardened one, and nothing else changes.</summary>
public class SecurityOverlayTests
{
    // Every field of a container but securityContext.
    private const string Container = """
        {
          "args": ["--a"], "command": ["run"], "env": [{"name": "A", "value": "1"}],
          "envFrom": [{"configMapRef": {"name": "cm"}}], "image": "img:1.0", "imagePullPolicy": "Always",
          "lifecycle": {"preStop": {"exec": {"command": ["stop"]}}},
          "livenessProbe": {"exec": {"command": ["live"]}}, "name": "side",
          "ports": [{"containerPort": 8080}], "readinessProbe": {"exec": {"command": ["ready"]}},
          "resizePolicy": [{"resourceName": "cpu", "restartPolicy": "NotRequired"}],
          "resources": {"limits": {"memory": "1Gi"}}, "restartPolicy": "Always",
          "restartPolicyRules": [{"action": "Restart", "exitCodes": {"operator": "In", "values": [42]}}],
          "startupProbe": {"exec": {"command": ["start"]}}, "stdin": true, "stdinOnce": true,
          "terminationMessagePath": "/dev/log", "terminationMessagePolicy": "FallbackToLogsOnError", "tty": true,
          "volumeDevices": [{"name": "dev", "devicePath": "/dev/x"}], "volumeMounts": [{"name": "v", "mountPath": "/v"}],
          "workingDir": "/w"
        }
        """;

    private static JsonObject Json(V1Container container) =>
        JsonSerializer.SerializeToNode(container, KubernetesJsonContext.Default.V1Container)!.AsObject();

    [Fact]
    public void The_test_container_sets_every_field_the_model_has()
    {
        var written = JsonNode.Parse(Container)!.AsObject().Select(p => p.Key).Append("securityContext").Order(StringComparer.Ordinal);
        var model = KubernetesJsonContext.Default.V1Container.Properties.Select(p => p.Name).Order(StringComparer.Ordinal);
        Assert.Equal(model, written);
    }

    [Fact]
    public void Hardening_a_container_copies_every_field_and_leaves_the_original_alone()
    {
        var container = JsonSerializer.Deserialize(Container, KubernetesJsonContext.Default.V1Container)!;
        var before = Json(container).ToJsonString();

        var hardened = SecurityOverlay.Hardened(container);

        Assert.NotSame(container, hardened);
        Assert.Equal(before, Json(container).ToJsonString());
        var expected = JsonNode.Parse(before)!.AsObject();
        expected["securityContext"] = JsonSerializer.SerializeToNode(SecurityOverlay.HardenedContainer(), KubernetesJsonContext.Default.V1SecurityContext);
        Assert.True(JsonNode.DeepEquals(expected, Json(hardened)), Json(hardened).ToJsonString());
    }

    [Fact]
    public void A_container_with_its_own_security_context_is_kept_as_it_is()
    {
        var container = new V1Container { Name = "side", Image = "img:1.0", SecurityContext = new V1SecurityContext { Privileged = true } };
        Assert.Same(container, SecurityOverlay.Hardened(container));
    }
}
