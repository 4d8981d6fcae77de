using KrmFn;
using AgentSetFn.Tests.Support;
using YamlDotNet.RepresentationModel;

namespace AgentSetFn.Tests.Recipes;

/// <summary>
/// kustomize's exec generator mode, from a fixture of exactly what kustomize v5 sends (standalone
/// kustomize cannot be installed here, and `kubectl kustomize` has no --enable-exec).
/// </summary>
public class KustomizeGeneratorTests
{
    private static readonly string Case = Path.Combine(Repo.Fixtures, "kustomize-generator");

    private static RunResult RunFixture() => Binary.Run(File.ReadAllText(Path.Combine(Case, "input.yaml")), null);

    [Fact]
    public void What_kustomize_sends_renders_to_the_expected_resource_list()
    {
        var run = RunFixture();
        Assert.Equal(0, run.ExitCode);
        Golden.AssertMatches(Path.Combine(Case, "expected.yaml"), run.Output);
    }

    [Fact]
    public void The_fixture_is_the_example_that_the_kustomizations_render()
    {
        // The top-level kustomization renders examples/, whose kustomization lists the AgentSet as a generator.
        var top = Output.FirstDocument(Path.Combine(Repo.Root, "kustomization.yaml"));
        Assert.Contains("examples", Output.Strings(top, "resources"));
        var examples = Output.FirstDocument(Path.Combine(Repo.Root, "examples", "kustomization.yaml"));
        Assert.Equal(["agentset.yaml"], Output.Strings(examples, "generators"));

        // The fixture's functionConfig is that file, with the local-config annotation kustomize injects.
        var example = YamlJson.ToJson(Output.FirstDocument(Path.Combine(Repo.Root, "examples", "agentset.yaml")))!;
        example["metadata"]!["annotations"]!["config.kubernetes.io/local-config"] = "true";
        var sent = Output.FirstDocument(Path.Combine(Case, "input.yaml"));
        Assert.True(System.Text.Json.Nodes.JsonNode.DeepEquals(example, YamlJson.ToJson(sent.Children["functionConfig"])),
            "fixtures/kustomize-generator/input.yaml no longer matches examples/agentset.yaml");

        // Its exec path, relative to the kustomization's directory (kustomize runs the function
        // there), is where scripts/render-example.sh publishes the binary.
        var function = Output.Str(sent.Children["functionConfig"], "metadata", "annotations", "config.kubernetes.io/function")!;
        Assert.Contains("path: ../artifacts/bin/agentset", function, StringComparison.Ordinal);
        Assert.Contains("-o artifacts/bin", File.ReadAllText(Path.Combine(Repo.Root, "scripts", "render-example.sh")), StringComparison.Ordinal);
    }

    [Fact]
    public void After_kustomize_drops_local_config_and_its_annotations_the_output_equals_the_cli_render()
    {
        var output = new Output(RunFixture().Output);
        var agentSet = Assert.Single(output.Items, i => Output.Str(i, "kind") == "AgentSet");
        Assert.Equal("true", Output.Str(agentSet, "metadata", "annotations", "config.kubernetes.io/local-config"));

        // What kustomize keeps: items that are not local config, minus the orchestration annotations.
        var kept = output.Items.Where(i => Output.Str(i, "metadata", "annotations", "config.kubernetes.io/local-config") != "true").ToList();
        foreach (var item in kept)
        {
            var annotations = ResourceAnnotations.Of(item)!;
            Assert.DoesNotContain(annotations.Children.Keys, k => k.ToString() is "config.kubernetes.io/function" or "config.k8s.io/id");
            foreach (var key in annotations.Children.Keys.Select(k => k.ToString()).ToList())
            {
                if (key.StartsWith("config.kubernetes.io/", StringComparison.Ordinal) || key.StartsWith("internal.config.kubernetes.io/", StringComparison.Ordinal))
                    annotations.Children.Remove(key);
            }
        }
        var cli = Binary.Run(null, null, "render", Path.Combine(Repo.Root, "examples", "agentset.yaml"));
        Assert.Equal(0, cli.ExitCode);
        Assert.Equal(cli.Output, ResourceListIo.Emit(kept.Cast<YamlNode>().ToList()));
    }


}
