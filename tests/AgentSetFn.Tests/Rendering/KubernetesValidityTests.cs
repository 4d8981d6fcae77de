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
    }

    [Fact]
    public void Strict_reading_rejects_an_unknown_field()
    {
        // The check above would be worthless if unknown fields were silently dropped.
        var json = System.Text.Json.Nodes.JsonNode.Parse("""{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"a","labelz":{}}}""");
        Assert.Throws<JsonException>(() => json.Deserialize(KubernetesJsonContext.Default.V1ConfigMap));
    }
}
