using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace KrmFn;

/// <summary>
/// Converts between YAML nodes and JSON. Used only for what the function owns: objects it
/// renders (models serialised by System.Text.Json, turned into block-style YAML) and the
/// Kubernetes-shaped fields it reads from its config. Items it passes through never go
/// through here, so their styles survive.
/// </summary>
public static class YamlJson
{
    /// <summary>Above this many nodes a field is refused (alias bombs expand when converted).</summary>
    public const int MaxNodes = 100_000;

    // kubectl's order for the first keys of an object; everything else keeps model order.
    // UTF-8, to compare with names in the document without decoding them.
    private static readonly byte[][] LeadingKeys = [.. new[] { "apiVersion", "kind", "metadata", "name", "namespace" }.Select(System.Text.Encoding.UTF8.GetBytes)];

    public static YamlNode ToYaml(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => ToMapping(element),
        JsonValueKind.Array => new YamlSequenceNode(element.EnumerateArray().Select(ToYaml)),
        JsonValueKind.String => StringNode(element.GetString()!),
        JsonValueKind.Number => new YamlScalarNode(element.GetRawText()) { Style = ScalarStyle.Plain },
        JsonValueKind.True => new YamlScalarNode("true") { Style = ScalarStyle.Plain },
        JsonValueKind.False => new YamlScalarNode("false") { Style = ScalarStyle.Plain },
        _ => new YamlScalarNode("null") { Style = ScalarStyle.Plain },
    };

    internal static YamlScalarNode StringNode(string value) =>
        new(value) { Style = YamlScalars.StyleForString(value) };

    /// <summary>An object's non-null properties, kubectl's leading keys first, the rest in model order.</summary>
    internal static IEnumerable<JsonProperty> OrderedProperties(JsonElement element)
    {
        // Two passes rather than a sort: this runs for every object of every generated
        // manifest, where sorting (and reading each name as a new string to sort by) was most
        // of the allocations; names are compared as the document's UTF-8 bytes.
        JsonProperty?[]? leading = null;
        foreach (var property in element.EnumerateObject())
        {
            if (property.Value.ValueKind != JsonValueKind.Null && LeadingIndex(property) is var index and >= 0)
                (leading ??= new JsonProperty?[LeadingKeys.Length])[index] = property;
        }
        foreach (var property in leading ?? [])
        {
            if (property is { } p) yield return p;
        }
        foreach (var property in element.EnumerateObject())
        {
            if (property.Value.ValueKind != JsonValueKind.Null && (leading is null || LeadingIndex(property) < 0)) yield return property;
        }
    }

    // The index of a property's name in LeadingKeys, or -1.
    private static int LeadingIndex(JsonProperty property)
    {
        for (var i = 0; i < LeadingKeys.Length; i++)
        {
            if (property.NameEquals(LeadingKeys[i])) return i;
        }
        return -1;
    }

    private static YamlMappingNode ToMapping(JsonElement element)
    {
        var mapping = new YamlMappingNode();
        foreach (var property in OrderedProperties(element))
        {
            mapping.Add(new YamlScalarNode(property.Name), ToYaml(property.Value));
        }
        return mapping;
    }

    /// <summary>
    /// A YAML node as JSON, resolving plain scalars by the YAML 1.2 core schema. Throws
    /// <see cref="FormatException"/> when the node is too large (expanded aliases included).
    /// </summary>
    public static JsonNode? ToJson(YamlNode node)
    {
        var budget = MaxNodes;
        return Convert(node, 0, ref budget);
    }

    // Recursive, so depth is bounded too: nodes built by YamlComposer already are, but nodes
    // built in code are not, and a stack overflow would kill the process.
    private static JsonNode? Convert(YamlNode node, int depth, ref int budget)
    {
        if (--budget < 0) throw new FormatException($"more than {MaxNodes} nodes (aliases expanded)");
        if (depth > YamlComposer.MaxDepth) throw new FormatException($"nested more than {YamlComposer.MaxDepth} levels deep");
        switch (node)
        {
            case YamlMappingNode mapping:
                var obj = new JsonObject();
                foreach (var (key, value) in mapping.Children)
                {
                    var name = key is YamlScalarNode s ? s.Value ?? "" : throw new FormatException("a mapping key is not a scalar");
                    obj[name] = Convert(value, depth + 1, ref budget);
                }
                return obj;
            case YamlSequenceNode sequence:
                var array = new JsonArray();
                foreach (var item in sequence.Children) array.Add(Convert(item, depth + 1, ref budget));
                return array;
            case YamlScalarNode scalar:
                return ScalarToJson(scalar);
            default:
                throw new FormatException("an alias that points nowhere");
        }
    }

    private static JsonNode? ScalarToJson(YamlScalarNode scalar)
    {
        var text = scalar.Value ?? "";
        if (!YamlScalars.IsPlain(scalar)) return JsonValue.Create(text);
        if (YamlScalars.IsNull(scalar)) return null;
        if (YamlScalars.TryBool(scalar, out var b)) return JsonValue.Create(b);
        if (YamlScalars.IsInteger(text) && long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l))
            return JsonValue.Create(l);
        if (YamlScalars.IsFloat(text) && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d)
            && double.IsFinite(d))
            return JsonValue.Create(d);
        return JsonValue.Create(text);
    }
}
