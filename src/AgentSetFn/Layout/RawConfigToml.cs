using System.Text;
using System.Text.RegularExpressions;
using Tomlyn;
using Tomlyn.Model;
using Tomlyn.Syntax;
using Tomlyn.Parsing;

namespace AgentSetFn.Layout;

/// <summary>
/// An agent's `configToml`: raw TOML laid over the config.toml the AgentSet renders. Tables
/// merge key by key (whatever their style: `[a.b]`, dotted keys, inline); any other value, an
/// array or an array of tables included, replaces the rendered one whole. So a document of new
/// sections (MCP servers, triage, a native platform...) adds them beside the typed ones, and a
/// key the typed API writes can still be set by hand. Validation (Validation/RawConfigTomlCheck)
/// and rendering (<see cref="OpenabConfigToml.Write(Api.ResolvedAgent)"/>) read this one rule.
/// </summary>
internal static partial class RawConfigToml
{
    /// <summary>A ConfigMap holds at most 1 MiB: a larger document is refused before it is parsed.</summary>
    public const int MaxBytes = 1024 * 1024;

    /// <summary>Something wrong in the document, at a 1-based line and column (0 when the parser names none).</summary>
    public sealed record Problem(int Line, int Column, string Message);

    /// <summary>A string value of the document, where it is, and its text as written (quotes included).</summary>
    /// <param name="KeyPath">The keys leading to it (an array's items share the array's key).</param>
    public sealed record RawString(IReadOnlyList<string> KeyPath, int Line, int Offset, string Value, string Source);

    /// <summary>A parsed document: its model, its string values and the first line each key path is written on.</summary>
    public sealed record Document(TomlTable Model, IReadOnlyList<RawString> Strings, IReadOnlyDictionary<string, int> KeyLines)
    {
        /// <summary>The line a key path (or its nearest written parent) is first written on.</summary>
        public int LineOf(IReadOnlyList<object> path)
        {
            var keys = path.OfType<string>().ToList();
            for (var n = keys.Count; n > 0; n--)
            {
                if (KeyLines.TryGetValue(PathKeyOf(keys.Take(n)), out var line)) return line;
            }
            return 0;
        }
    }

    /// <summary>
    /// Parses the document as TOML 1.0 strictly (a table or key defined twice, a dotted key
    /// re-opening a table, an array of tables redefined as a table are errors), or says why
    /// not. Messages carry no text of the document (a value may be a token).
    /// </summary>
    public static (Document? Document, IReadOnlyList<Problem> Problems) Parse(string text)
    {
        if (Encoding.UTF8.GetByteCount(text) > MaxBytes)
            return (null, [new Problem(0, 0, $"is larger than {MaxBytes} bytes, more than a ConfigMap holds")]);
        DocumentSyntax syntax;
        TomlTable model;
        try
        {
            // Both bound nesting at 64 levels: a deeply nested document is an error, not a stack overflow.
            syntax = SyntaxParser.ParseStrict(text, "configToml", validate: true);
            model = TomlSerializer.Deserialize(text, OpenabTomlContext.Default.TomlTable) ?? new TomlTable();
        }
        catch (TomlException e)
        {
            // The first problem only: after it, a parser's further messages mostly follow from it.
            var problem = e.Diagnostics is { Count: > 0 } diagnostics
                ? new Problem(diagnostics[0].Span.Start.Line + 1, diagnostics[0].Span.Start.Column + 1, Describe(diagnostics[0].Message))
                : new Problem(e.Line ?? 0, e.Column ?? 0, Describe(e.Message));
            return (null, [problem]);
        }
        var strings = new List<RawString>();
        var lines = new Dictionary<string, int>(StringComparer.Ordinal);
        var walker = new Walker(text, strings, lines);
        walker.KeyValues(syntax.KeyValues, []);
        foreach (var table in syntax.Tables)
        {
            var prefix = Keys(table.Name);
            lines.TryAdd(PathKeyOf(prefix), table.Span.Start.Line + 1);
            walker.KeyValues(table.Items, prefix);
        }
        return (new Document(model, strings, lines), []);
    }

    // Tomlyn quotes the source it points at ("already defined at (1,1) with `token = "..."`",
    // "Unexpected token found `...`", "... instead of ..."): that text can be a credential, so
    // it is cut. Its positions "(L,C)" become "line L, column C".
    [GeneratedRegex(@"\A[^\n]*?\(\d+,\d+\) : error : (?<rest>[\s\S]*)\z")]
    private static partial Regex Prefixed();

    [GeneratedRegex(@"\A(?<head>[\s\S]*?) (with|found) `[^`]*`(?<tail>[\s\S]*)\z")]
    private static partial Regex QuotedSource();

    [GeneratedRegex(@"\A(?<head>[\s\S]*?) instead of [\s\S]*\z")]
    private static partial Regex InsteadOf();

    [GeneratedRegex(@"\A(?<head>[\s\S]*?)\((?<line>\d+),(?<column>\d+)\)(?<tail>[\s\S]*)\z")]
    private static partial Regex Position();

    private static string Describe(string message)
    {
        var text = message.Split('\n')[0].Trim();
        if (Prefixed().Match(text) is { Success: true } prefixed) text = prefixed.Groups["rest"].Value;
        for (var quoted = QuotedSource().Match(text); quoted.Success; quoted = QuotedSource().Match(text))
            text = quoted.Groups["head"].Value + quoted.Groups["tail"].Value;
        if (InsteadOf().Match(text) is { Success: true } instead) text = instead.Groups["head"].Value;
        for (var at = Position().Match(text); at.Success; at = Position().Match(text))
            text = $"{at.Groups["head"].Value}line {at.Groups["line"].Value}, column {at.Groups["column"].Value}{at.Groups["tail"].Value}";
        // The parser's advice names its own option; the user can only nest less.
        text = text.Replace(" Change TomlSerializerOptions.MaxDepth to allow deeper nesting", "", StringComparison.Ordinal);
        return text.TrimEnd(';', '.', ' ');
    }

    /// <summary>
    /// <paramref name="rendered"/> with the document laid over it, in the rendered layout
    /// (<see cref="OpenabConfigToml.Tidy"/>). A document that does not parse changes nothing:
    /// validation refuses it, so nothing is rendered from it.
    /// </summary>
    public static string Merge(string rendered, string? raw)
    {
        if (string.IsNullOrEmpty(raw) || Parse(raw) is not ({ } document, _)) return rendered;
        var merged = ReadRendered(rendered);
        MergeInto(merged, document.Model);
        return OpenabConfigToml.Tidy(TomlSerializer.Serialize(merged, OpenabTomlContext.Default.TomlTable));
    }

    /// <summary>The rendered config.toml as a model (it is the function's own output, so it parses).</summary>
    public static TomlTable ReadRendered(string rendered) =>
        TomlSerializer.Deserialize(rendered, OpenabTomlContext.Default.TomlTable) ?? new TomlTable();

    private static void MergeInto(TomlTable into, TomlTable from)
    {
        foreach (var (key, value) in from)
        {
            if (value is TomlTable table && into.TryGetValue(key, out var existing) && existing is TomlTable target) MergeInto(target, table);
            else into[key] = value;
        }
    }

    /// <summary>The paths of rendered values the document replaces with a different value, in the document's order.</summary>
    public static IEnumerable<IReadOnlyList<object>> Overrides(TomlTable rendered, TomlTable raw) => Overrides(rendered, raw, []);

    private static IEnumerable<IReadOnlyList<object>> Overrides(TomlTable rendered, TomlTable raw, List<object> path)
    {
        foreach (var (key, value) in raw)
        {
            if (!rendered.TryGetValue(key, out var existing)) continue;
            List<object> here = [.. path, key];
            if (value is TomlTable table && existing is TomlTable target)
            {
                foreach (var inner in Overrides(target, table, here)) yield return inner;
            }
            else if (!Same(existing, value))
            {
                yield return here;
            }
        }
    }

    /// <summary>Whether two TOML values are equal (tables by their keys, arrays item by item).</summary>
    private static bool Same(object? a, object? b) => (a, b) switch
    {
        (TomlTable x, TomlTable y) => x.Count == y.Count && x.All(kv => y.TryGetValue(kv.Key, out var other) && Same(kv.Value, other)),
        (TomlTableArray x, TomlTableArray y) => x.Count == y.Count && x.Zip(y).All(p => Same(p.First, p.Second)),
        (TomlArray x, TomlArray y) => x.Count == y.Count && x.Zip(y).All(p => Same(p.First, p.Second)),
        _ => Equals(a, b),
    };

    /// <summary>A key path as one string, for lookups (keys may hold any character but NUL, which TOML keys cannot).</summary>
    public static string PathKeyOf(IEnumerable<string> keys) => string.Join('\0', keys);

    public static IReadOnlyList<string> KeysOf(string pathKey) => pathKey.Split('\0');

    private static List<string> Keys(KeySyntax? key)
    {
        var keys = new List<string>();
        if (key is null) return keys;
        keys.Add(KeyText(key.Key));
        foreach (var dotted in key.DotKeys ?? new SyntaxList<DottedKeyItemSyntax>()) keys.Add(KeyText(dotted.Key));
        return keys;
    }

    private static string KeyText(BareKeyOrStringValueSyntax? key) => key switch
    {
        BareKeySyntax bare => bare.Key?.Text ?? "",
        StringValueSyntax quoted => quoted.Value ?? "",
        _ => "",
    };

    /// <summary>Collects every string value with its key path and line, and the line of every key.</summary>
    private sealed class Walker(string text, List<RawString> strings, Dictionary<string, int> lines)
    {
        public void KeyValues(SyntaxList<KeyValueSyntax>? items, List<string> prefix)
        {
            foreach (var item in items ?? new SyntaxList<KeyValueSyntax>())
            {
                List<string> path = [.. prefix, .. Keys(item.Key)];
                lines.TryAdd(PathKeyOf(path), item.Span.Start.Line + 1);
                Value(item.Value, path);
            }
        }

        private void Value(ValueSyntax? value, List<string> path)
        {
            switch (value)
            {
                case StringValueSyntax s:
                    var span = s.Span;
                    strings.Add(new RawString(path, span.Start.Line + 1, span.Start.Offset, s.Value ?? "", text.Substring(span.Start.Offset, span.End.Offset - span.Start.Offset + 1)));
                    break;
                case ArraySyntax array:
                    foreach (var item in array.Items ?? new SyntaxList<ArrayItemSyntax>()) Value(item.Value, path);
                    break;
                case InlineTableSyntax table:
                    foreach (var item in table.Items ?? new SyntaxList<InlineTableItemSyntax>())
                    {
                        if (item.KeyValue is { } kv)
                        {
                            List<string> inner = [.. path, .. Keys(kv.Key)];
                            lines.TryAdd(PathKeyOf(inner), kv.Span.Start.Line + 1);
                            Value(kv.Value, inner);
                        }
                    }
                    break;
            }
        }
    }
}
