using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlDotNet.RepresentationModel;

namespace AgentSetFn.Krm;

/// <summary>A key met twice in one mapping: the document, the path of the mapping, the key and where.</summary>
internal sealed record DuplicateKey(int Document, string MappingPath, string Key, Mark Start);

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
        var state = new State(new Parser(new StringReader(text)), text.Length + MaxAliasExpansion);
        state.Parser.Consume<StreamStart>();
        var documents = new List<YamlNode>();
        while (!state.Parser.TryConsume<StreamEnd>(out _))
        {
            state.Parser.Consume<DocumentStart>();
            state.Anchors.Clear(); // anchors belong to one document
            state.Document = documents.Count;
            documents.Add(state.Node(0).Node);
            state.Parser.Consume<DocumentEnd>();
        }
        return (documents, state.Duplicates);
    }

    /// <summary>A built node with what it costs: its size with aliases expanded, and its height.</summary>
    private readonly record struct Composed(YamlNode Node, long Size, int Height);

    private sealed class State(IParser parser, long maxSize)
    {
        public IParser Parser { get; } = parser;
        public Dictionary<AnchorName, Composed> Anchors { get; } = [];
        public List<DuplicateKey> Duplicates { get; } = [];
        public int Document { get; set; }
        private readonly List<string> _path = [];
        private long _size;

        public Composed Node(int depth)
        {
            var start = Parser.Current?.Start ?? Mark.Empty;
            if (depth > MaxDepth)
                throw Limit(start, $"nested more than {MaxDepth} levels deep");
            if (Parser.TryConsume<AnchorAlias>(out var alias))
            {
                if (!Anchors.TryGetValue(alias.Value, out var target))
                    throw Limit(start, $"alias *{alias.Value} refers to no anchor before it");
                // The alias stands for the whole anchored node: count it as if written out.
                if (depth + target.Height > MaxDepth)
                    throw Limit(start, $"alias *{alias.Value} nests the document more than {MaxDepth} levels deep");
                Count(start, target.Size);
                return target;
            }

            Composed composed;
            if (Parser.TryConsume<Scalar>(out var scalar))
            {
                Count(start, (scalar.Value?.Length ?? 0) + 1);
                var node = new YamlScalarNode(scalar.Value) { Style = scalar.Style, Tag = scalar.Tag, Anchor = scalar.Anchor };
                composed = new Composed(node, (scalar.Value?.Length ?? 0) + 1, 0);
            }
            else if (Parser.TryConsume<SequenceStart>(out var sequenceStart))
            {
                Count(start, 1);
                var sequence = new YamlSequenceNode { Style = sequenceStart.Style, Tag = sequenceStart.Tag, Anchor = sequenceStart.Anchor };
                long size = 1;
                var height = 0;
                while (!Parser.TryConsume<SequenceEnd>(out _))
                {
                    _path.Add($"[{sequence.Children.Count}]");
                    var child = Node(depth + 1);
                    _path.RemoveAt(_path.Count - 1);
                    sequence.Add(child.Node);
                    size += child.Size;
                    height = Math.Max(height, child.Height + 1);
                }
                composed = new Composed(sequence, size, height);
            }
            else
            {
                var mappingStart = Parser.Consume<MappingStart>();
                Count(start, 1);
                var mapping = new YamlMappingNode { Style = mappingStart.Style, Tag = mappingStart.Tag, Anchor = mappingStart.Anchor };
                long size = 1;
                var height = 0;
                while (!Parser.TryConsume<MappingEnd>(out _))
                {
                    var keyStart = Parser.Current?.Start ?? Mark.Empty;
                    var key = Node(depth + 1);
                    if (key.Node is not YamlScalarNode keyScalar)
                        throw Limit(keyStart, "a mapping key must be a string, not a list or mapping (Kubernetes resources are JSON)");
                    _path.Add(keyScalar.Value ?? "");
                    var value = Node(depth + 1);
                    _path.RemoveAt(_path.Count - 1);
                    if (mapping.Children.ContainsKey(keyScalar))
                        Duplicates.Add(new DuplicateKey(Document, FieldPath(_path), keyScalar.Value ?? "", keyStart));
                    else
                        mapping.Add(keyScalar, value.Node);
                    size += key.Size + value.Size;
                    height = Math.Max(height, value.Height + 1);
                }
                composed = new Composed(mapping, size, height);
            }
            if (!composed.Node.Anchor.IsEmpty) Anchors[composed.Node.Anchor] = composed;
            return composed;
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
