using System.Text.Json.Serialization.Metadata;

namespace KrmFn;

/// <summary>
/// A generated object for the output: the typed object, the System.Text.Json metadata that
/// serialises it (source-generated, so trimming and Native AOT keep it), and the annotations
/// to add to its metadata. It stays typed until it is written, and is serialised once then:
/// to JSON, and that JSON straight to block-style YAML.
/// </summary>
public sealed class GeneratedItem
{
    /// <param name="value">The object: it serialises to a JSON object (a Kubernetes resource).</param>
    /// <param name="typeInfo">How to serialise <paramref name="value"/>, e.g. a JsonSerializerContext's property for its type.</param>
    /// <param name="annotations">Added to metadata.annotations, after the object's own.</param>
    public GeneratedItem(object value, JsonTypeInfo typeInfo, IReadOnlyList<KeyValuePair<string, string>>? annotations = null)
    {
        ArgumentNullException.ThrowIfNull(value);
        ArgumentNullException.ThrowIfNull(typeInfo);
        // Checked here rather than when written: by then the output is half-written.
        if (!typeInfo.Type.IsInstanceOfType(value))
            throw new ArgumentException($"the type information is for {typeInfo.Type.Name}, not {value.GetType().Name}", nameof(typeInfo));
        if (typeInfo.Kind is not (JsonTypeInfoKind.Object or JsonTypeInfoKind.Dictionary))
            throw new ArgumentException($"{typeInfo.Type.Name} is not written as a JSON object, so it is no resource", nameof(typeInfo));
        Value = value;
        TypeInfo = typeInfo;
        Annotations = annotations ?? [];
    }

    public object Value { get; }

    public JsonTypeInfo TypeInfo { get; }

    public IReadOnlyList<KeyValuePair<string, string>> Annotations { get; }

    /// <summary>The object as a YAML document body (no "---" markers), to <paramref name="output"/>.</summary>
    public void WriteDocument(TextWriter output) => YamlText.Write(output, this, asListEntry: false);

    /// <summary>The object as a YAML document body (no "---" markers).</summary>
    public string ToYaml() => YamlText.FromItem(this);
}
