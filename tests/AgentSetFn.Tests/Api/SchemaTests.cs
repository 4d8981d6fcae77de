using System.Text.Json;
using System.Text.Json.Nodes;
using AgentSetFn.Api;
using KrmFn;
using AgentSetFn.Tests.Support;
using AgentSetFn.Validation;
using k8s.Models;
using YamlDotNet.RepresentationModel;

namespace AgentSetFn.Tests.Api;

/// <summary>
/// The published schema says what the reader accepts: every fixture and example passes it and
/// common mistakes fail it. (Both come from the API catalog: see FieldCatalogTests.)
/// </summary>
public class SchemaTests
{
    private static readonly JsonObject Schema = JsonNode.Parse(AgentSetSchema.JsonSchema())!.AsObject();
    private static readonly JsonSchemaValidator Validator = new(Schema);

    /// <summary>Every AgentSet document in fixtures/ and examples/.</summary>
    public static TheoryData<string, int> AgentSetFiles()
    {
        var data = new TheoryData<string, int>();
        var files = Directory.GetFiles(Repo.Fixtures, "agentset.yaml", SearchOption.AllDirectories)
            .Concat(Directory.GetFiles(Path.Combine(Repo.Root, "examples"), "*.yaml", SearchOption.AllDirectories));
        foreach (var file in files.Order(StringComparer.Ordinal))
        {
            var documents = ResourceListIo.ParseDocuments(File.ReadAllText(file));
            for (var i = 0; i < documents.Count; i++)
            {
                if (documents[i] is YamlMappingNode m && ResourceListIo.ScalarValue(m, "kind") == AgentSetApi.Kind)
                    data.Add(Path.GetRelativePath(Repo.Root, file), i);
            }
        }
        return data;
    }

    private static YamlMappingNode Document(string relativePath, int index) =>
        (YamlMappingNode)ResourceListIo.ParseDocuments(File.ReadAllText(Path.Combine(Repo.Root, relativePath)))[index];

    [Theory]
    [MemberData(nameof(AgentSetFiles))]
    public void Every_fixture_and_example_agentset_is_valid_under_the_schema_and_the_crd(string file, int index)
    {
        var json = YamlJson.ToJson(Document(file, index));
        Assert.Empty(Validator.Validate(json));

        var crdSchema = CrdOpenApiSchema();
        Assert.Empty(new JsonSchemaValidator(crdSchema).Validate(json));
    }

    [Theory]
    [InlineData("maxSesions: 3", "spec.agents.kiro.pool.maxSesions: unknown field")]
    [InlineData("maxSessions: ten", "spec.agents.kiro.pool.maxSessions: expected integer")]
    [InlineData("maxSessions: 0", "spec.agents.kiro.pool.maxSessions: below 1")]
    [InlineData("sessionTtlHours: \"24\"", "spec.agents.kiro.pool.sessionTtlHours: expected integer")]
    public void The_schema_rejects_the_mistakes_the_reader_rejects(string poolLine, string expected)
    {
        var yaml = $$"""
            apiVersion: agentset.dev/v1alpha1
            kind: AgentSet
            metadata: {name: team}
            spec:
              agents:
                kiro:
                  discord: {botTokenSecretRef: {name: t, key: k}, allowedChannels: ["123456789012345678"]}
                  pool:
                    {{poolLine}}
            """;
        var document = (YamlMappingNode)ResourceListIo.ParseDocuments(yaml)[0];
        Assert.Contains(Validator.Validate(YamlJson.ToJson(document)), p => p.StartsWith(expected, StringComparison.Ordinal));

        var (_, diagnostics) = AgentSetReader.Read(document, new SourceLocation("agentset.yaml", 0));
        Assert.True(diagnostics.HasErrors, "the reader accepted what the schema refuses");
    }

    [Fact]
    public void A_snowflake_parsed_as_a_number_fails_the_schema()
    {
        var json = JsonNode.Parse("""{"apiVersion":"agentset.dev/v1alpha1","kind":"AgentSet","metadata":{"name":"t"},"spec":{"agents":{"a":{"discord":{"allowedChannels":[1.2e17]}}}}}""");
        Assert.Contains("spec.agents.a.discord.allowedChannels[0]: expected string, got Number", Validator.Validate(json));
    }

    private static JsonObject CrdOpenApiSchema()
    {
        var crd = (YamlMappingNode)ResourceListIo.ParseDocuments(AgentSetSchema.CustomResourceDefinition())[0];
        var json = YamlJson.ToJson(crd)!;
        return json["spec"]!["versions"]![0]!["schema"]!["openAPIV3Schema"]!.AsObject();
    }

    [Fact]
    public void The_crd_is_a_valid_structural_customresourcedefinition()
    {
        var yaml = AgentSetSchema.CustomResourceDefinition();
        var json = YamlJson.ToJson(ResourceListIo.ParseDocuments(yaml)[0])!.ToJsonString();
        var options = new JsonSerializerOptions { UnmappedMemberHandling = System.Text.Json.Serialization.JsonUnmappedMemberHandling.Disallow };
        var crd = JsonSerializer.Deserialize<V1CustomResourceDefinition>(json, options)!;

        Assert.Equal("agentsets.agentset.dev", crd.Metadata.Name);
        Assert.Equal("agentset.dev", crd.Spec.Group);
        Assert.Equal("AgentSet", crd.Spec.Names.Kind);
        var version = Assert.Single(crd.Spec.Versions);
        Assert.Equal("v1alpha1", version.Name);
        Assert.True(version.Served && version.Storage);
        // Structural: Kubernetes rejects $ref, definitions and additionalProperties: false.
        Assert.DoesNotContain("$ref", yaml, StringComparison.Ordinal);
        Assert.DoesNotContain("definitions", yaml, StringComparison.Ordinal);
        Assert.DoesNotContain("additionalProperties: false", yaml, StringComparison.Ordinal);
        Assert.Equal("object", version.Schema.OpenAPIV3Schema.Properties["spec"].Properties["agents"].AdditionalProperties is JsonElement e
            ? e.GetProperty("type").GetString() : null);
    }

    [Fact]
    public void The_schema_command_prints_the_json_schema_and_the_crd()
    {
        var json = Binary.Run(null, null, "schema");
        Assert.Equal(0, json.ExitCode);
        Assert.Equal(AgentSetSchema.JsonSchema(), json.Output);
        Assert.Equal("AgentSet", JsonNode.Parse(json.Output)!["properties"]!["kind"]!["enum"]![0]!.GetValue<string>());

        var crd = Binary.Run(null, null, "schema", "--crd");
        Assert.Equal(0, crd.ExitCode);
        Assert.StartsWith("apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\n", crd.Output, StringComparison.Ordinal);
    }
}
