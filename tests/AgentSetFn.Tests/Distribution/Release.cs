using System.Text.RegularExpressions;
using System.Xml.Linq;
using AgentSetFn.Tests.Support;
using YamlDotNet.RepresentationModel;

namespace AgentSetFn.Tests.Distribution;

/// <summary>
/// What the repository says a release is, read from the files that decide it: the project
/// (version, tool package, runtimes), the release workflow (YAML), the Dockerfile and
/// docs/install.md. The tests compare them with each other, never with a copy kept here.
/// </summary>
internal static partial class Release
{
    /// <summary>The function's project, as the workflow and the Dockerfile name it (relative, with /).</summary>
    public const string ProjectPath = "src/AgentSetFn/AgentSetFn.csproj";

    public static string Root => Repo.Root;

    public static string File(string relative) => Path.Combine([Root, .. relative.Split('/')]);

    public static XDocument Project { get; } = XDocument.Load(File(ProjectPath));

    /// <summary>A property of the project's PropertyGroups (the only place each is set).</summary>
    public static string Property(string name) =>
        Project.Root!.Elements("PropertyGroup").Elements(name).Select(e => e.Value).Single();

    public static string Version => Property("Version");

    public static IReadOnlyList<string> RuntimeIdentifiers =>
        [.. Property("ToolPackageRuntimeIdentifiers").Split(';', StringSplitOptions.RemoveEmptyEntries).Order(StringComparer.Ordinal)];

    public static YamlMappingNode Workflow(string name)
    {
        var stream = new YamlStream();
        using var reader = new StreamReader(File($".github/workflows/{name}"));
        stream.Load(reader);
        return (YamlMappingNode)stream.Documents.Single().RootNode;
    }

    public static YamlMappingNode Job(YamlMappingNode workflow, string job) => Map(workflow, "jobs", job);

    public static IEnumerable<YamlMappingNode> Steps(YamlMappingNode job) =>
        ((YamlSequenceNode)job["steps"]).Children.Cast<YamlMappingNode>();

    /// <summary>The one step of a job that uses an action (owner/name, pinned or not).</summary>
    public static YamlMappingNode StepUsing(YamlMappingNode job, string action) =>
        Steps(job).Single(s => Scalar(s, "uses")?.StartsWith(action + "@", StringComparison.Ordinal) == true);

    public static YamlMappingNode StepNamed(YamlMappingNode job, string name) =>
        Steps(job).Single(s => Scalar(s, "name") == name);

    /// <summary>A job's matrix.include values of one key, in order.</summary>
    public static IReadOnlyList<string> MatrixValues(YamlMappingNode job, string key) =>
        [.. ((YamlSequenceNode)Map(job, "strategy", "matrix")["include"]).Children.Cast<YamlMappingNode>().Select(e => Scalar(e, key)!)];

    public static YamlMappingNode Map(YamlMappingNode node, params string[] path)
    {
        foreach (var key in path) node = (YamlMappingNode)node[key];
        return node;
    }

    public static string? Scalar(YamlMappingNode node, params string[] path)
    {
        YamlNode current = node;
        foreach (var key in path)
        {
            if (current is not YamlMappingNode map || !map.Children.TryGetValue(new YamlScalarNode(key), out var next)) return null;
            current = next;
        }
        return (current as YamlScalarNode)?.Value;
    }

    /// <summary>
    /// The Dockerfile's platform -> runtime mapping: each `arch) rid=runtime ;;` arm of its
    /// TARGETARCH case, as linux/arch -> runtime.
    /// </summary>
    public static IReadOnlyDictionary<string, string> DockerfileRuntimes() =>
        DockerArm().Matches(System.IO.File.ReadAllText(File("Dockerfile")))
            .ToDictionary(m => "linux/" + m.Groups[1].Value, m => m.Groups[2].Value, StringComparer.Ordinal);

    [GeneratedRegex(@"^\s*([a-z0-9]+)\)\s*rid=([a-z0-9-]+)\s*;;", RegexOptions.Multiline)]
    private static partial Regex DockerArm();

    /// <summary>docs/install.md's platform table: runtime, release binary, image platform (empty when none).</summary>
    public static IReadOnlyList<(string Runtime, string Binary, string Image)> InstallTable()
    {
        var lines = System.IO.File.ReadAllLines(File("docs/install.md"));
        var header = Array.FindIndex(lines, l => l.StartsWith("| platform | runtime | release binary | image |", StringComparison.Ordinal));
        Assert.True(header >= 0, "docs/install.md has no platform table");
        return [.. lines.Skip(header + 2).TakeWhile(l => l.StartsWith('|')).Select(l =>
        {
            var cells = l.Split('|')[1..^1].Select(c => c.Trim().Trim('`')).ToArray();
            return (cells[1], cells[2], cells[3]);
        })];
    }
}
