using System.Text.Json.Nodes;
using KrmFn;
using YamlDotNet.RepresentationModel;

namespace AgentSetFn.Tests.Support;

/// <summary>
/// The real `kubectl kustomize` (kustomize v5 inside kubectl) with the function under test
/// installed as its AgentSet plugin, as docs/running.md tells users to do.
/// </summary>
internal static class KubectlKustomize
{
    /// <summary>`agentset kustomize install-plugin DIR`; fails the test if it fails.</summary>
    public static RunResult InstallPlugin(string pluginHome)
    {
        var run = Binary.Run(null, null, "kustomize", "install-plugin", pluginHome);
        Assert.True(run.ExitCode == 0, run.Error);
        return run;
    }

    /// <summary>
    /// `kubectl kustomize --enable-alpha-plugins DIR` with the plugin home given. kustomize leaves
    /// its temporary plugin config behind when a plugin fails: TMPDIR keeps it in <paramref name="temp"/>.
    /// </summary>
    public static RunResult Build(string directory, string pluginHome, string temp) =>
        Binary.Exec("kubectl", null, null,
            new Dictionary<string, string> { ["KUSTOMIZE_PLUGIN_HOME"] = pluginHome, ["TMPDIR"] = temp },
            "kustomize", "--enable-alpha-plugins", directory);

    /// <summary>The objects of a YAML stream as JSON, by "Kind namespace/name" (kustomize reorders both objects and fields).</summary>
    public static SortedDictionary<string, JsonNode> Objects(string stream)
    {
        var objects = new SortedDictionary<string, JsonNode>(StringComparer.Ordinal);
        foreach (var document in ResourceListIo.ParseDocuments(stream).Cast<YamlMappingNode>())
        {
            var key = $"{Output.Str(document, "kind")} {Output.Str(document, "metadata", "namespace")}/{Output.Str(document, "metadata", "name")}";
            objects.Add(key, YamlJson.ToJson(document)!);
        }
        return objects;
    }

    /// <summary>Both streams hold the same objects (compared as JSON), or the test fails naming the first that differs.</summary>
    public static void AssertSameObjects(string expected, string actual)
    {
        var want = Objects(expected);
        var got = Objects(actual);
        Assert.Equal(want.Keys, got.Keys);
        foreach (var (key, value) in want)
            Assert.True(JsonNode.DeepEquals(value, got[key]), $"{key} differs:\nexpected {value.ToJsonString()}\nactual   {got[key].ToJsonString()}");
    }
}
