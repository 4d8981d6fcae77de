using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace AgentSetFn.Krm;

/// <summary>
/// How plain YAML scalars resolve to types (YAML 1.2 core schema), and which strings must be
/// quoted on output so that no reader, YAML 1.1 ones included, takes them for a bool or number.
/// </summary>
internal static partial class YamlScalars
{
    [GeneratedRegex(@"\A([-+]?(0|[1-9][0-9]*)|0o[0-7]+|0x[0-9a-fA-F]+)\z")]
    private static partial Regex IntegerPattern();

    [GeneratedRegex(@"\A([-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?|[-+]?\.(inf|Inf|INF)|\.(nan|NaN|NAN))\z")]
    private static partial Regex FloatPattern();

    // Broader than the 1.2 schema on purpose: YAML 1.1 readers also take yes/no/on/off,
    // sexagesimal and underscored numbers as non-strings.
    [GeneratedRegex(@"\A([-+]?[0-9][0-9_.:eE+-]*|[-+]?\.[0-9a-zA-Z]+|~|null|Null|NULL|true|True|TRUE|false|False|FALSE|yes|Yes|YES|no|No|NO|on|On|ON|off|Off|OFF|y|Y|n|N|=|<<)\z")]
    private static partial Regex AmbiguousPlainPattern();

    public static bool IsPlain(YamlScalarNode node) => node.Style is ScalarStyle.Plain or ScalarStyle.Any;

    public static bool IsNull(YamlScalarNode node) =>
        IsPlain(node) && node.Value is null or "" or "~" or "null" or "Null" or "NULL";

    public static bool TryBool(YamlScalarNode node, out bool value)
    {
        value = false;
        if (!IsPlain(node)) return false;
        switch (node.Value)
        {
            case "true" or "True" or "TRUE": value = true; return true;
            case "false" or "False" or "FALSE": value = false; return true;
            default: return false;
        }
    }

    public static bool IsInteger(string text) => IntegerPattern().IsMatch(text);

    public static bool IsFloat(string text) => FloatPattern().IsMatch(text);

    // What AmbiguousPlainPattern can match: its words are at most five characters long, its
    // numbers start with a sign, a dot or a digit. Most strings are neither; no regex for them.
    private static bool MayLookAmbiguous(string value) => value.Length <= 5 || value[0] is '-' or '+' or '.' or (>= '0' and <= '9');

    /// <summary>The style a string value should be written with so it reads back as that string.</summary>
    public static ScalarStyle StyleForString(string value)
    {
        if (value.Length == 0 || (MayLookAmbiguous(value) && AmbiguousPlainPattern().IsMatch(value))) return ScalarStyle.DoubleQuoted;
        // Scripts and documents read best as literal blocks; the emitter falls back to quoting
        // when a literal block cannot hold the text exactly (trailing spaces, tabs).
        if (value.Contains('\n', StringComparison.Ordinal)) return ScalarStyle.Literal;
        return ScalarStyle.Any;
    }
}
