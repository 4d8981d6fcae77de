using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlDotNet.RepresentationModel;

namespace KrmFn;

/// <summary>Reads and writes ResourceLists and YAML streams (the KRM wire format).</summary>
public static class ResourceListIo
{
    public const string ApiVersion = "config.kubernetes.io/v1";
    public const string Kind = "ResourceList";

    /// <summary>YAML forbids NUL: the input is binary, which says more than a syntax or encoding error would.</summary>
    public const string BinaryInput = "not YAML: the input contains NUL bytes (binary data?)";

    /// <summary>All documents of a YAML stream, as nodes; empty documents are skipped.</summary>
    public static IReadOnlyList<YamlNode> ParseDocuments(string text)
    {
        var (documents, duplicates) = Compose(text);
        if (duplicates.Count > 0)
            throw new KrmInputException(string.Join("; ", duplicates.Select(d =>
                $"{(d.MappingPath.Length == 0 ? "" : d.MappingPath + ": ")}{DuplicateMessage(d, "")}")));
        return documents;
    }

    private static (IReadOnlyList<YamlNode> Documents, IReadOnlyList<DuplicateKey> Duplicates) Compose(string text)
    {
        if (text.Contains('\0', StringComparison.Ordinal)) throw new KrmInputException(BinaryInput);
        try
        {
            var (documents, duplicates) = YamlComposer.Compose(text);
            return (documents.Where(n => !(n is YamlScalarNode s && YamlScalars.IsNull(s))).ToList(), duplicates);
        }
        catch (YamlException e)
        {
            // YamlDotNet reports a tab in the indentation at the start of the enclosing mapping,
            // often line 1: point at the tab itself.
            if (e.Message.Contains("tab", StringComparison.OrdinalIgnoreCase) && FirstTabIndentedLine(text) is { } line)
                throw new KrmInputException($"not valid YAML at line {line}: indentation must use spaces, not tabs");
            throw new KrmInputException($"not valid YAML at line {e.Start.Line}, column {e.Start.Column}: {FirstSentence(e.Message)}");
        }
    }

    private static int? FirstTabIndentedLine(string text)
    {
        var lines = text.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var indentation = lines[i][..(lines[i].Length - lines[i].TrimStart(' ', '\t').Length)];
            if (indentation.Contains('\t', StringComparison.Ordinal)) return i + 1;
        }
        return null;
    }

    private static string DuplicateMessage(DuplicateKey duplicate, string where) =>
        $"duplicate key `{duplicate.Key}` at line {duplicate.Start.Line}, column {duplicate.Start.Column}{where}: " +
        "a key may appear once per mapping (YAML readers disagree on which value wins); remove or merge one of them";

    /// <summary>
    /// The ResourceList on stdin. A big kpt package is mostly items the function only passes
    /// through, so those are read for their identity and copied as text
    /// (<see cref="YamlComposer.ComposeResourceList"/>: the same limits in a fraction of the
    /// time, comments kept); whatever that reading does not handle, errors included, is read
    /// the ordinary way, which reports what is wrong.
    /// </summary>
    internal static ResourceList Parse(string text)
    {
        // Copied lines with CR line ends would mix with the output's LF ones: such input is re-emitted.
        if (text.AsSpan().IndexOfAny('\0', '\r') < 0 && YamlComposer.ComposeResourceList(text) is { } copied)
        {
            var copiedItems = copied.Items?.Select(i => new ResourceItem(i.Identity, new ItemText(text, i.Start, i.End, copied.Indent))).ToList();
            var (items, functionConfig) = Contents(copied.Root, copiedItems);
            return new ResourceList(items, functionConfig);
        }
        return ParseComposed(text);
    }

    /// <summary>The ResourceList read as nodes throughout, with every problem reported.</summary>
    internal static ResourceList ParseComposed(string text)
    {
        if (string.IsNullOrWhiteSpace(text))
            throw new KrmInputException("stdin is empty: expected a ResourceList (apiVersion: config.kubernetes.io/v1, kind: ResourceList)");
        var (documents, duplicates) = Compose(text);
        if (documents.Count != 1 || documents[0] is not YamlMappingNode root)
            throw new KrmInputException("stdin is not a ResourceList: expected one YAML mapping with kind: ResourceList");
        var (items, functionConfig) = Contents(root, null);
        if (duplicates.Count > 0)
        {
            var results = duplicates.Select(d => DuplicateResult(d, items, functionConfig)).ToList();
            throw new KrmInputException(results[0].Message, results);
        }
        return new ResourceList(items, functionConfig);
    }

    /// <summary>The items (<paramref name="copiedItems"/> when read as text) and functionConfig of a ResourceList's root.</summary>
    private static (IReadOnlyList<ResourceItem> Items, YamlMappingNode? FunctionConfig) Contents(YamlMappingNode root, IReadOnlyList<ResourceItem>? copiedItems)
    {
        var kind = ScalarValue(root, "kind");
        if (kind != Kind)
            throw new KrmInputException($"stdin is not a ResourceList: kind is '{kind ?? "(missing)"}', expected '{Kind}'");

        var items = copiedItems ?? (root.Children.TryGetValue("items", out var itemsNode) switch
        {
            false => [],
            true when itemsNode is YamlSequenceNode seq => seq.Children.Select(item => new ResourceItem(item)).ToList(),
            true when itemsNode is YamlScalarNode s && YamlScalars.IsNull(s) => [],
            _ => throw new KrmInputException("ResourceList.items must be a list of resources"),
        });
        YamlMappingNode? functionConfig = root.Children.TryGetValue("functionConfig", out var fc) switch
        {
            false => null,
            true when fc is YamlMappingNode m => m,
            true when fc is YamlScalarNode s && YamlScalars.IsNull(s) => null,
            _ => throw new KrmInputException("ResourceList.functionConfig must be a resource (a mapping)"),
        };
        return (items, functionConfig);
    }

    // A duplicate key inside an item or the functionConfig is reported against that resource's
    // file (kpt's path annotation) and its path inside the resource; line numbers are stdin's.
    private static KrmResult DuplicateResult(DuplicateKey duplicate, IReadOnlyList<ResourceItem> items, YamlMappingNode? functionConfig)
    {
        var path = duplicate.MappingPath;
        YamlNode? resource = null;
        string? inner = null;
        if (path == "functionConfig" || path.StartsWith("functionConfig.", StringComparison.Ordinal))
        {
            resource = functionConfig;
            inner = path["functionConfig".Length..].TrimStart('.');
        }
        else if (path.StartsWith("items[", StringComparison.Ordinal) && path.IndexOf(']', StringComparison.Ordinal) is var close and > 6
                 && int.TryParse(path[6..close], System.Globalization.CultureInfo.InvariantCulture, out var index) && index < items.Count)
        {
            resource = items[index].Resource;
            inner = path[(close + 1)..].TrimStart('.');
        }
        var message = DuplicateMessage(duplicate, " of stdin");
        if (resource is not YamlMappingNode mapping)
            return new KrmResult(Severity.Error, message, YamlComposer.FieldPath([path, duplicate.Key]));
        return new KrmResult(Severity.Error, message, YamlComposer.FieldPath([inner!, duplicate.Key]), SourceOf(mapping));
    }

    /// <summary>
    /// The resource of a ResourceList text that holds character <paramref name="index"/>: an
    /// item or the functionConfig, as read by <see cref="Parse"/>; null when the text cannot be
    /// read that far or the index is outside both. Used to name the resource an error is in.
    /// </summary>
    public static YamlMappingNode? ResourceAt(string text, long index)
    {
        try
        {
            var list = Parse(text);
            // Parser events only (no nodes, no aliases expanded): where each entry starts and
            // where the next thing starts.
            var parser = new Parser(new StringReader(text));
            parser.Consume<StreamStart>();
            parser.Consume<DocumentStart>();
            parser.Consume<MappingStart>();
            while (parser.TryConsume<Scalar>(out var key))
            {
                if (key.Value == "items" && parser.TryConsume<SequenceStart>(out _))
                {
                    for (var i = 0; !parser.TryConsume<SequenceEnd>(out _); i++)
                    {
                        var start = parser.Current!.Start.Index;
                        parser.SkipThisAndNestedEvents();
                        if (index >= start && index < parser.Current!.Start.Index)
                            return i < list.Items.Count ? list.Items[i].Resource as YamlMappingNode : null;
                    }
                    continue;
                }
                var valueStart = parser.Current!.Start.Index;
                parser.SkipThisAndNestedEvents();
                if (key.Value == "functionConfig" && index >= valueStart && index < parser.Current!.Start.Index) return list.FunctionConfig;
            }
        }
        catch (Exception e) when (e is YamlException or KrmInputException or InvalidOperationException)
        {
            // Not a readable ResourceList: the caller names the line instead.
        }
        return null;
    }

    /// <summary>The kind and name of a resource, and its file, for a message: "the ConfigMap `web` (app/web.yaml)".</summary>
    public static string Describe(YamlMappingNode resource)
    {
        var kind = ScalarValue(resource, "kind") ?? "resource";
        var name = resource.Children.TryGetValue("metadata", out var metadata) && metadata is YamlMappingNode m ? ScalarValue(m, "name") : null;
        var file = SourceOf(resource).Path;
        return $"the {kind}{(name is null ? "" : $" `{name}`")}{(file is null ? "" : $" ({file})")}";
    }

    /// <summary>A reference to a resource for a result's resourceRef.</summary>
    public static ResourceRef ReferenceTo(YamlMappingNode resource)
    {
        var metadata = resource.Children.TryGetValue("metadata", out var m) ? m as YamlMappingNode : null;
        return new ResourceRef(ScalarValue(resource, "apiVersion") ?? "", ScalarValue(resource, "kind") ?? "",
            metadata is null ? "" : ScalarValue(metadata, "name") ?? "", metadata is null ? null : ScalarValue(metadata, "namespace"));
    }

    /// <summary>The file a resource came from, by kpt's annotations (the internal ones first).</summary>
    public static SourceLocation SourceOf(YamlMappingNode resource)
    {
        string? Get(string key) => ResourceAnnotations.Get(resource, key);
        var path = Get(ResourceAnnotations.InternalPathAnnotation) ?? Get(ResourceAnnotations.PathAnnotation);
        var indexText = Get(ResourceAnnotations.InternalIndexAnnotation) ?? Get(ResourceAnnotations.IndexAnnotation);
        int? index = int.TryParse(indexText, System.Globalization.CultureInfo.InvariantCulture, out var i) ? i : null;
        return new SourceLocation(path, index);
    }

    public static string? ScalarValue(YamlMappingNode node, string key) =>
        node.Children.TryGetValue(key, out var value) && value is YamlScalarNode s ? s.Value : null;

    /// <summary>The output ResourceList: items and results.</summary>
    internal static string Write(IEnumerable<ResourceItem> items, IReadOnlyList<KrmResult> results)
    {
        var writer = new StringWriter { NewLine = "\n" };
        Write(items, [], results, writer);
        return writer.ToString();
    }

    /// <summary>
    /// The output ResourceList, streamed: the kept items (their input text when it was copied,
    /// else their nodes, emitted with the styles they were read with), then the generated ones
    /// (YAML text, see <see cref="YamlText"/>), then the results. Items are written one by one
    /// as list entries, which is the text YamlDotNet writes for the same nodes nested; anchors
    /// stay defined once per ResourceList, as in the input.
    /// </summary>
    internal static void Write(IEnumerable<ResourceItem> kept, IEnumerable<GeneratedItem> generated, IReadOnlyList<KrmResult> results, TextWriter output)
    {
        output.Write($"apiVersion: {ApiVersion}\nkind: {Kind}\n");
        var anchored = new HashSet<YamlNode>(ReferenceEqualityComparer.Instance);
        var any = false;
        foreach (var item in kept)
        {
            if (!any) output.Write("items:\n");
            any = true;
            if (item.Text is { } text) WriteCopied(output, text);
            else WriteEntry(output, EmitOne(item.Resource, anchored));
        }
        foreach (var item in generated)
        {
            if (!any) output.Write("items:\n");
            any = true;
            YamlText.Write(output, item, asListEntry: true);
        }
        if (!any) output.Write("items: []\n");
        if (results.Count == 0) return;
        output.Write("results:\n");
        foreach (var result in results) WriteEntry(output, EmitOne(ResultNode(result), anchored));
    }

    /// <summary>An item's input lines, moved left to column 0 when the input's list was indented.</summary>
    private static void WriteCopied(TextWriter output, ItemText text)
    {
        var rest = text.Source.AsSpan(text.Start, text.End - text.Start);
        if (text.Indent == 0)
        {
            output.Write(rest);
            if (!rest.IsEmpty && rest[^1] != '\n') output.Write('\n');
            return;
        }
        // YamlComposer checked that every line is indented that much, or blank, or a comment.
        while (!rest.IsEmpty)
        {
            var newline = rest.IndexOf('\n');
            var line = newline < 0 ? rest : rest[..newline];
            rest = newline < 0 ? default : rest[(newline + 1)..];
            if (line.Length - line.TrimStart(' ').Length >= text.Indent) output.Write(line[text.Indent..]);
            else if (!line.TrimStart(' ').IsEmpty) output.Write(line); // a comment
            output.Write('\n');
        }
    }

    /// <summary>A document's text as an entry of a top-level list: "- " first, then two spaces.</summary>
    private static void WriteEntry(TextWriter output, string document)
    {
        var start = 0;
        var first = true;
        while (start < document.Length)
        {
            var end = document.IndexOf('\n', start);
            if (end < 0) end = document.Length;
            if (end > start) output.Write(first ? "- " : "  ");
            output.Write(document.AsSpan(start, end - start));
            output.Write('\n');
            first = false;
            start = end + 1;
        }
    }

    private static string EmitOne(YamlNode node, HashSet<YamlNode> anchored)
    {
        var writer = new StringWriter { NewLine = "\n" };
        var tags = VerbatimTags.For([node]);
        EmitStream(writer, [node], anchored, tags);
        return tags.Restore(writer.ToString());
    }

    /// <summary>
    /// YAML documents as one stream, "---" before each when there are several; each is written
    /// as it comes, holding back only the first until a second shows whether markers are needed.
    /// </summary>
    public static void WriteStream(IEnumerable<Action<TextWriter>> documents, TextWriter output)
    {
        Action<TextWriter>? pending = null;
        var count = 0;
        foreach (var document in documents)
        {
            if (++count > 1)
            {
                if (count == 2) output.Write("---\n");
                pending!(output);
                output.Write("---\n");
            }
            pending = document;
        }
        pending?.Invoke(output);
    }

    /// <summary>Documents as a YAML stream, "---" between them.</summary>
    public static string Emit(IReadOnlyList<YamlNode> documents)
    {
        var writer = new StringWriter { NewLine = "\n" };
        var tags = VerbatimTags.For(documents);
        EmitStream(writer, documents, sharedAnchors: null, tags);
        return tags.Restore(writer.ToString());
    }

    /// <summary>
    /// Documents as a YAML stream. Anchors are per document, unless <paramref name="sharedAnchors"/>
    /// carries them across calls (items of one ResourceList emitted one by one).
    /// </summary>
    private static void EmitStream(TextWriter writer, IReadOnlyList<YamlNode> documents, HashSet<YamlNode>? sharedAnchors, VerbatimTags tags)
    {
        // A huge width: folding long plain scalars would rewrite a user's lines.
        var emitter = new Emitter(writer, 2, 1_000_000);
        emitter.Emit(new StreamStart());
        foreach (var document in documents)
        {
            emitter.Emit(new DocumentStart(null, null, isImplicit: documents.Count == 1));
            EmitNode(emitter, document, sharedAnchors ?? new HashSet<YamlNode>(ReferenceEqualityComparer.Instance), tags);
            emitter.Emit(new DocumentEnd(isImplicit: true));
        }
        emitter.Emit(new StreamEnd());
    }

    // Emits a node with the style, anchor and tag it was read with (a global tag as its
    // placeholder, see VerbatimTags). A node that was an alias in the input (the same object met
    // again) is written as an alias again, never expanded.
    private static void EmitNode(IEmitter emitter, YamlNode node, HashSet<YamlNode> anchored, VerbatimTags tags)
    {
        var anchor = node.Anchor;
        if (!anchor.IsEmpty && !anchored.Add(node))
        {
            emitter.Emit(new AnchorAlias(anchor));
            return;
        }
        var tag = tags.Write(node.Tag);
        switch (node)
        {
            case YamlScalarNode scalar:
                // A scalar without a style was built here, as a string (a key of converted JSON, a
                // name): double-quoted when a reader would take it for something else or the
                // emitter would lose part of it. Scalars that were read keep their style.
                var text = scalar.Value ?? "";
                var style = scalar.Style == ScalarStyle.Any && tag.IsEmpty && YamlScalars.StyleForString(text) == ScalarStyle.DoubleQuoted
                    ? ScalarStyle.DoubleQuoted : scalar.Style;
                emitter.Emit(new Scalar(anchor, tag, text, style, tag.IsEmpty, tag.IsEmpty));
                break;
            case YamlSequenceNode sequence:
                emitter.Emit(new SequenceStart(anchor, tag, tag.IsEmpty, sequence.Style));
                foreach (var child in sequence.Children) EmitNode(emitter, child, anchored, tags);
                emitter.Emit(new SequenceEnd());
                break;
            case YamlMappingNode mapping:
                emitter.Emit(new MappingStart(anchor, tag, tag.IsEmpty, mapping.Style));
                foreach (var (key, value) in mapping.Children)
                {
                    EmitNode(emitter, key, anchored, tags);
                    EmitNode(emitter, value, anchored, tags);
                }
                emitter.Emit(new MappingEnd());
                break;
            default:
                throw new InvalidOperationException($"unexpected YAML node {node.NodeType}");
        }
    }

    private static YamlMappingNode ResultNode(KrmResult result)
    {
        var node = new YamlMappingNode
        {
            { "message", YamlJson.StringNode(result.Message) },
            { "severity", result.SeverityText },
        };
        if (result.Resource is { } r)
        {
            var reference = new YamlMappingNode
            {
                { "apiVersion", r.ApiVersion },
                { "kind", r.Kind },
                { "name", YamlJson.StringNode(r.Name) },
            };
            if (r.Namespace is not null) reference.Add("namespace", YamlJson.StringNode(r.Namespace));
            node.Add("resourceRef", reference);
        }
        if (result.FieldPath is not null)
            node.Add("field", new YamlMappingNode { { "path", YamlJson.StringNode(result.FieldPath) } });
        if (result.File?.Path is not null)
        {
            var file = new YamlMappingNode { { "path", YamlJson.StringNode(result.File.Path) } };
            if (result.File.Index is { } index)
                file.Add("index", new YamlScalarNode(index.ToString(System.Globalization.CultureInfo.InvariantCulture)) { Style = ScalarStyle.Plain });
            node.Add("file", file);
        }
        return node;
    }

    private static string FirstSentence(string message)
    {
        var end = message.IndexOf('\n', StringComparison.Ordinal);
        return end < 0 ? message : message[..end];
    }
}
