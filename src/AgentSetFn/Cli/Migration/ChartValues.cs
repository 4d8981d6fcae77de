using System.Globalization;
using KrmFn;
using YamlDotNet.RepresentationModel;

namespace AgentSetFn.Cli.Migration;

/// <summary>Reading the chart's values as the chart did, and writing the AgentSet's scalars.</summary>
internal static class ChartValues
{
    public static YamlMappingNode? Map(YamlMappingNode node, string key) =>
        node.Children.TryGetValue(key, out var value) ? value as YamlMappingNode : null;

    public static string? Scalar(YamlMappingNode node, string key) =>
        node.Children.TryGetValue(key, out var value) && value is YamlScalarNode s && !YamlScalars.IsNull(s) ? s.Value : null;

    // YAML 1.1's booleans, as Helm reads values (sigs.k8s.io/yaml over go-yaml v2), when unquoted.
    private static readonly string[] TrueForms = ["true", "True", "TRUE", "yes", "Yes", "YES", "on", "On", "ON", "y", "Y"];
    private static readonly string[] FalseForms = ["false", "False", "FALSE", "no", "No", "NO", "off", "Off", "OFF", "n", "N"];

    /// <summary>
    /// A switch of the chart's values as Helm reads it: an unquoted YAML 1.1 boolean (`True`,
    /// `yes`, `on`...), or the text `true`/`false` however written; null when absent or neither.
    /// </summary>
    public static bool? Switch(YamlMappingNode node, string key)
    {
        if (!node.Children.TryGetValue(key, out var value) || value is not YamlScalarNode { Value: { } text } scalar || YamlScalars.IsNull(scalar)) return null;
        var plain = scalar.Style is YamlDotNet.Core.ScalarStyle.Plain or YamlDotNet.Core.ScalarStyle.Any;
        if (text == "true" || (plain && TrueForms.Contains(text, StringComparer.Ordinal))) return true;
        if (text == "false" || (plain && FalseForms.Contains(text, StringComparer.Ordinal))) return false;
        return null;
    }

    public static bool IsEmpty(YamlNode node) => node switch
    {
        YamlScalarNode s => YamlScalars.IsNull(s) || (s.Value ?? "").Length == 0,
        YamlMappingNode m => m.Children.Count == 0,
        YamlSequenceNode q => q.Children.Count == 0,
        _ => false,
    };

    public static bool IsFalse(YamlMappingNode node, string key) =>
        node.Children.TryGetValue(key, out var value) && value is YamlScalarNode s && YamlScalars.TryBool(s, out var b) && !b;

    /// <summary>An unquoted number, which the chart read as a float64 (so an ID lost its last digits).</summary>
    public static bool IsUnquotedNumber(YamlScalarNode node, string text) =>
        YamlScalars.IsPlain(node) && (YamlScalars.IsInteger(text) || YamlScalars.IsFloat(text));

    /// <summary>An unquoted number as the chart read it: the float64's shortest round-trip text.</summary>
    public static string AsChartReadIt(string text) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number)
            ? number.ToString("R", CultureInfo.InvariantCulture).ToLowerInvariant() : text;

    // Compared as YAML, not as text: flow or block style and key order do not change a value.
    public static bool SameYaml(YamlNode a, YamlNode b) => (a, b) switch
    {
        (YamlScalarNode x, YamlScalarNode y) => x.Value == y.Value,
        (YamlSequenceNode x, YamlSequenceNode y) => x.Children.Count == y.Children.Count && x.Children.Zip(y.Children).All(p => SameYaml(p.First, p.Second)),
        (YamlMappingNode x, YamlMappingNode y) => x.Children.Count == y.Children.Count
            && x.Children.All(kv => y.Children.TryGetValue(kv.Key, out var other) && SameYaml(kv.Value, other)),
        _ => false,
    };

    // A value from the values file, shown in a note: IDs and sizes, never secrets (tokens are not described).
    public static string Describe(string text) => text.Length > 40 ? text[..40] + "..." : text;

    public static YamlScalarNode Quoted(string value) => new(value) { Style = YamlDotNet.Core.ScalarStyle.DoubleQuoted };

    public static YamlScalarNode Plain(string value) => new(value) { Style = YamlDotNet.Core.ScalarStyle.Plain };
}
