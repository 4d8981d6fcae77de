using YamlDotNet.RepresentationModel;

namespace AgentSetFn.Tests.Support;

/// <summary>
/// YAML read by YamlDotNet's own YamlStream (not by the function's reader), and a node tree
/// described line by line, so two trees compare as text: tags and values included.
/// </summary>
internal static class YamlTree
{
    public static List<YamlNode> Load(string text)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(text));
        return [.. stream.Documents.Select(d => d.RootNode)];
    }

    /// <summary>Every node as "path tag value", in document order.</summary>
    public static List<string> Described(IEnumerable<YamlNode> roots)
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
