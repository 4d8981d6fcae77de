using YamlDotNet.RepresentationModel;

namespace KrmFn.Tests;

/// <summary>
/// A YAML stream written from nodes keeps its global tags (see VerbatimTags). Every comparison
/// reads the texts with YamlDotNet's own YamlStream, not with the library's reader or writer.
/// </summary>
public class GlobalTagsTests
{
    [Fact]
    public void A_stream_keeps_global_tags_and_yamldotnet_alone_would_not()
    {
        var document = Load("kind: ConfigMap\ndata: {x: !<tag:example.com,2000:foo> b, y: !<tag:example.com,2001:bar> [c]}\n")[0];

        var text = ResourceListIo.Emit([document]);

        Assert.Equal(Described([document]), Described(Load(text)));
        Assert.Contains("!<tag:example.com,2000:foo> b", text, StringComparison.Ordinal);
        // What the emitter does with the tag by itself, which this guards against.
        var plain = new StringWriter();
        new YamlStream(new YamlDocument(document)).Save(plain, assignAnchors: false);
        Assert.Contains("tag:example.com,2000:foo b", plain.ToString().Replace("!<tag:example.com,2000:foo> b", "", StringComparison.Ordinal), StringComparison.Ordinal);
    }

    private static List<YamlNode> Load(string text)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(text));
        return [.. stream.Documents.Select(d => d.RootNode)];
    }

    // Every node as "path tag value", in document order.
    private static List<string> Described(IEnumerable<YamlNode> roots)
    {
        var lines = new List<string>();
        void Walk(YamlNode node, string path)
        {
            var tag = node.Tag.IsEmpty ? "-" : node.Tag.Value;
            switch (node)
            {
                case YamlScalarNode scalar:
                    lines.Add($"{path} {tag} {scalar.Value}");
                    break;
                case YamlSequenceNode sequence:
                    lines.Add($"{path} {tag} [");
                    for (var i = 0; i < sequence.Children.Count; i++) Walk(sequence.Children[i], $"{path}[{i}]");
                    break;
                case YamlMappingNode mapping:
                    lines.Add($"{path} {tag} {{");
                    foreach (var (key, value) in mapping.Children) Walk(value, $"{path}.{((YamlScalarNode)key).Value}");
                    break;
            }
        }
        var index = 0;
        foreach (var root in roots) Walk(root, $"[{index++}]");
        return lines;
    }
}
