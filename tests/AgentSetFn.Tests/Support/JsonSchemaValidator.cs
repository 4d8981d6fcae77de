using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace AgentSetFn.Tests.Support;

/// <summary>
/// The part of JSON Schema (draft-07) that the AgentSet schema uses, enough to check documents
/// the way an editor or kubeconform would: type, enum, properties, required,
/// additionalProperties, minProperties, items, pattern, maxLength, minimum, maximum, anyOf,
/// $ref to #/definitions, and x-kubernetes-preserve-unknown-fields.
/// </summary>
internal sealed class JsonSchemaValidator(JsonObject root)
{
    private static readonly HashSet<string> Understood =
    [
        "$schema", "title", "description", "definitions", "$ref", "type", "enum", "properties", "required",
        "additionalProperties", "minProperties", "items", "pattern", "maxLength", "minimum", "maximum", "anyOf",
        "x-kubernetes-preserve-unknown-fields", "x-kubernetes-int-or-string",
    ];

    /// <summary>Every violation, as "path: problem"; empty when the document is valid.</summary>
    public List<string> Validate(JsonNode? document)
    {
        var problems = new List<string>();
        Check(root, document, "", problems);
        return problems;
    }

    private JsonObject Resolve(JsonObject schema) =>
        schema["$ref"] is JsonValue reference
            ? root["definitions"]![reference.GetValue<string>().Split('/')[^1]]!.AsObject()
            : schema;

    private void Check(JsonObject schemaNode, JsonNode? value, string path, List<string> problems)
    {
        var schema = Resolve(schemaNode);
        var unknownKeyword = schema.Select(p => p.Key).FirstOrDefault(k => !Understood.Contains(k));
        if (unknownKeyword is not null) throw new NotSupportedException($"schema keyword {unknownKeyword} at {path}");

        if (schema["anyOf"] is JsonArray anyOf)
        {
            if (!anyOf.Any(option => { var p = new List<string>(); Check(option!.AsObject(), value, path, p); return p.Count == 0; }))
                problems.Add($"{path}: matches none of anyOf");
        }
        if (schema["enum"] is JsonArray allowed && !allowed.Any(a => JsonNode.DeepEquals(a, value)))
            problems.Add($"{path}: not one of {allowed.ToJsonString()}");

        var type = schema["type"]?.GetValue<string>();
        var kind = value?.GetValueKind() ?? JsonValueKind.Null;
        var typeOk = type switch
        {
            null => true,
            "object" => kind == JsonValueKind.Object,
            "array" => kind == JsonValueKind.Array,
            "string" => kind == JsonValueKind.String,
            "boolean" => kind is JsonValueKind.True or JsonValueKind.False,
            "integer" => kind == JsonValueKind.Number && long.TryParse(value!.ToJsonString(), System.Globalization.CultureInfo.InvariantCulture, out _),
            "number" => kind == JsonValueKind.Number,
            _ => throw new NotSupportedException($"type {type}"),
        };
        if (!typeOk)
        {
            problems.Add($"{path}: expected {type}, got {kind}");
            return;
        }

        switch (value)
        {
            case JsonObject obj:
                CheckObject(schema, obj, path, problems);
                break;
            case JsonArray array when schema["items"] is JsonObject items:
                for (var i = 0; i < array.Count; i++) Check(items, array[i], $"{path}[{i}]", problems);
                break;
            case JsonValue scalar when kind == JsonValueKind.String:
                var text = scalar.GetValue<string>();
                if (schema["pattern"] is JsonValue pattern && !Regex.IsMatch(text, pattern.GetValue<string>()))
                    problems.Add($"{path}: does not match {pattern}");
                if (schema["maxLength"] is JsonValue max && text.Length > Number(max))
                    problems.Add($"{path}: longer than {max}");
                break;
            case JsonValue number when kind == JsonValueKind.Number:
                var n = Number(number);
                if (schema["minimum"] is JsonValue min && n < Number(min)) problems.Add($"{path}: below {min}");
                if (schema["maximum"] is JsonValue mx && n > Number(mx)) problems.Add($"{path}: above {mx}");
                break;
        }
    }

    private void CheckObject(JsonObject schema, JsonObject obj, string path, List<string> problems)
    {
        foreach (var required in schema["required"]?.AsArray() ?? [])
        {
            var name = required!.GetValue<string>();
            if (!obj.ContainsKey(name)) problems.Add($"{Join(path, name)}: required");
        }
        if (schema["minProperties"] is JsonValue minProperties && obj.Count < Number(minProperties))
            problems.Add($"{path}: fewer than {minProperties} properties");
        if (schema["x-kubernetes-preserve-unknown-fields"] is JsonValue) return;

        var properties = schema["properties"] as JsonObject;
        foreach (var (name, value) in obj)
        {
            if (properties?[name] is JsonObject property)
                Check(property, value, Join(path, name), problems);
            else if (schema["additionalProperties"] is JsonObject additional)
                Check(additional, value, Join(path, name), problems);
            else if (schema["additionalProperties"] is JsonValue open && open.GetValueKind() == JsonValueKind.False)
                problems.Add($"{Join(path, name)}: unknown field");
        }
    }

    // Numbers come as JsonElement (parsed schema) or long/double (from YAML): read them as text.
    private static double Number(JsonNode value) =>
        double.Parse(value.ToJsonString(), System.Globalization.CultureInfo.InvariantCulture);

    private static string Join(string path, string name) => path.Length == 0 ? name : $"{path}.{name}";
}
