using System.Globalization;
using System.Text;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace KrmFn;

/// <summary>
/// Global tags written back as they were read. YamlDotNet's emitter writes a global tag that no
/// %TAG directive covers as bare text (`a: tag:example.com,2000:x b`), which turns the tag into
/// part of the value, and it cannot write the verbatim form `!&lt;tag:example.com,2000:x&gt;`.
/// Directives are no way out: kpt refuses a ResourceList that starts with one. So the emitter
/// is given each such tag as a placeholder, a local tag no text of the nodes contains
/// (`!agentset!1`), and the placeholders are replaced in its output by the verbatim tags.
/// Tags of the YAML core schema (`!!str`) and local tags (`!x`) are written as they are.
/// </summary>
internal sealed class VerbatimTags
{
    private const string CoreSchemaPrefix = "tag:yaml.org,2002:";

    // Characters a verbatim tag holds as they are (YAML's URI characters less '#', '[' and ']',
    // which common YAML readers refuse there); anything else is written %-escaped.
    private const string UriCharacters = "-;/?:@&=+$,_.!~*'()";

    /// <summary>For nodes without global tags: writes every tag as it is.</summary>
    public static readonly VerbatimTags None = new("", []);

    private readonly string _marker;
    private readonly List<string> _tags;
    private readonly Dictionary<string, int> _indexes = new(StringComparer.Ordinal);

    private VerbatimTags(string marker, List<string> tags)
    {
        _marker = marker;
        _tags = tags;
        for (var i = 0; i < tags.Count; i++) _indexes[tags[i]] = i;
    }

    /// <summary>The placeholders for the global tags among <paramref name="roots"/> and their descendants.</summary>
    public static VerbatimTags For(IReadOnlyList<YamlNode> roots)
    {
        // Every item re-emitted from nodes comes through here, nearly always without global
        // tags: one walk finds that out; only then are the nodes walked again, for their texts.
        var tags = Walk(roots).Where(node => IsGlobal(node.Tag)).Select(node => node.Tag.Value).Distinct(StringComparer.Ordinal).ToList();
        if (tags.Count == 0) return None;
        // A marker that appears in no scalar, anchor or tag, so every occurrence in the output is one of ours.
        var texts = Walk(roots).SelectMany(node => new[] { (node as YamlScalarNode)?.Value, node.Anchor.IsEmpty ? null : node.Anchor.Value, node.Tag.IsEmpty ? null : node.Tag.Value })
            .OfType<string>().ToList();
        var marker = Enumerable.Range(0, int.MaxValue).Select(salt => salt == 0 ? "!krmfn!" : $"!krmfn{salt}!")
            .First(candidate => !texts.Any(text => text.Contains(candidate, StringComparison.Ordinal)));
        return new VerbatimTags(marker, tags);
    }

    /// <summary>The tag to give the emitter: a global one's placeholder, any other as it is.</summary>
    public TagName Write(TagName tag) =>
        _tags.Count > 0 && IsGlobal(tag) ? new TagName(_marker + _indexes[tag.Value].ToString(CultureInfo.InvariantCulture)) : tag;

    /// <summary>The emitter's output with every placeholder replaced by its verbatim tag.</summary>
    public string Restore(string emitted)
    {
        if (_tags.Count == 0) return emitted;
        var text = new StringBuilder(emitted.Length);
        var at = 0;
        while (emitted.IndexOf(_marker, at, StringComparison.Ordinal) is var found and >= 0)
        {
            var digits = found + _marker.Length;
            var end = digits;
            while (end < emitted.Length && char.IsAsciiDigit(emitted[end])) end++;
            text.Append(emitted, at, found - at).Append("!<");
            AppendEscaped(text, _tags[int.Parse(emitted.AsSpan(digits, end - digits), CultureInfo.InvariantCulture)]);
            text.Append('>');
            at = end;
        }
        return text.Append(emitted, at, emitted.Length - at).ToString();
    }

    private static bool IsGlobal(TagName tag) =>
        tag is { IsEmpty: false, IsGlobal: true, IsNonSpecific: false } && !tag.Value.StartsWith(CoreSchemaPrefix, StringComparison.Ordinal);

    // Every node once (an alias's node is written once too).
    private static IEnumerable<YamlNode> Walk(IEnumerable<YamlNode> roots)
    {
        var seen = new HashSet<YamlNode>(ReferenceEqualityComparer.Instance);
        var pending = new Stack<YamlNode>(roots);
        while (pending.TryPop(out var node))
        {
            if (!seen.Add(node)) continue;
            yield return node;
            if (node is YamlMappingNode mapping)
            {
                foreach (var (key, value) in mapping.Children)
                {
                    pending.Push(key);
                    pending.Push(value);
                }
            }
            else if (node is YamlSequenceNode sequence)
            {
                foreach (var child in sequence.Children) pending.Push(child);
            }
        }
    }

    private static void AppendEscaped(StringBuilder text, string tag)
    {
        foreach (var b in Encoding.UTF8.GetBytes(tag))
        {
            if (b < 0x80 && (char.IsAsciiLetterOrDigit((char)b) || UriCharacters.Contains((char)b))) text.Append((char)b);
            else text.Append('%').Append(b.ToString("X2", CultureInfo.InvariantCulture));
        }
    }
}
