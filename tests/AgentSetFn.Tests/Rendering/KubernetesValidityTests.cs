using System.Text.Json;
using KrmFn;
using AgentSetFn.Tests.Support;

namespace AgentSetFn.Tests.Rendering;

/// <summary>
/// Every generated object of every fixture is a valid Kubernetes object: it reads back into the
/// KubernetesClient models with no unknown field, has the required fields, and is hardened.
/// </summary>
public class KubernetesValidityTests
{
    public static TheoryData<string> Fixtures => new(Repo.FixtureNames);

    [Theory]
    [MemberData(nameof(Fixtures))]
    public void Generated_objects_are_valid_kubernetes_objects(string name)
    {
        var output = new Output(FunctionRunner.RunKrm(FunctionRunner.Fixture(name)).Output);
        Assert.NotEmpty(output.Items);
        foreach (var item in output.Items) KubernetesValidity.AssertValid(item);
        AssertAgentsAdmitOnlyTheirWebhookPort(output);
    }

    /// <summary>
    /// An agent's NetworkPolicy admits a connection only to a port its openab container serves
    /// (the native LINE adapter's `line-webhook`), and every such port is admitted.
    /// </summary>
    private static void AssertAgentsAdmitOnlyTheirWebhookPort(Output output)
    {
        foreach (var policy in output.OfKind("NetworkPolicy"))
        {
            var name = Output.Str(policy, "metadata", "name")!;
            // The agent's policy has the Deployment's name; the gateway's selects a pod without openab.
            var container = output.OfKind("Deployment").Where(d => Output.Str(d, "metadata", "name") == name)
                .SelectMany(d => Output.Seq(d, "spec", "template", "spec", "containers")).FirstOrDefault(c => Output.Str(c, "name") == "openab");
            if (container is null) continue;
            var served = Output.Seq(container, "ports").Select(p => Output.Str(p, "containerPort")).ToList();
            var admitted = Output.Seq(policy, "spec", "ingress").SelectMany(rule => Output.Seq(rule, "ports")).Select(p => Output.Str(p, "port")).ToList();
            Assert.Equal(served, admitted);
        }
    }

    [Fact]
    public void Strict_reading_rejects_an_unknown_field()
    {
        // The check above would be worthless if unknown fields were silently dropped.
        var json = System.Text.Json.Nodes.JsonNode.Parse("""{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"a","labelz":{}}}""");
        Assert.Throws<JsonException>(() => json.Deserialize(KubernetesJsonContext.Default.V1ConfigMap));
    }
}
