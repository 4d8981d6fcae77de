using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace KrmFn;

/// <summary>
/// How plain YAML scalars resolve to types (YAML 1.2 core schema), and which strings must be
/// quoted on output so that no reader, YAML 1.1 ones included, takes them for a bool or number.
/// </summary>
public static partial class YamlScalars
{
    [GeneratedRegex(@"\A([-+]?(0|[1-9][0-9]*)|0o[0-7]+|0x[0-9a-fA-F]+)\z")]
    private static partial Regex IntegerPattern();

    [GeneratedRegex(@"\A([-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?|[-+]?\.(inf|Inf|INF)|\.(nan|NaN|NAN))\z")]
    private static partial Regex FloatPattern();

    // What a plain scalar reads as in the schemas the function's output meets: kubectl, Helm and
    // kustomize read YAML with Go's go-yaml (YAML 1.1 words and numbers), kpt with go-yaml v3,
    // Python tools with PyYAML (YAML 1.1), YamlDotNet and most others by the YAML 1.2 core
    // schema. A string any of them would take for something else is written quoted.
    [GeneratedRegex("""
        \A(?:
          # Words. YAML 1.1 bool (go-yaml too), null, merge key and value key; YAML 1.2's bool and null are among them.
            y|Y|yes|Yes|YES|n|N|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF
          | ~|null|Null|NULL|<<|=
          # YAML 1.1 int: base 2, 8, 10, 16 and 60, '_' among the digits.
          | [-+]?0b[01_]+ | [-+]?0[0-7_]+ | [-+]?(?:0|[1-9][0-9_]*) | [-+]?0x[0-9a-fA-F_]+ | [-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+
          # YAML 1.1 float: the type repository's base 10 (it also takes "1.2.3" and "."), PyYAML's
          # (with '_' after the dot), base 60, infinities and NaN.
          | [-+]?(?:[0-9][0-9_]*)?\.[0-9.]*(?:[eE][-+][0-9]+)?
          | [-+]?[0-9][0-9_]*\.[0-9_]*(?:[eE][-+][0-9]+)? | \.[0-9][0-9_]*(?:[eE][-+][0-9]+)?
          | [-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*
          | [-+]?\.(?:inf|Inf|INF) | \.(?:nan|NaN|NAN)
          # YAML 1.1 timestamp (the spec's and PyYAML's, blanks allowed before the zone); Go's
          # parser also takes one-digit months, days, hours, minutes and seconds.
          | [0-9]{4}-[0-9]{1,2}-[0-9]{1,2}
            (?:(?:[Tt]|[\x20\t]+)[0-9]{1,2}:[0-9]{1,2}:[0-9]{1,2}(?:\.[0-9]*)?(?:[\x20\t]*(?:Z|[-+][0-9]{1,2}(?::[0-9]{2})?))?)?
          # YAML 1.2 core int and float (the JSON schema's are among them).
          | [-+]?[0-9]+ | 0o[0-7]+ | 0x[0-9a-fA-F]+
          | [-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?
          # Beyond the exact forms, as this function always quoted them: any numeral of digits
          # and number punctuation, any word after a leading dot. Readers outside these schemas
          # differ at such edges, and quoting costs nothing.
          | [-+]?[0-9][0-9_.:eE+-]* | [-+]?\.[0-9a-zA-Z]+
        )\z
        """, RegexOptions.IgnorePatternWhitespace)]
    private static partial Regex NonStringPlain();

    // go-yaml (kubectl, Helm, kpt) drops every '_' from a plain scalar that starts with a sign
    // or a digit, then takes what Go's strconv reads as a number: a sign before any base prefix,
    // prefixes in either case (0X1F, 0B1, 0O7), so "1_", "+_1" and "0_x1F" are numbers too.
    [GeneratedRegex(@"\A[-+]?(?:0[xX][0-9a-fA-F]+|0[oO][0-7]+|0[bB][01]+|(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?)\z")]
    private static partial Regex GoNumber();

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

    // What the patterns can match: their words are at most five characters long, their numbers
    // and timestamps start with a sign, a dot or a digit. Most strings are neither; no regex for them.
    private static bool MayReadAsNonString(string value) => value.Length <= 5 || value[0] is '-' or '+' or '.' or (>= '0' and <= '9');

    /// <summary>
    /// Whether some YAML 1.1 or 1.2 reader takes <paramref name="value"/>, written as a plain
    /// scalar, for anything but this string: a bool, null, number, timestamp or merge key. Such a
    /// string is written quoted, as a value and as a key.
    /// </summary>
    internal static bool ReadsAsNonString(string value)
    {
        if (value.Length == 0) return true;
        if (!MayReadAsNonString(value)) return false;
        if (NonStringPlain().IsMatch(value)) return true;
        return value[0] is '-' or '+' or (>= '0' and <= '9') && GoNumber().IsMatch(value.Replace("_", "", StringComparison.Ordinal));
    }

    /// <summary>
    /// The style a string is written with by YamlDotNet's emitter so that every reader reads it
    /// back as that string: double quotes for look-alikes and for what needs escapes (tabs,
    /// carriage returns, characters outside YAML's printable set, which the emitter would write
    /// plain or in a block and lose), a literal block for multi-line text it can hold exactly,
    /// otherwise the emitter's choice (plain, or quotes around indicators and blanks).
    /// </summary>
    internal static ScalarStyle StyleForString(string value)
    {
        if (ReadsAsNonString(value)) return ScalarStyle.DoubleQuoted;
        // Scripts and documents read best as literal blocks.
        if (value.Contains('\n', StringComparison.Ordinal)) return LiteralCanHold(value) ? ScalarStyle.Literal : ScalarStyle.DoubleQuoted;
        return IsOneLineOfPrintables(value) ? ScalarStyle.Any : ScalarStyle.DoubleQuoted;
    }

    /// <summary>
    /// Whether a string can be written as a plain scalar: no YAML 1.1 or 1.2 reader takes it for
    /// anything else, no indicator at the start, no ": " or " #", no surrounding blanks,
    /// printable characters only.
    /// </summary>
    internal static bool CanBePlain(string value)
    {
        if (ReadsAsNonString(value)) return false;
        var first = value[0];
        if ("-?:,[]{}#&*!|>'\"%@`~ ".Contains(first, StringComparison.Ordinal)
            && !(first == '-' && value.Length > 1 && value[1] != ' ')) return false;
        if (value[^1] is ' ' or ':') return false;
        if (value.StartsWith("---", StringComparison.Ordinal) || value.StartsWith("...", StringComparison.Ordinal)) return false;
        if (value.Contains(": ", StringComparison.Ordinal) || value.Contains(" #", StringComparison.Ordinal)) return false;
        return IsOneLineOfPrintables(value);
    }

    /// <summary>Printable characters only, no tab and no line break: what quotes hold without escapes.</summary>
    internal static bool IsOneLineOfPrintables(string value)
    {
        // Printable ASCII only: the common case, in one vectorised scan.
        if (value.AsSpan().IndexOfAnyExceptInRange(' ', '~') < 0) return true;
        foreach (var c in value)
        {
            if (!Printable(c) || c is '\t' or '\n') return false;
        }
        return true;
    }

    /// <summary>
    /// Whether a literal block reproduces the text exactly: printable characters only, no tab
    /// or carriage return, no trailing spaces, no leading space on the first line (that would
    /// need an indentation indicator).
    /// </summary>
    internal static bool LiteralCanHold(string value)
    {
        if (value.StartsWith(' ') || value.StartsWith('\n')) return false;
        // Nearly every text is printable ASCII and line feeds: one vectorised scan decides.
        if (value.AsSpan().IndexOfAnyExcept(PrintableAsciiLines) < 0)
            return !value.Contains(" \n", StringComparison.Ordinal) && !value.EndsWith(' ');
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (c == '\n')
            {
                if (i > 0 && value[i - 1] == ' ') return false;
                continue;
            }
            if (!Printable(c) || c == '\t') return false;
        }
        return !value.EndsWith(' ');
    }

    private static readonly System.Buffers.SearchValues<char> PrintableAsciiLines =
        System.Buffers.SearchValues.Create([.. Enumerable.Range(' ', '~' - ' ' + 1).Select(c => (char)c), '\n']);

    /// <summary>YAML's printable set, minus the characters YAML 1.1 readers take as line breaks.</summary>
    internal static bool Printable(char c) =>
        c is '\n' or '\t' || (c >= ' ' && c != '\u007f' && !(c >= '\u0080' && c <= '\u009f')
            && c is not ('\u2028' or '\u2029' or '\ufeff' or '\ufffe' or '\uffff'));
}
