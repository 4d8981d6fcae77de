using System.Text.Json;
using System.Text.Json.Nodes;
using KrmFn;
using AgentSetFn.Validation;
using YamlDotNet.RepresentationModel;

namespace AgentSetFn.Api;

/// <summary>
/// The AgentSet's schema, for editors (yaml-language-server), kubeconform and kubectl, generated
/// from the API catalog (<see cref="AgentSetApi"/>): JSON Schema draft-07, OpenAPI v3 compatible.
/// The CRD form is derived from it.
/// </summary>
internal static class AgentSetSchema
{
    private static readonly JsonSerializerOptions Indented = new()
    {
        WriteIndented = true,
        // Descriptions hold <set>-<agent> and quotes: keep them readable, as JSON allows.
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>The JSON Schema of the AgentSet, as `agentset schema` prints it.</summary>
    public static string JsonSchema() => JsonSchema(AgentSetApi.Root.Object);

    /// <summary>The JSON Schema of a resource described by <paramref name="resource"/>.</summary>
    internal static string JsonSchema(ObjectField resource)
    {
        var definitions = new JsonObject();
        var schema = new JsonObject
        {
            ["$schema"] = "http://json-schema.org/draft-07/schema#",
            ["title"] = AgentSetApi.Title,
        };
        foreach (var (key, value) in Property(resource, definitions)) schema[key] = value?.DeepClone();
        schema["definitions"] = definitions;
        return schema.ToJsonString(Indented) + "\n";
    }

    /// <summary>A field's schema: its type and its description; a shared type as a $ref.</summary>
    private static JsonObject Property(Field field, JsonObject definitions)
    {
        var schema = TypeOf(field, definitions);
        if (field.Definition is { } name)
        {
            // Two fields sharing a definition must agree on it: the catalog's mistake, not the user's.
            if (definitions[name] is { } existing && !JsonNode.DeepEquals(existing, schema))
                throw new InvalidOperationException($"fields named `{field.Name}` and others share definition {name} but differ");
            definitions[name] ??= schema;
            schema = new JsonObject { ["$ref"] = $"#/definitions/{name}" };
        }
        var description = Description(field);
        if (description.Length > 0) schema["description"] = description;
        return schema;
    }

    /// <summary>What the schema says of a value, without the field's own description.</summary>
    private static JsonObject TypeOf(Field field, JsonObject definitions)
    {
        switch (field)
        {
            case StringField s:
                var text = new JsonObject { ["type"] = "string" };
                if (s.Pattern is not null) text["pattern"] = s.Pattern;
                if (s.MaxLength is { } max) text["maxLength"] = max;
                return text;
            case IntField i:
                return new JsonObject { ["type"] = "integer", ["minimum"] = i.Min, ["maximum"] = i.Max };
            case BoolField:
                return new JsonObject { ["type"] = "boolean" };
            case EnumField e:
                return new JsonObject { ["type"] = "string", ["enum"] = Strings(e.Values) };
            case ListField l:
                return new JsonObject { ["type"] = "array", ["items"] = Property(l.Item, definitions) };
            case MapField m:
                var map = new JsonObject { ["type"] = "object" };
                if (m.MinCount > 0) map["minProperties"] = m.MinCount;
                map["additionalProperties"] = Property(m.Value, definitions);
                return map;
            case ObjectField o:
                var obj = new JsonObject { ["type"] = "object" };
                if (o.Fields.Where(f => f.Required).Select(f => f.Name).ToList() is { Count: > 0 } required) obj["required"] = Strings(required);
                if (o.RejectsUnknownFields) obj["additionalProperties"] = false;
                if (o.KubernetesType is not null) obj["x-kubernetes-preserve-unknown-fields"] = true;
                var properties = new JsonObject();
                foreach (var f in o.Fields) properties[f.Name] = Property(f, definitions);
                obj["properties"] = properties;
                return obj;
            case KubernetesField k:
                // The Kubernetes models check the shape; the schema only says object or list of objects.
                var item = new JsonObject { ["type"] = "object", ["x-kubernetes-preserve-unknown-fields"] = true };
                return k.List ? new JsonObject { ["type"] = "array", ["items"] = item } : item;
            case QuantityField:
                return new JsonObject
                {
                    ["anyOf"] = new JsonArray(new JsonObject { ["type"] = "integer" }, new JsonObject { ["type"] = "string" }),
                    ["x-kubernetes-int-or-string"] = true,
                };
            default:
                throw new NotSupportedException($"no schema for {field.GetType().Name}");
        }
    }

    private static JsonArray Strings(IEnumerable<string> values) => new([.. values.Select(v => (JsonNode)v)]);

    /// <summary>The description as plain text (Markdown links reduced to their text), with the default.</summary>
    internal static string Description(Field field)
    {
        var text = AgentSetDocs.WithoutLinks(field.Description);
        if (field.DefaultText is { } value) text = text.Length == 0 ? $"Default: {value}." : $"{text} Default: {value}.";
        return text;
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

        var plural = AgentSetApi.Kind.ToLowerInvariant() + "s";
        var group = AgentSetApi.ApiVersion.Split('/')[0];
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
                    ["kind"] = AgentSetApi.Kind,
                    ["listKind"] = AgentSetApi.Kind + "List",
                    ["plural"] = plural,
                    ["singular"] = AgentSetApi.Kind.ToLowerInvariant(),
                },
                ["scope"] = "Namespaced",
                ["versions"] = new JsonArray(new JsonObject
                {
                    ["name"] = AgentSetApi.ApiVersion.Split('/')[1],
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
                // The definition, inlined, with the field's own keywords (its description) kept.
                var inlined = Structural(definitions[reference.GetValue<string>().Split('/')[^1]]!, definitions).AsObject();
                foreach (var (key, value) in obj)
                {
                    if (key != "$ref") inlined[key] = value?.DeepClone();
                }
                return inlined;
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
