using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlDotNet.RepresentationModel;

namespace AgentSetFn.Krm;

/// <summary>The input is not a usable ResourceList or YAML stream; the message says why.</summary>
internal sealed class KrmInputException(string message) : Exception(message);

/// <summary>A ResourceList as read from stdin: the items stay YAML nodes, untouched.</summary>
internal sealed record ResourceList(IReadOnlyList<YamlNode> Items, YamlMappingNode? FunctionConfig);

/// <summary>Reads and writes ResourceLists and YAML streams (the KRM wire format).</summary>
internal static class ResourceListIo
{
    public const string ApiVersion = "config.kubernetes.io/v1";
    public const string Kind = "ResourceList";

    /// <summary>All documents of a YAML stream, as nodes; empty documents are skipped.</summary>
    public static IReadOnlyList<YamlNode> ParseDocuments(string text)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (YamlException e)
        {
            throw new KrmInputException($"not valid YAML at line {e.Start.Line}, column {e.Start.Column}: {FirstSentence(e.Message)}");
        }
        catch (ArgumentException e)
        {
            // The representation model reports duplicate mapping keys this way.
            throw new KrmInputException($"not valid YAML: {FirstSentence(e.Message)}");
        }
        return stream.Documents
            .Select(d => d.RootNode)
            .Where(n => !(n is YamlScalarNode s && YamlScalars.IsNull(s)))
            .ToList();
    }

    public static ResourceList Parse(string text)
    {
        if (string.IsNullOrWhiteSpace(text))
            throw new KrmInputException("stdin is empty: expected a ResourceList (apiVersion: config.kubernetes.io/v1, kind: ResourceList)");
        var documents = ParseDocuments(text);
        if (documents.Count != 1 || documents[0] is not YamlMappingNode root)
            throw new KrmInputException("stdin is not a ResourceList: expected one YAML mapping with kind: ResourceList");
        var kind = ScalarValue(root, "kind");
        if (kind != Kind)
            throw new KrmInputException($"stdin is not a ResourceList: kind is '{kind ?? "(missing)"}', expected '{Kind}'");

        IReadOnlyList<YamlNode> items = root.Children.TryGetValue("items", out var itemsNode) switch
        {
            false => [],
            true when itemsNode is YamlSequenceNode seq => seq.Children.ToList(),
            true when itemsNode is YamlScalarNode s && YamlScalars.IsNull(s) => [],
            _ => throw new KrmInputException("ResourceList.items must be a list of resources"),
        };
        YamlMappingNode? functionConfig = root.Children.TryGetValue("functionConfig", out var fc) switch
        {
            false => null,
            true when fc is YamlMappingNode m => m,
            true when fc is YamlScalarNode s && YamlScalars.IsNull(s) => null,
            _ => throw new KrmInputException("ResourceList.functionConfig must be a resource (a mapping)"),
        };
        return new ResourceList(items, functionConfig);
    }

    public static string? ScalarValue(YamlMappingNode node, string key) =>
        node.Children.TryGetValue(key, out var value) && value is YamlScalarNode s ? s.Value : null;

    /// <summary>The output ResourceList: items (kept and generated) and results.</summary>
    public static string Write(IEnumerable<YamlNode> items, IReadOnlyList<KrmResult> results)
    {
        var root = new YamlMappingNode
        {
            { "apiVersion", ApiVersion },
            { "kind", Kind },
            { "items", new YamlSequenceNode(items) },
        };
        if (results.Count > 0) root.Add("results", new YamlSequenceNode(results.Select(ResultNode)));
        return Emit([root]);
    }

    /// <summary>Documents as a YAML stream, "---" between them.</summary>
    public static string Emit(IReadOnlyList<YamlNode> documents)
    {
        var writer = new StringWriter { NewLine = "\n" };
        // A huge width: folding long plain scalars would rewrite a user's lines.
        var emitter = new Emitter(writer, 2, 1_000_000);
        emitter.Emit(new StreamStart());
        foreach (var document in documents)
        {
            emitter.Emit(new DocumentStart(null, null, isImplicit: documents.Count == 1));
            EmitNode(emitter, document, new HashSet<YamlNode>(ReferenceEqualityComparer.Instance));
            emitter.Emit(new DocumentEnd(isImplicit: true));
        }
        emitter.Emit(new StreamEnd());
        return writer.ToString();
    }

    // Emits a node with the style, anchor and tag it was read with. A node that was an alias in
    // the input (the same object met again) is written as an alias again, never expanded.
    private static void EmitNode(IEmitter emitter, YamlNode node, HashSet<YamlNode> anchored)
    {
        var anchor = node.Anchor;
        if (!anchor.IsEmpty && !anchored.Add(node))
        {
            emitter.Emit(new AnchorAlias(anchor));
            return;
        }
        var tag = node.Tag;
        switch (node)
        {
            case YamlScalarNode scalar:
                emitter.Emit(new Scalar(anchor, tag, scalar.Value ?? "", scalar.Style, tag.IsEmpty, tag.IsEmpty));
                break;
            case YamlSequenceNode sequence:
                emitter.Emit(new SequenceStart(anchor, tag, tag.IsEmpty, sequence.Style));
                foreach (var child in sequence.Children) EmitNode(emitter, child, anchored);
                emitter.Emit(new SequenceEnd());
                break;
            case YamlMappingNode mapping:
                emitter.Emit(new MappingStart(anchor, tag, tag.IsEmpty, mapping.Style));
                foreach (var (key, value) in mapping.Children)
                {
                    EmitNode(emitter, key, anchored);
                    EmitNode(emitter, value, anchored);
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
