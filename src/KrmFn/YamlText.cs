using System.Text;
using System.Text.Json;

namespace KrmFn;

/// <summary>
/// Block-style YAML text written straight from the JSON of an object the function renders.
/// Generated objects are most of the output (their scripts and config files are long), and
/// building YAML nodes for them only to run YamlDotNet's emitter over every character cost
/// two thirds of a large render; this writer needs one pass. It writes a small, safe subset:
/// block mappings and sequences, plain scalars only where no YAML reader could mistake them,
/// literal blocks for multi-line text, double quotes for everything else.
/// </summary>
internal static class YamlText
{
    /// <summary>A generated item as a YAML document body (no markers), its annotations added.</summary>
    public static string FromItem(GeneratedItem item)
    {
        using var json = Serialise(item);
        return FromJson(json.RootElement, item.Annotations);
    }

    /// <summary>A generated item written as a document body or a list entry; see <see cref="Write(TextWriter, JsonElement, IReadOnlyList{KeyValuePair{string, string}}, bool)"/>.</summary>
    public static void Write(TextWriter output, GeneratedItem item, bool asListEntry)
    {
        using var json = Serialise(item);
        Write(output, json.RootElement, item.Annotations, asListEntry);
    }

    // The one serialisation of a generated object: into a pooled buffer the document reads in
    // place and returns when disposed, so the JSON lives only while its YAML is written.
    private static JsonDocument Serialise(GeneratedItem item) => JsonSerializer.SerializeToDocument(item.Value, item.TypeInfo);

    /// <summary>
    /// The object as a YAML document body (no markers), with <paramref name="annotations"/>
    /// appended to metadata.annotations.
    /// </summary>
    public static string FromJson(JsonElement root, IReadOnlyList<KeyValuePair<string, string>> annotations)
    {
        var text = Build(root, annotations, asListEntry: false);
        var result = text.ToString();
        Release(text);
        return result;
    }

    /// <summary>
    /// The same text written to <paramref name="output"/>, as a document body or, with
    /// <paramref name="asListEntry"/>, as an entry of a top-level list ("- " first, every
    /// other line two spaces further in).
    /// </summary>
    public static void Write(TextWriter output, JsonElement root, IReadOnlyList<KeyValuePair<string, string>> annotations, bool asListEntry)
    {
        var text = Build(root, annotations, asListEntry);
        output.Write(text); // chunk by chunk, no string
        Release(text);
    }

    // One builder per thread, reused: objects are written one after another, and a fresh
    // builder per object grew through several chunks and was copied into a string each time.
    [ThreadStatic] private static StringBuilder? t_builder;

    private static StringBuilder Build(JsonElement root, IReadOnlyList<KeyValuePair<string, string>> annotations, bool asListEntry)
    {
        var text = t_builder ?? new StringBuilder(32 * 1024);
        t_builder = null;
        if (asListEntry) text.Append("- ");
        // A list entry is the document moved two columns in, its first line after the "- ".
        WriteMapping(text, root, asListEntry ? 2 : 0, inline: asListEntry, annotations, depth: 0);
        return text;
    }

    private static void Release(StringBuilder text)
    {
        // A huge object's builder is not kept.
        if (text.Capacity > 1024 * 1024) return;
        text.Clear();
        t_builder = text;
    }

    /// <summary>
    /// The pairs of a mapping, one per line at <paramref name="indent"/>; with
    /// <paramref name="inline"/> the first pair continues the current line (after "- ").
    /// Null values are left out, as the models' serialiser does.
    /// </summary>
    private static void WriteMapping(StringBuilder text, JsonElement obj, int indent, bool inline,
        IReadOnlyList<KeyValuePair<string, string>>? annotations, int depth)
    {
        var first = true;
        var wroteAnnotations = false;
        foreach (var property in YamlJson.OrderedProperties(obj))
        {
            if (!(first && inline)) text.Append(' ', indent);
            first = false;
            WriteKey(text, property.Name);
            text.Append(':');
            if (annotations is { Count: > 0 } && depth == 1 && property.NameEquals("annotations"))
            {
                WriteAnnotations(text, property.Value, indent + 2, annotations);
                wroteAnnotations = true;
                continue;
            }
            var nested = depth == 0 && property.NameEquals("metadata") ? annotations : null;
            WriteValue(text, property.Value, indent, nested, depth + 1);
        }
        if (annotations is { Count: > 0 } && depth == 1 && !wroteAnnotations)
        {
            text.Append(' ', indent).Append("annotations:");
            WriteAnnotations(text, default, indent + 2, annotations);
        }
    }

    private static void WriteAnnotations(StringBuilder text, JsonElement existing, int indent, IReadOnlyList<KeyValuePair<string, string>> extra)
    {
        text.Append('\n');
        if (existing.ValueKind == JsonValueKind.Object)
        {
            foreach (var property in existing.EnumerateObject())
            {
                text.Append(' ', indent);
                WriteKey(text, property.Name);
                text.Append(": ");
                WriteScalar(text, property.Value.GetString() ?? "", indent);
                text.Append('\n');
            }
        }
        foreach (var (key, value) in extra)
        {
            text.Append(' ', indent);
            WriteKey(text, key);
            text.Append(": ");
            WriteScalar(text, value, indent);
            text.Append('\n');
        }
    }

    /// <summary>What follows "key:": a nested block on the next lines, or " scalar".</summary>
    private static void WriteValue(StringBuilder text, JsonElement value, int indent,
        IReadOnlyList<KeyValuePair<string, string>>? annotations, int depth)
    {
        if (value.ValueKind == JsonValueKind.Object && annotations is { Count: > 0 })
        {
            text.Append('\n');
            WriteMapping(text, value, indent + 2, inline: false, annotations, depth);
        }
        else if (!TryWriteOnThisLine(text, value, indent))
        {
            text.Append('\n');
            if (value.ValueKind == JsonValueKind.Object) WriteMapping(text, value, indent + 2, inline: false, null, depth);
            // Sequences under a key are not indented, as kpt and YamlDotNet write them.
            else WriteSequence(text, value, indent, inline: false);
        }
    }

    private static void WriteSequence(StringBuilder text, JsonElement array, int indent, bool inline)
    {
        var first = true;
        foreach (var item in array.EnumerateArray())
        {
            if (!(first && inline)) text.Append(' ', indent);
            first = false;
            text.Append('-');
            if (TryWriteOnThisLine(text, item, indent)) continue;
            text.Append(' ');
            if (item.ValueKind == JsonValueKind.Object) WriteMapping(text, item, indent + 2, inline: true, null, depth: 2);
            else WriteSequence(text, item, indent + 2, inline: true);
        }
    }

    /// <summary>
    /// " scalar", " {}" or " []" and the end of the line; false for a non-empty mapping or
    /// list, which goes on the following lines (or, in a list, after "- ").
    /// </summary>
    private static bool TryWriteOnThisLine(StringBuilder text, JsonElement value, int indent)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.Object when HasProperties(value):
            case JsonValueKind.Array when value.GetArrayLength() > 0:
                return false;
            case JsonValueKind.Object:
                text.Append(" {}\n");
                return true;
            case JsonValueKind.Array:
                text.Append(" []\n");
                return true;
            default:
                text.Append(' ');
                WriteScalarValue(text, value, indent);
                text.Append('\n');
                return true;
        }
    }

    private static bool HasProperties(JsonElement obj)
    {
        foreach (var property in obj.EnumerateObject())
        {
            if (property.Value.ValueKind != JsonValueKind.Null) return true;
        }
        return false;
    }

    private static void WriteScalarValue(StringBuilder text, JsonElement value, int indent)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.String:
                WriteScalar(text, value.GetString()!, indent);
                break;
            case JsonValueKind.Number:
                text.Append(value.GetRawText());
                break;
            case JsonValueKind.True:
                text.Append("true");
                break;
            case JsonValueKind.False:
                text.Append("false");
                break;
            default:
                text.Append("null");
                break;
        }
    }

    private static void WriteKey(StringBuilder text, string key) => WriteOneLine(text, key);

    /// <summary>A string as a plain scalar, a literal block (content at indent + 2) or double-quoted.</summary>
    private static void WriteScalar(StringBuilder text, string value, int indent)
    {
        if (value.Contains('\n', StringComparison.Ordinal) && YamlScalars.LiteralCanHold(value))
        {
            WriteLiteral(text, value, indent + 2);
        }
        else
        {
            WriteOneLine(text, value);
        }
    }

    // Plain when safe; else single quotes, as YamlDotNet chooses, unless the value is a
    // look-alike (true, 0x1F: always double quotes) or needs escapes.
    private static void WriteOneLine(StringBuilder text, string value)
    {
        if (YamlScalars.CanBePlain(value))
        {
            text.Append(value);
        }
        else if (!YamlScalars.ReadsAsNonString(value) && !value.StartsWith(' ') && !value.EndsWith(' ') && YamlScalars.IsOneLineOfPrintables(value))
        {
            text.Append('\'').Append(value.Replace("'", "''", StringComparison.Ordinal)).Append('\'');
        }
        else
        {
            WriteDoubleQuoted(text, value);
        }
    }

    private static void WriteLiteral(StringBuilder text, string value, int indent)
    {
        var trailing = 0;
        while (trailing < value.Length && value[value.Length - 1 - trailing] == '\n') trailing++;
        text.Append(trailing switch { 0 => "|-", 1 => "|", _ => "|+" }).Append('\n');
        // Line by line over the text itself (scripts are long: no copies of their lines).
        var body = trailing == 0 ? value.AsSpan() : value.AsSpan(0, value.Length - 1);
        while (true)
        {
            var newline = body.IndexOf('\n');
            var line = newline < 0 ? body : body[..newline];
            if (line.Length > 0) text.Append(' ', indent).Append(line);
            text.Append('\n');
            if (newline < 0) break;
            body = body[(newline + 1)..];
        }
        text.Length--; // the caller ends the line
    }

    private static void WriteDoubleQuoted(StringBuilder text, string value)
    {
        text.Append('"');
        foreach (var c in value)
        {
            switch (c)
            {
                case '"': text.Append("\\\""); break;
                case '\\': text.Append("\\\\"); break;
                case '\n': text.Append("\\n"); break;
                case '\t': text.Append("\\t"); break;
                case '\r': text.Append("\\r"); break;
                default:
                    if (YamlScalars.Printable(c)) text.Append(c);
                    else text.Append("\\u").Append(((int)c).ToString("x4", System.Globalization.CultureInfo.InvariantCulture));
                    break;
            }
        }
        text.Append('"');
    }
}
