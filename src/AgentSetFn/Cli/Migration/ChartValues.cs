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
