using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlDotNet.RepresentationModel;

namespace KrmFn;

/// <summary>A key met twice in one mapping: the document, the path of the mapping, the key and where.</summary>
internal sealed record DuplicateKey(int Document, string MappingPath, string Key, Mark Start);

/// <summary>An item of <see cref="YamlComposer.ComposeResourceList"/>: its identity and where its text is.</summary>
internal sealed record CopiedItem(YamlNode Identity, int Start, int End);

/// <summary>A ResourceList read by <see cref="YamlComposer.ComposeResourceList"/>: the root without its items, the items (null when absent), their indentation.</summary>
internal sealed record CopiedResourceList(YamlMappingNode Root, IReadOnlyList<CopiedItem>? Items, int Indent);

/// <summary>
/// Builds YamlDotNet representation nodes from parser events, like <see cref="YamlStream"/>,
/// with the limits that hostile input needs and YamlStream lacks:
/// <list type="bullet">
/// <item>nesting depth, aliases included, is bounded before any node is built, so no recursive
/// walk (building, emitting, converting to JSON) can overflow the stack: YamlStream recurses
/// once per level and 100k levels of `[` kill the process;</item>
/// <item>what the aliases would expand to is counted as they are met (each anchored node's size
/// is known when it is aliased), so a "billion laughs" document is refused, not expanded;</item>
/// <item>mapping keys must be scalars: Kubernetes resources are JSON, and hashing a complex key
/// made of aliases is itself exponential;</item>
/// <item>duplicate keys are collected with their path instead of stopping at the first, so the
/// caller can name the resource and file they are in.</item>
/// </list>
/// Styles, tags and anchors are kept as read, so pass-through items are written back unchanged.
/// </summary>
internal static class YamlComposer
{
    /// <summary>
    /// Kubernetes objects nest a few dozen levels; 1000 leaves room for any real document and
    /// keeps every recursive walk far from the stack limit of any thread.
    /// </summary>
    public const int MaxDepth = 1000;

    /// <summary>How much aliases may add to a stream, in characters, beyond its own length.</summary>
    public const long MaxAliasExpansion = 16L * 1024 * 1024;

    /// <summary>The documents of a YAML stream. Throws <see cref="YamlException"/> for bad syntax, <see cref="KrmInputException"/> past a limit.</summary>
    public static (IReadOnlyList<YamlNode> Documents, IReadOnlyList<DuplicateKey> Duplicates) Compose(string text)
    {
        var state = new State(new CheckedParser(new Parser(new StringReader(text))), text.Length + MaxAliasExpansion);
        state.Parser.Consume<StreamStart>();
        var documents = new List<YamlNode>();
        while (!state.Parser.TryConsume<StreamEnd>(out _))
        {
            state.Parser.Consume<DocumentStart>();
            state.Anchors.Clear(); // anchors belong to one document
            state.Document = documents.Count;
            documents.Add(state.Node(0, Mode.Build).Node!);
            state.Parser.Consume<DocumentEnd>();
        }
        return (documents, state.Duplicates);
    }

    /// <summary>
    /// A ResourceList read for speed: everything but the items is built as usual; each item of
    /// a block-style `items` list is walked under the same limits (depth, aliases, duplicate
    /// keys) but only its apiVersion, kind, name, namespace and annotations are built, and
    /// where its text starts and ends is recorded so it can be copied to the output byte for
    /// byte. Null when the input is anything else or anything unusual is met (a syntax error, a
    /// limit, a duplicate key, an alias reaching outside its item, a layout the copy could not
    /// reproduce): then <see cref="Compose"/> reads it the ordinary way and reports what is wrong.
    /// </summary>
    public static CopiedResourceList? ComposeResourceList(string text)
    {
        try
        {
            var state = new State(new CheckedParser(new Parser(new StringReader(text))), text.Length + MaxAliasExpansion);
            var parser = state.Parser;
            parser.Consume<StreamStart>();
            // %TAG directives give tags in the items a meaning the output would not carry.
            if (parser.Consume<DocumentStart>().Tags?.Any(t => (t.Handle, t.Prefix) is not (("!", "!") or ("!!", "tag:yaml.org,2002:"))) == true)
                return null;
            if (parser.Current is not MappingStart { Style: not MappingStyle.Flow } rootStart || !rootStart.Anchor.IsEmpty || !rootStart.Tag.IsEmpty)
                return null;
            parser.MoveNext();
            var root = new YamlMappingNode();
            List<CopiedItem>? items = null;
            var indent = 0;
            while (!parser.TryConsume<MappingEnd>(out _))
            {
                var keyEvent = parser.Current;
                if (state.Node(1, Mode.Build).Node is not YamlScalarNode key || root.Children.ContainsKey(key)) return null;
                if (key.Value == "items" && items is not null) return null;
                if (key.Value == "items" && keyEvent is Scalar itemsKey
                    && parser.Current is SequenceStart { Style: not SequenceStyle.Flow } sequenceStart
                    && sequenceStart.Anchor.IsEmpty && sequenceStart.Tag.IsEmpty)
                {
                    indent = (int)sequenceStart.Start.Column - 1;
                    items = CopiedItems(state, text, itemsKey, indent);
                    if (items is null) return null;
                    continue;
                }
                root.Add(key, state.Node(1, Mode.Build).Node!);
            }
            parser.Consume<DocumentEnd>();
            if (!parser.TryConsume<StreamEnd>(out _) || state.Duplicates.Count > 0) return null;
            return new CopiedResourceList(root, items, indent);
        }
        catch (Exception e) when (e is YamlException or KrmInputException or NotCopyableException)
        {
            return null;
        }
    }

    /// <summary>
    /// The entries of a block-style `items` list (the parser at its start), each walked under
    /// the limits with only its identity built; null when an entry's text could not be copied.
    /// </summary>
    private static List<CopiedItem>? CopiedItems(State state, string text, Scalar itemsKey, int indent)
    {
        var parser = state.Parser;
        parser.Consume<SequenceStart>();
        var entries = new List<(YamlNode Identity, int Line, int ContentEnd)>();
        while (parser.Current is not SequenceEnd)
        {
            var start = parser.Current!.Start.Index;
            var line = EntryLine(text, start, indent);
            if (line < 0) return null;
            state.BeginItem(start);
            var identity = state.Node(2, Mode.Identity).Node!;
            entries.Add((identity, line, state.ContentEnd));
        }
        state.EndItems();
        parser.MoveNext();
        // The last item ends before the next key's line, or where the mapping ends.
        var after = parser.Current is Scalar next ? LineStart(text, next.Start.Index) : (int)parser.Current!.Start.Index;
        return Segments(text, LineAfter(text, itemsKey.End.Index), entries, after, indent);
    }

    /// <summary>
    /// Where each item's text starts and ends. An item owns the comment lines before its "- "
    /// (kpt puts a file's head comment there), its own lines, and the blank lines after them;
    /// comments between the last item and the next key belong to neither. Null when an item's
    /// lines cannot be copied as they are.
    /// </summary>
    private static List<CopiedItem>? Segments(string text, int firstLine, List<(YamlNode Identity, int Line, int ContentEnd)> entries, int after, int indent)
    {
        var items = new List<CopiedItem>(entries.Count);
        if (entries.Count == 0) return items;
        // Between "items:" and the first "- " there can only be blank and comment lines.
        if (!OnlyComments(text, firstLine, entries[0].Line)) return null;
        var start = firstLine;
        for (var i = 0; i < entries.Count; i++)
        {
            var limit = i + 1 < entries.Count ? entries[i + 1].Line : after;
            if (limit < entries[i].ContentEnd) return null;
            var end = Split(text, entries[i].ContentEnd, limit, indent);
            if (indent > 0 && !Reindentable(text, start, end, indent)) return null;
            items.Add(new CopiedItem(entries[i].Identity, start, end));
            start = end;
        }
        return items;
    }

    /// <summary>
    /// Where the comment lines just before <paramref name="limit"/> begin (comments at most as
    /// indented as the entries, so never inside a block scalar, and all after
    /// <paramref name="contentEnd"/>); blank lines above them stay with what comes before.
    /// </summary>
    private static int Split(string text, int contentEnd, int limit, int indent)
    {
        var split = limit;
        var end = limit;
        while (end > contentEnd)
        {
            var lineStart = LineStart(text, end - 1);
            if (lineStart < contentEnd) break;
            var line = text.AsSpan(lineStart, end - lineStart);
            end = lineStart;
            if (IsBlank(line)) continue;
            if (!IsComment(line) || Indentation(line) > indent) break;
            split = lineStart;
        }
        return split;
    }

    /// <summary>Whether every line of text[start..end) is blank or a comment.</summary>
    private static bool OnlyComments(string text, int start, int end)
    {
        for (var line = start; line < end; line = LineAfter(text, line))
        {
            var span = text.AsSpan(line, LineAfter(text, line) - line);
            if (!IsBlank(span) && !IsComment(span)) return false;
        }
        return true;
    }

    /// <summary>
    /// Whether every line of text[start..end) can move left by <paramref name="indent"/>
    /// columns: it is indented that much, or blank, or a comment. Characters that YAML 1.1
    /// readers (YamlDotNet among them) also take as line breaks would make "line" ambiguous.
    /// </summary>
    private static bool Reindentable(string text, int start, int end, int indent)
    {
        if (text.AsSpan(start, end - start).IndexOfAny('\u0085', '\u2028', '\u2029') >= 0) return false;
        for (var line = start; line < end; line = LineAfter(text, line))
        {
            var span = text.AsSpan(line, Math.Min(LineAfter(text, line), end) - line);
            if (Indentation(span) < indent && !span.TrimStart(' ').TrimEnd('\n').IsEmpty && !IsComment(span)) return false;
        }
        return true;
    }

    private static int Indentation(ReadOnlySpan<char> line) => line.Length - line.TrimStart(' ').Length;

    private static bool IsBlank(ReadOnlySpan<char> line) => line.TrimStart(" \t\n").IsEmpty;

    private static bool IsComment(ReadOnlySpan<char> line) => line.TrimStart(' ') is [ '#', .. ];

    /// <summary>
    /// The start of the line holding an entry's "-" (at column <paramref name="indent"/>, only
    /// spaces before it): either the content's own line ("- apiVersion: v1"), or, when the
    /// content starts on a later line, the last line before it that is not blank or a comment,
    /// holding only the "-" and perhaps a comment ("- # head comment", as kpt writes items
    /// whose file starts with a comment). -1 for anything else.
    /// </summary>
    private static int EntryLine(string text, long contentStart, int indent)
    {
        var line = LineStart(text, contentStart);
        if (IsDash(text, line, indent) && text.AsSpan(line + indent + 1, (int)contentStart - line - indent - 1).TrimStart(' ').IsEmpty)
            return line;
        if (!text.AsSpan(line, (int)contentStart - line).TrimStart(' ').IsEmpty) return -1;
        while (line > 0)
        {
            line = LineStart(text, line - 1);
            var span = text.AsSpan(line, LineAfter(text, line) - line);
            if (IsBlank(span) || IsComment(span)) continue;
            var rest = IsDash(text, line, indent) ? span[(indent + 1)..].TrimStart(' ') : "x";
            return rest.IsEmpty || rest[0] is '#' or '\n' ? line : -1;
        }
        return -1;
    }

    private static bool IsDash(string text, int line, int indent)
    {
        if (line + indent + 1 >= text.Length || text[line + indent] != '-' || text[line + indent + 1] is not (' ' or '\n')) return false;
        for (var i = line; i < line + indent; i++) if (text[i] != ' ') return false;
        return true;
    }

    /// <summary>The start of the line holding text[index].</summary>
    private static int LineStart(string text, long index) =>
        index <= 0 ? 0 : text.LastIndexOf('\n', (int)Math.Min(index, text.Length) - 1) + 1;

    /// <summary>The start of the line after the one holding text[index] (the text's length on the last line).</summary>
    private static int LineAfter(string text, long index)
    {
        var newline = text.IndexOf('\n', (int)index);
        return newline < 0 ? text.Length : newline + 1;
    }

    /// <summary>
    /// How a node is read: built, walked without building, or (an item, its metadata) built
    /// only for the fields the function reads of items it does not render: kind, name,
    /// namespace and annotations (ownership, clashes, the file).
    /// </summary>
    private enum Mode { Build, Skip, Identity, Metadata }

    private static Mode ChildMode(Mode mode, string? key) => mode switch
    {
        Mode.Identity => key switch { "apiVersion" or "kind" => Mode.Build, "metadata" => Mode.Metadata, _ => Mode.Skip },
        Mode.Metadata => key is "name" or "namespace" or "annotations" ? Mode.Build : Mode.Skip,
        _ => mode,
    };

    /// <summary>The item cannot be copied as text; the caller reads the input the ordinary way.</summary>
    private sealed class NotCopyableException(string reason) : Exception(reason);

    /// <summary>A built node (null when skipped) with what it costs: its size with aliases expanded, its height, where it starts.</summary>
    private readonly record struct Composed(YamlNode? Node, long Size, int Height, long Start);

    /// <summary>
    /// YamlDotNet's parser throws ArgumentException, not YamlException, for a tag whose
    /// %-escapes decode to something that is not a URI (`!&lt;tag:example.com,2000:a%20b&gt;`),
    /// and its scanner InvalidOperationException for a multi-line quoted scalar in a flow
    /// mapping whose last line is indented less than the mapping: passed on as a YamlException
    /// where the parser was, each is reported like any syntax error instead of ending the process.
    /// </summary>
    private sealed class CheckedParser(IParser parser) : IParser
    {
        public ParsingEvent? Current => parser.Current;

        public bool MoveNext()
        {
            try
            {
                return parser.MoveNext();
            }
            catch (ArgumentException)
            {
                var at = parser.Current?.End ?? Mark.Empty;
                throw new YamlException(at, at, "a tag that is not a valid URI once its %-escapes are decoded.");
            }
            catch (InvalidOperationException)
            {
                var at = parser.Current?.End ?? Mark.Empty;
                throw new YamlException(at, at, "a value the parser cannot read: check the indentation of the lines of a multi-line value.");
            }
        }
    }

    private sealed class State(IParser parser, long maxSize)
    {
        public IParser Parser { get; } = parser;
        public Dictionary<AnchorName, Composed> Anchors { get; } = [];
        public List<DuplicateKey> Duplicates { get; } = [];
        public int Document { get; set; }
        private readonly List<string> _path = [];
        private readonly List<HashSet<string>> _keys = [];
        private long _size;
        private long _itemStart = long.MinValue;

        /// <summary>Where the current item's last token ends (scalars, aliases, closing brackets).</summary>
        public int ContentEnd { get; private set; }

        /// <summary>From here on, aliases must point into the item that starts at <paramref name="start"/>.</summary>
        public void BeginItem(long start)
        {
            _itemStart = start;
            ContentEnd = (int)start;
        }

        public void EndItems() => _itemStart = long.MinValue;

        private void Reached(long end) => ContentEnd = (int)Math.Max(ContentEnd, end);

        /// <summary>
        /// The node at the parser's position: built (<see cref="Mode.Build"/>), only walked
        /// (<see cref="Mode.Skip"/>: limits and duplicate keys still checked), or, for an item,
        /// a mapping of the fields it needs only (<see cref="Mode.Identity"/>).
        /// </summary>
        public Composed Node(int depth, Mode mode)
        {
            var start = Parser.Current?.Start ?? Mark.Empty;
            if (depth > MaxDepth)
                throw Limit(start, $"nested more than {MaxDepth} levels deep");
            if (Parser.TryConsume<AnchorAlias>(out var alias)) return Alias(alias, start, depth, mode);

            Composed composed;
            AnchorName anchor;
            if (Parser.TryConsume<Scalar>(out var scalar))
                (composed, anchor) = (ScalarNode(scalar, start, mode), scalar.Anchor);
            else if (Parser.TryConsume<SequenceStart>(out var sequenceStart))
                (composed, anchor) = (Sequence(sequenceStart, start, depth, mode), sequenceStart.Anchor);
            else
            {
                var mappingStart = Parser.Consume<MappingStart>();
                (composed, anchor) = (Mapping(mappingStart, start, depth, mode), mappingStart.Anchor);
            }
            // What was built of an item is not the item: nothing may alias it.
            if (!anchor.IsEmpty) Anchors[anchor] = mode is Mode.Identity or Mode.Metadata ? composed with { Node = null } : composed;
            return composed;
        }

        /// <summary>An alias: the anchored node again, counted as if it were written out.</summary>
        private Composed Alias(AnchorAlias alias, Mark start, int depth, Mode mode)
        {
            if (!Anchors.TryGetValue(alias.Value, out var target))
                throw Limit(start, $"alias *{alias.Value} refers to no anchor before it");
            if (depth + target.Height > MaxDepth)
                throw Limit(start, $"alias *{alias.Value} nests the document more than {MaxDepth} levels deep");
            Count(start, target.Size);
            // A copied item must stand on its own, and a node only walked cannot be used.
            if (target.Start < _itemStart) throw new NotCopyableException("an alias to an anchor outside its item");
            if (target.Node is null && mode != Mode.Skip) throw new NotCopyableException("an alias to a node that was not built");
            Reached(alias.End.Index);
            return target;
        }

        private Composed ScalarNode(Scalar scalar, Mark start, Mode mode)
        {
            var size = (scalar.Value?.Length ?? 0) + 1;
            Count(start, size);
            Reached(scalar.End.Index);
            var node = mode != Mode.Skip ? new YamlScalarNode(scalar.Value) { Style = scalar.Style, Tag = scalar.Tag, Anchor = scalar.Anchor } : null;
            return new Composed(node, size, 0, start.Index);
        }

        private Composed Sequence(SequenceStart sequenceStart, Mark start, int depth, Mode mode)
        {
            Count(start, 1);
            // An item (or metadata) that is a list is rare: built whole.
            var childMode = mode is Mode.Identity or Mode.Metadata ? Mode.Build : mode;
            var sequence = mode != Mode.Skip ? new YamlSequenceNode { Style = sequenceStart.Style, Tag = sequenceStart.Tag, Anchor = sequenceStart.Anchor } : null;
            long size = 1;
            var height = 0;
            for (var index = 0; Parser.Current is not SequenceEnd; index++)
            {
                if (mode == Mode.Build) _path.Add($"[{index}]");
                var child = Node(depth + 1, childMode);
                if (mode == Mode.Build) _path.RemoveAt(_path.Count - 1);
                sequence?.Add(child.Node!);
                size += child.Size;
                height = Math.Max(height, child.Height + 1);
            }
            var end = Parser.Consume<SequenceEnd>();
            // A flow list's end event starts at its "]".
            if (sequenceStart.Style == SequenceStyle.Flow) Reached(end.Start.Index + 1);
            return new Composed(sequence, size, height, start.Index);
        }

        private Composed Mapping(MappingStart mappingStart, Mark start, int depth, Mode mode)
        {
            Count(start, 1);
            var mapping = mode != Mode.Skip ? new YamlMappingNode { Style = mappingStart.Style, Tag = mappingStart.Tag, Anchor = mappingStart.Anchor } : null;
            // Mappings not built whole are checked for duplicate keys by their keys' text.
            var keys = mode == Mode.Build ? null : KeySet(depth);
            long size = 1;
            var height = 0;
            while (Parser.Current is not MappingEnd)
            {
                var keyStart = Parser.Current?.Start ?? Mark.Empty;
                var key = Node(depth + 1, Mode.Build);
                if (key.Node is not YamlScalarNode keyScalar)
                    throw Limit(keyStart, "a mapping key must be a string, not a list or mapping (Kubernetes resources are JSON)");
                var childMode = ChildMode(mode, keyScalar.Value);
                if (mode == Mode.Build) _path.Add(keyScalar.Value ?? "");
                var value = Node(depth + 1, childMode);
                if (mode == Mode.Build) _path.RemoveAt(_path.Count - 1);
                if (keys is not null)
                {
                    // No node here to say where it is: the ordinary reading reports it.
                    if (!keys.Add(keyScalar.Value ?? "")) throw new NotCopyableException("a duplicate key");
                    if (childMode is not Mode.Skip) mapping?.Add(keyScalar, value.Node!);
                }
                else if (mapping!.Children.ContainsKey(keyScalar))
                    Duplicates.Add(new DuplicateKey(Document, FieldPath(_path), keyScalar.Value ?? "", keyStart));
                else
                    mapping.Add(keyScalar, value.Node!);
                size += key.Size + value.Size;
                height = Math.Max(height, value.Height + 1);
            }
            var end = Parser.Consume<MappingEnd>();
            if (mappingStart.Style == MappingStyle.Flow) Reached(end.Start.Index + 1);
            return new Composed(mapping, size, height, start.Index);
        }

        /// <summary>An empty key set for a mapping at <paramref name="depth"/>, reused across mappings.</summary>
        private HashSet<string> KeySet(int depth)
        {
            while (_keys.Count <= depth) _keys.Add(new HashSet<string>(StringComparer.Ordinal));
            var keys = _keys[depth];
            keys.Clear();
            return keys;
        }

        private void Count(Mark at, long size)
        {
            _size += size;
            if (_size > maxSize)
                throw Limit(at, $"aliases expand the document by more than {MaxAliasExpansion / (1024 * 1024)} MiB (a \"billion laughs\" document?)");
        }

        private static KrmInputException Limit(Mark at, string message) =>
            new($"YAML refused at line {at.Line}, column {at.Column}: {message}");
    }

    /// <summary>Path segments as a field path: `spec.agents[0].name`.</summary>
    public static string FieldPath(IEnumerable<string> segments)
    {
        var text = new System.Text.StringBuilder();
        foreach (var segment in segments.Where(s => s.Length > 0))
        {
            if (text.Length > 0 && !segment.StartsWith('[')) text.Append('.');
            text.Append(segment);
        }
        return text.ToString();
    }
}
