using System.Text.Json.Nodes;
using AgentSetFn.Tests.Support;
using KrmFn;

namespace AgentSetFn.Tests.Krm;

/// <summary>What agentset writes, as text: its output is YamlDotNet's text for the same nodes, and names a reader could misread are quoted.</summary>
public class WrittenTextTests
{
    [Fact]
    public void Every_fixture_is_written_exactly_as_yamldotnet_writes_the_same_nodes()
    {
        // Read the output back (nodes keep the styles they were written with) and emit it whole
        // with YamlDotNet: the fast writer and the per-item splicing must give the same bytes.
        foreach (var name in Repo.FixtureNames)
        {
            var run = FunctionRunner.RunKrm(FunctionRunner.Fixture(name));
            var document = ResourceListIo.ParseDocuments(run.Output)[0];
            Assert.Equal(ResourceListIo.Emit([document]), run.Output);
        }
    }

    [Fact]
    public void Migrate_quotes_the_agent_names_and_image_parts_it_writes()
    {
        // Agent names `null` and `y` are valid names; a repository may be all hex digits. Written
        // plain, a YAML 1.2 reader takes the first for a null key, kubectl the others for a bool
        // and a number.
        var directory = Directory.CreateTempSubdirectory("agentset-migrate-plain-");
        try
        {
            var values = Path.Combine(directory.FullName, "values.yaml");
            File.WriteAllText(values, """
                agents:
                  "null":
                    command: kiro-cli
                    image: "0x1f:1.0"
                    discord: {enabled: true, allowedChannels: ["123456789012345678"]}
                  "y":
                    command: kiro-cli
                    image: "1e5"
                    discord: {enabled: true, allowedChannels: ["123456789012345678"]}
                """);
            var run = FunctionRunner.Run("", "migrate", values, "--name", "team");
            Assert.True(run.ExitCode == 0, run.Error);
            Assert.Contains("\n    \"null\":\n", run.Output, StringComparison.Ordinal);
            Assert.Contains("\n    \"y\":\n", run.Output, StringComparison.Ordinal);
            Assert.Contains("repository: \"0x1f\"\n", run.Output, StringComparison.Ordinal);
            Assert.Contains("repository: \"1e5\"\n", run.Output, StringComparison.Ordinal);

            // Every reader finds the same agents and repositories.
            var migrated = Path.Combine(directory.FullName, "agentset.yaml");
            File.WriteAllText(migrated, run.Output);
            var expected = new JsonObject { ["null"] = "0x1f", ["y"] = "1e5" };
            JsonObject Repositories(JsonNode? agentSet) => new(agentSet!["spec"]!["agents"]!.AsObject()
                .Select(a => KeyValuePair.Create(a.Key, (JsonNode?)a.Value!["image"]!["repository"]!.DeepClone())));
            var core = YamlJson.ToJson(ResourceListIo.ParseDocuments(run.Output)[0]);
            Assert.True(JsonNode.DeepEquals(expected, Repositories(core)), Repositories(core).ToJsonString());
            var py = OtherYamlReaders.Documents(OtherYamlReaders.PyYaml([migrated])[0], "the migrated AgentSet").Single();
            Assert.True(JsonNode.DeepEquals(expected, Repositories(py)), Repositories(py).ToJsonString());
            var (exit, objects, error) = OtherYamlReaders.KubectlRead(migrated);
            Assert.True(exit == 0, error);
            Assert.True(JsonNode.DeepEquals(expected, Repositories(objects.Single())), Repositories(objects.Single()).ToJsonString());
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }
}
