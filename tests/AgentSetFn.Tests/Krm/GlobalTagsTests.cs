using static AgentSetFn.Tests.Support.YamlTree;
using KrmFn;
using AgentSetFn.Tests.Support;
using YamlDotNet.RepresentationModel;

namespace AgentSetFn.Tests.Krm;

/// <summary>
/// Items written back from nodes (flow-style or JSON lists, %TAG documents, CRLF: anything the
/// copy cannot reproduce) keep their global tags. YamlDotNet's emitter alone wrote
/// `a: !<tag:example.com,2000:x> b` back as `a: tag:example.com,2000:x b`, turning the tag into
/// part of the value. Every comparison here reads the texts with YamlDotNet's own YamlStream,
/// not with the function's reader or writer.
/// </summary>
public class GlobalTagsTests
{
    private const string Header = "apiVersion: config.kubernetes.io/v1\nkind: ResourceList\n";

    private const string FunctionConfig = """
        functionConfig:
          apiVersion: agentset.dev/v1alpha1
          kind: AgentSet
          metadata: {name: bots}
          spec:
            agents:
              kiro:
                discord: {botTokenSecretRef: {name: discord-kiro, key: token}, allowedChannels: ["123456789012345678"]}

        """;

    public static TheoryData<string, string> Inputs => new()
    {
        { "verbatim tags in a flow list", Header + """
            items: [{apiVersion: v1, kind: ConfigMap, metadata: {name: a}, data: {x: !<tag:example.com,2000:foo> b, y: !<http://example.com/t/u> c, z: !!str 1, l: !local d}}]
            """ + "\n" + FunctionConfig },
        { "a %TAG directive", "%TAG !e! tag:example.com,2000:\n---\n" + Header + """
            items:
            - apiVersion: v1
              kind: ConfigMap
              metadata: {name: b}
              data: {x: !e!foo b, y: !e!bar c}
            """ + "\n" + FunctionConfig },
        { "tagged mappings and lists", Header + """
            items: [{apiVersion: v1, kind: ConfigMap, metadata: !<tag:example.com,2000:meta> {name: c}, data: {list: !<tag:example.com,2000:seq> [1, 2]}}]
            """ + "\n" + FunctionConfig },
        { "escaped characters", Header + """
            items: [{apiVersion: v1, kind: ConfigMap, metadata: {name: d}, data: {x: !<tag:example.com,2000:a%23c> b, y: !<tag:example.com,2000:%C3%BC> c}}]
            """ + "\n" + FunctionConfig },
        { "a value that looks like the placeholder", Header + """
            items: [{apiVersion: v1, kind: ConfigMap, metadata: {name: e}, data: {x: !<tag:example.com,2000:foo> "!krmfn!0", y: "!krmfn1!0 !krmfn!1"}}]
            """ + "\n" + FunctionConfig },
        { "CRLF line ends", (Header + "items:\n- apiVersion: v1\n  kind: ConfigMap\n  metadata: {name: f}\n  data: {x: !<tag:example.com,2000:foo> b}\n" + FunctionConfig).Replace("\n", "\r\n", StringComparison.Ordinal) },
    };

    [Theory]
    [MemberData(nameof(Inputs))]
    public void Global_tags_of_items_written_from_nodes_come_back_as_they_were(string name, string input)
    {
        Assert.All(ResourceListIo.Parse(input).Items, item => Assert.Null(item.Text)); // the node path, not the copy

        var run = FunctionRunner.Run(input);
        Assert.True(run.ExitCode == 0, $"{name}: exit {run.ExitCode}\n{run.Error}");

        var expected = Described(Items(input));
        Assert.Contains(expected, line => line.Contains("tag:example.com,2000:", StringComparison.Ordinal));
        Assert.Equal(expected, Described(Items(run.Output).Take(Items(input).Count)));
        Assert.DoesNotContain("!krmfn", run.Output.Replace("\"!krmfn!0\"", "", StringComparison.Ordinal)
            .Replace("\"!krmfn1!0 !krmfn!1\"", "", StringComparison.Ordinal), StringComparison.Ordinal);

        // The output read again gives the same output: nothing drifts over runs.
        Assert.Equal(run.Output, FunctionRunner.Run(run.Output.Replace("items:", FunctionConfig + "items:", StringComparison.Ordinal)).Output
            .Replace(FunctionConfig, "", StringComparison.Ordinal));
    }

    private static List<YamlNode> Items(string resourceList) =>
        [.. ((YamlSequenceNode)((YamlMappingNode)Load(resourceList)[0]).Children["items"]).Children];
}
