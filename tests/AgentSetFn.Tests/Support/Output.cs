using KrmFn;
using YamlDotNet.RepresentationModel;

namespace AgentSetFn.Tests.Support;

/// <summary>Reads a function's output ResourceList back, for assertions.</summary>
internal sealed class Output
{
    public YamlMappingNode Root { get; }
    public IReadOnlyList<YamlMappingNode> Items { get; }
    public IReadOnlyList<YamlMappingNode> Results { get; }

    public Output(string text)
    {
        Root = (YamlMappingNode)ResourceListIo.ParseDocuments(text)[0];
        Items = ((YamlSequenceNode)Root.Children["items"]).Children.Cast<YamlMappingNode>().ToList();
        Results = Root.Children.TryGetValue("results", out var r)
            ? ((YamlSequenceNode)r).Children.Cast<YamlMappingNode>().ToList()
            : [];
    }

    public YamlMappingNode Single(string kind, string name) =>
        Items.Single(i => Str(i, "kind") == kind && Str(i, "metadata", "name") == name);

    public IEnumerable<YamlMappingNode> OfKind(string kind) => Items.Where(i => Str(i, "kind") == kind);

    public IEnumerable<YamlMappingNode> ResultsOf(string severity) => Results.Where(r => Str(r, "severity") == severity);

    /// <summary>The scalar at a path of mapping keys, or null.</summary>
    public static string? Str(YamlNode node, params string[] path) => Node(node, path) is YamlScalarNode s ? s.Value : null;

    public static YamlNode? Node(YamlNode node, params string[] path)
    {
        foreach (var key in path)
        {
            if (node is not YamlMappingNode m || !m.Children.TryGetValue(key, out var next)) return null;
            node = next;
        }
        return node;
    }

    public static IEnumerable<YamlMappingNode> Seq(YamlNode node, params string[] path) =>
        Node(node, path) is YamlSequenceNode s ? s.Children.Cast<YamlMappingNode>() : [];

    /// <summary>The documents of a YAML stream (a function's or `render`'s output), as mappings.</summary>
    public static List<YamlMappingNode> Documents(string stream) => ResourceListIo.ParseDocuments(stream).Cast<YamlMappingNode>().ToList();

    /// <summary>The first document of a YAML file, as a mapping.</summary>
    public static YamlMappingNode FirstDocument(string path) =>
        (YamlMappingNode)ResourceListIo.ParseDocuments(System.IO.File.ReadAllText(path))[0];

    /// <summary>A list of scalars under <paramref name="key"/>, as strings.</summary>
    public static string[] Strings(YamlMappingNode node, string key) =>
        ((YamlSequenceNode)node.Children[key]).Children.Select(c => ((YamlScalarNode)c).Value!).ToArray();
}
