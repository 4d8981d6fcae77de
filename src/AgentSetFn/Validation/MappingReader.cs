using KrmFn;
using AgentSetFn.Api;
using YamlDotNet.RepresentationModel;

namespace AgentSetFn.Validation;

/// <summary>
/// Reads typed fields out of one YAML mapping of the AgentSet, reporting every type mistake
/// and unknown field against its full path (spec.agents.kiro.pool.maxSessions). A field that
/// is missing or null reads as null; a field of the wrong type reads as null plus an error.
/// Scalars are taken from their source text, so 20-digit IDs never lose precision.
/// Fields are named by their descriptors in the API catalog (<see cref="AgentSetApi"/>): the
/// unknown-field lists, ranges, allowed values and defaults come from there. Strings are
/// identifiers unless the field is text (<see cref="StringField.Text"/>): see <see cref="ControlCharacters"/>.
/// A string with a control character is reported and still returned, so the checks of its
/// meaning report the rest.
/// </summary>
internal sealed class MappingReader(YamlMappingNode node, string path, Diagnostics diagnostics)
{
    public string Path { get; } = path;
    public Diagnostics Diagnostics { get; } = diagnostics;
    public YamlMappingNode Node { get; } = node;

    public string FieldPath(string key) => Path.Length == 0 ? key : $"{Path}.{key}";

    /// <summary>Errors for every key that is not a field of <paramref name="fields"/>, suggesting the nearest one.</summary>
    public void RejectUnknownFields(ObjectField fields) => RejectUnknownFields([.. fields.Names]);

    private void RejectUnknownFields(string[] allowed)
    {
        foreach (var key in Node.Children.Keys)
        {
            var name = key is YamlScalarNode s ? s.Value ?? "" : key.ToString();
            if (allowed.Contains(name, StringComparer.Ordinal)) continue;
            var suggestion = Suggest(name, allowed);
            var hint = suggestion is null
                ? $"known fields: {string.Join(", ", allowed)}"
                : $"did you mean `{suggestion}`?";
            Diagnostics.Error(FieldPath(name), $"unknown field `{name}`: {hint}");
        }
    }

    /// <summary>The node at <paramref name="key"/>, or null when missing or YAML null.</summary>
    public YamlNode? Raw(string key)
    {
        if (!Node.Children.TryGetValue(key, out var value)) return null;
        return value is YamlScalarNode s && YamlScalars.IsNull(s) ? null : value;
    }

    /// <summary>An identifier: a name, key, path, ID, image, URL or token.</summary>
    public string? String(string key) => Scalar(key, text: false);

    private string? Scalar(string key, bool text)
    {
        var value = Raw(key);
        if (value is null) return null;
        if (value is YamlScalarNode scalar) return Checked(scalar.Value ?? "", FieldPath(key), text);
        Diagnostics.Error(FieldPath(key), $"must be a string, got {Describe(value)}");
        return null;
    }

    /// <summary>The value, with an error at <paramref name="path"/> when it holds a control character it may not.</summary>
    private string Checked(string value, string path, bool text)
    {
        if ((text ? ControlCharacters.InText(value) : ControlCharacters.InIdentifier(value)) is { } problem)
            Diagnostics.Error(path, problem);
        return value;
    }

    private bool? Bool(string key)
    {
        var value = Raw(key);
        if (value is null) return null;
        if (value is YamlScalarNode scalar && YamlScalars.TryBool(scalar, out var b)) return b;
        Diagnostics.Error(FieldPath(key), $"must be a boolean (true or false, unquoted), got {Describe(value)}");
        return null;
    }

    /// <summary>An integer between <paramref name="min"/> and <paramref name="max"/>, inclusive.</summary>
    private int? Int(string key, int min, int max)
    {
        var value = Raw(key);
        if (value is null) return null;
        if (value is YamlScalarNode scalar && YamlScalars.IsPlain(scalar) && YamlScalars.IsInteger(scalar.Value ?? ""))
        {
            var text = scalar.Value ?? "";
            // YAML's integers include 0x and 0o forms; only decimal is read, so the message says which it got.
            if (text.StartsWith("0x", StringComparison.Ordinal) || text.StartsWith("0o", StringComparison.Ordinal))
            {
                Diagnostics.Error(FieldPath(key), "must be a decimal integer (unquoted), got an integer in hexadecimal or octal form");
                return null;
            }
            if (int.TryParse(text, System.Globalization.CultureInfo.InvariantCulture, out var n))
            {
                if (n >= min && n <= max) return n;
                Diagnostics.Error(FieldPath(key), $"must be between {min} and {max}, got {n}");
                return null;
            }
            // Decimal, but beyond what an int holds.
            Diagnostics.Error(FieldPath(key), $"must be an integer between {min} and {max}, got {text}");
            return null;
        }
        Diagnostics.Error(FieldPath(key), $"must be an integer (unquoted), got {Describe(value)}");
        return null;
    }

    /// <summary>
    /// One of <paramref name="allowed"/>, spelled exactly; anything else is an error naming
    /// the allowed values (and the nearest one, for a typo like `per_thread`).
    /// </summary>
    private string? OneOf(string key, IReadOnlyList<string> allowed)
    {
        var value = String(key);
        if (value is null || allowed.Contains(value, StringComparer.Ordinal)) return value;
        var suggestion = Suggest(value, allowed);
        Diagnostics.Error(FieldPath(key), $"must be one of: {string.Join(", ", allowed)}; got `{value}`"
            + (suggestion is null ? "" : $" (did you mean `{suggestion}`?)"));
        return null;
    }

    /// <summary>The object at its field, its unknown fields reported (unless Kubernetes' own are allowed in it).</summary>
    public MappingReader? Object(ObjectField field)
    {
        var reader = Mapping(field.Name);
        if (field.RejectsUnknownFields) reader?.RejectUnknownFields(field);
        return reader;
    }

    public string? String(StringField field) => Scalar(field.Name, field.Text);

    public int? Int(IntField field) => Int(field.Name, field.Min, field.Max);

    public bool? Bool(BoolField field) => Bool(field.Name);

    /// <summary>The value, or the field's default when it is unset or wrong (the error is reported).</summary>
    public int IntOrDefault(IntField field) => Int(field) ?? field.DefaultValue;

    /// <summary>The value, or the field's default when it is unset or wrong (the error is reported).</summary>
    public bool BoolOrDefault(BoolField field) => Bool(field.Name) ?? field.DefaultValue;

    public string? OneOf(EnumField field) => OneOf(field.Name, field.Values);

    /// <summary>A list of strings, each an identifier or free text as the list's item says.</summary>
    public IReadOnlyList<string>? StringList(ListField field) =>
        ScalarList(field.Name, text: field.Item is StringField { Text: true });

    /// <summary>A map of identifier to string, the values identifiers or free text as the map's value says.</summary>
    public IReadOnlyList<KeyValuePair<string, string>>? StringMap(MapField field) =>
        StringMap(field.Name, textValues: field.Value is StringField { Text: true });

    /// <summary>The entries of a list of objects, each with its unknown fields reported.</summary>
    public IEnumerable<MappingReader> Entries(ListField field, string shape)
    {
        var item = (ObjectField)field.Item;
        foreach (var entry in Entries(field.Name, shape))
        {
            entry.RejectUnknownFields(item);
            yield return entry;
        }
    }

    public MappingReader? Mapping(string key)
    {
        var value = Raw(key);
        if (value is null) return null;
        if (value is YamlMappingNode mapping) return new MappingReader(mapping, FieldPath(key), Diagnostics);
        Diagnostics.Error(FieldPath(key), $"must be a mapping, got {Describe(value)}");
        return null;
    }

    public YamlSequenceNode? Sequence(string key)
    {
        var value = Raw(key);
        if (value is null) return null;
        if (value is YamlSequenceNode sequence) return sequence;
        Diagnostics.Error(FieldPath(key), $"must be a list, got {Describe(value)}");
        return null;
    }

    /// <summary>
    /// The entries of a list of mappings, each as a reader at `key[i]`; an entry that is not a
    /// mapping is an error naming the expected <paramref name="shape"/> (e.g. "{name, image}").
    /// </summary>
    private IEnumerable<MappingReader> Entries(string key, string shape)
    {
        var sequence = Sequence(key);
        if (sequence is null) yield break;
        for (var i = 0; i < sequence.Children.Count; i++)
        {
            var path = $"{FieldPath(key)}[{i}]";
            if (sequence.Children[i] is YamlMappingNode entry)
                yield return new MappingReader(entry, path, Diagnostics);
            else
                Diagnostics.Error(path, $"must be a mapping {shape}, got {Describe(sequence.Children[i])}");
        }
    }

    /// <summary>A list of strings as their source text; non-scalar entries are errors.</summary>
    private List<string>? ScalarList(string key, bool text)
    {
        var sequence = Sequence(key);
        if (sequence is null) return null;
        var result = new List<string>();
        for (var i = 0; i < sequence.Children.Count; i++)
        {
            var path = $"{FieldPath(key)}[{i}]";
            if (sequence.Children[i] is YamlScalarNode scalar && !YamlScalars.IsNull(scalar))
                result.Add(Checked(scalar.Value ?? "", path, text));
            else
                Diagnostics.Error(path, $"must be a string, got {Describe(sequence.Children[i])}");
        }
        return result;
    }

    /// <summary>
    /// A map of identifier to scalar, in the order written: the values are identifiers too
    /// (label values), or free text when <paramref name="textValues"/> (environment values).
    /// </summary>
    private IReadOnlyList<KeyValuePair<string, string>>? StringMap(string key, bool textValues)
    {
        var mapping = Mapping(key);
        if (mapping is null) return null;
        var result = new List<KeyValuePair<string, string>>();
        foreach (var (k, v) in mapping.Node.Children)
        {
            var name = (k as YamlScalarNode)?.Value ?? "";
            Checked(name, mapping.FieldPath(name), text: false);
            if (v is YamlScalarNode scalar)
                result.Add(new(name, YamlScalars.IsNull(scalar) ? "" : Checked(scalar.Value ?? "", mapping.FieldPath(name), textValues)));
            else
                Diagnostics.Error(mapping.FieldPath(name), $"must be a string, got {Describe(v)}");
        }
        return result;
    }

    /// <summary>What a node is, for messages. Never quotes its text: it could be a token.</summary>
    public static string Describe(YamlNode node) => node switch
    {
        YamlMappingNode => "a mapping",
        YamlSequenceNode => "a list",
        YamlScalarNode s when YamlScalars.IsNull(s) => "null",
        YamlScalarNode s when YamlScalars.TryBool(s, out _) => "a boolean",
        YamlScalarNode s when YamlScalars.IsPlain(s) && YamlScalars.IsInteger(s.Value ?? "") => "an integer",
        YamlScalarNode s when YamlScalars.IsPlain(s) && YamlScalars.IsFloat(s.Value ?? "") => "a decimal number",
        YamlScalarNode s when !YamlScalars.IsPlain(s) => "a quoted string",
        _ => "a string",
    };

    /// <summary>The allowed name closest to a typo, if it is close enough to be a typo.</summary>
    public static string? Suggest(string name, IEnumerable<string> allowed)
    {
        var best = allowed
            .Select(a => (Name: a, Distance: EditDistance(name.ToLowerInvariant(), a.ToLowerInvariant())))
            .OrderBy(x => x.Distance).ThenBy(x => x.Name, StringComparer.Ordinal)
            .FirstOrDefault();
        return best.Name is not null && best.Distance <= Math.Max(2, name.Length / 3) ? best.Name : null;
    }

    private static int EditDistance(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++) previous[j] = j;
        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }
            (previous, current) = (current, previous);
        }
        return previous[b.Length];
    }
}
