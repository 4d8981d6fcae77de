using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using KrmFn;
using AgentSetFn.Validation;
using YamlDotNet.RepresentationModel;

namespace AgentSetFn.Api;

/// <summary>
/// The AgentSet's schema, for editors (yaml-language-server), kubeconform and kubectl. One
/// source, agentset.schema.json (JSON Schema draft-07, OpenAPI v3 compatible); the CRD form is
/// derived from it. Tests keep it equal to what AgentSetReader accepts, field for field.
/// </summary>
internal static class AgentSetSchema
{
    private const string ResourceName = "AgentSetFn.Api.agentset.schema.json";

    /// <summary>The JSON Schema, as shipped.</summary>
    public static string JsonSchema()
    {
        using var stream = typeof(AgentSetSchema).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"embedded resource {ResourceName} is missing");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return reader.ReadToEnd();
    }

    /// <summary>
    /// A CustomResourceDefinition carrying the schema as openAPIV3Schema. Kubernetes wants a
    /// structural schema: no $ref, no additionalProperties: false (unknown fields are pruned),
    /// and only type: object for metadata.
    /// </summary>
    public static string CustomResourceDefinition()
    {
        var schema = JsonNode.Parse(JsonSchema())!.AsObject();
        var definitions = schema["definitions"]!.AsObject();
        var structural = Structural(schema, definitions).AsObject();
        structural.Remove("$schema");
        structural.Remove("title");
        structural.Remove("definitions");
        // The API server sets apiVersion and kind itself; only spec is the user's to forget.
        structural["required"] = new JsonArray("spec");
        var properties = structural["properties"]!.AsObject();
        properties["apiVersion"] = new JsonObject { ["type"] = "string" };
        properties["kind"] = new JsonObject { ["type"] = "string" };
        properties["metadata"] = new JsonObject { ["type"] = "object" };

        var plural = AgentSetReader.Kind.ToLowerInvariant() + "s";
        var group = AgentSetReader.ApiVersion.Split('/')[0];
        var crd = new JsonObject
        {
            ["apiVersion"] = "apiextensions.k8s.io/v1",
            ["kind"] = "CustomResourceDefinition",
            ["metadata"] = new JsonObject { ["name"] = $"{plural}.{group}" },
            ["spec"] = new JsonObject
            {
                ["group"] = group,
                ["names"] = new JsonObject
                {
                    ["kind"] = AgentSetReader.Kind,
                    ["listKind"] = AgentSetReader.Kind + "List",
                    ["plural"] = plural,
                    ["singular"] = AgentSetReader.Kind.ToLowerInvariant(),
                },
                ["scope"] = "Namespaced",
                ["versions"] = new JsonArray(new JsonObject
                {
                    ["name"] = AgentSetReader.ApiVersion.Split('/')[1],
                    ["served"] = true,
                    ["storage"] = true,
                    ["schema"] = new JsonObject { ["openAPIV3Schema"] = structural },
                }),
            },
        };
        using var document = JsonDocument.Parse(crd.ToJsonString());
        return ResourceListIo.Emit([YamlJson.ToYaml(document.RootElement)]);
    }

    /// <summary>A copy with every $ref inlined and every additionalProperties: false dropped.</summary>
    private static JsonNode Structural(JsonNode node, JsonObject definitions)
    {
        switch (node)
        {
            case JsonObject obj when obj["$ref"] is JsonValue reference:
                var name = reference.GetValue<string>().Split('/')[^1];
                return Structural(definitions[name]!, definitions);
            case JsonObject obj:
                var copy = new JsonObject();
                foreach (var (key, value) in obj)
                {
                    if (key == "additionalProperties" && value is JsonValue v && v.GetValueKind() == JsonValueKind.False) continue;
                    copy[key] = value is null ? null : Structural(value, definitions);
                }
                return copy;
            case JsonArray array:
                return new JsonArray(array.Select(item => item is null ? null : Structural(item, definitions)).ToArray());
            default:
                return node.DeepClone();
        }
    }
}
