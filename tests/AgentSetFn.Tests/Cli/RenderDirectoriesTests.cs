using KrmFn;
using AgentSetFn.Tests.Support;
using YamlDotNet.RepresentationModel;

namespace AgentSetFn.Tests.Cli;

/// <summary>
/// `render --include-resources` over directories as users keep them: kustomize bases and
/// overlays, Flux and Argo CD objects, kpt packages and earlier `render -o` output in the tree.
/// </summary>
public sealed class RenderDirectoriesTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("agentset-dirs-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string At(string relative) => Path.Combine(_dir, relative);

    private void Write(string relative, string text)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(At(relative))!);
        File.WriteAllText(At(relative), text);
    }

    private static List<string> Names(string stream) =>
        ResourceListIo.ParseDocuments(stream).Cast<YamlMappingNode>()
            .Select(d => $"{Output.Str(d, "apiVersion")} {Output.Str(d, "kind")}/{Output.Str(d, "metadata", "name")}").ToList();

    private const string Service = "apiVersion: v1\nkind: Service\nmetadata: {name: web}\nspec: {ports: [{port: 80}]}\n";

    [Fact]
    public void Flux_and_argo_objects_are_printed_and_only_kustomize_and_kpt_files_are_skipped()
    {
        Write("agentset.yaml", FunctionRunner.Fixture("kiro"));
        Write("flux.yaml", "apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata: {name: apps, namespace: flux-system}\nspec: {path: ./apps, prune: true, sourceRef: {kind: GitRepository, name: repo}}\n");
        Write("argo.yaml", "apiVersion: argoproj.io/v1alpha1\nkind: Application\nmetadata: {name: agents, namespace: argocd}\nspec: {project: default}\n");
        Write("custom.yaml", "apiVersion: example.com/v1\nkind: Component\nmetadata: {name: widget}\n");
        // kustomize's own files, whatever they are called, and a Kustomization in a file of its own name.
        Write("kustomization.yaml", "resources: [flux.yaml]\n");
        Write("build.yaml", "apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources: [flux.yaml]\n");
        Write("components/extra/kustomization.yml", "apiVersion: kustomize.config.k8s.io/v1alpha1\nkind: Component\n");
        Write("comp.yaml", "apiVersion: kustomize.config.k8s.io/v1alpha1\nkind: Component\nmetadata: {name: c}\n");
        Write("pkg/Kptfile.yaml", "apiVersion: kpt.dev/v1\nkind: Kptfile\nmetadata: {name: pkg}\n");

        var run = Binary.Run(null, null, "render", "--include-resources", _dir);
        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Equal(
            ["argoproj.io/v1alpha1 Application/agents", "example.com/v1 Component/widget", "kustomize.toolkit.fluxcd.io/v1 Kustomization/apps",
             "v1 ConfigMap/bots-kiro", "apps/v1 Deployment/bots-kiro"],
            Names(run.Output));
    }

    [Fact]
    public void A_kustomize_overlays_patches_are_not_resources()
    {
        Write("agentset.yaml", FunctionRunner.Fixture("kiro"));
        Write("base/kustomization.yaml", "resources: [deployment.yaml]\n");
        Write("base/deployment.yaml", "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec: {replicas: 1}\n");
        Write("overlays/prod/kustomization.yaml",
            "resources: [../../base, service.yaml]\npatches:\n- path: replicas.yaml\n- patch: '[]'\n  target: {kind: Deployment}\npatchesStrategicMerge:\n- ./memory.yaml\n- |-\n  apiVersion: apps/v1\n  kind: Deployment\n  metadata: {name: web}\n");
        Write("overlays/prod/replicas.yaml", "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec: {replicas: 3}\n");
        Write("overlays/prod/memory.yaml", "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec: {template: {spec: {}}}\n");
        Write("overlays/prod/service.yaml", Service);

        var run = Binary.Run(null, null, "render", "--include-resources", _dir);
        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Equal(["apps/v1 Deployment/web", "v1 Service/web", "v1 ConfigMap/bots-kiro", "apps/v1 Deployment/bots-kiro"], Names(run.Output));
        Assert.Contains("replicas: 1", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void A_directory_named_with_its_subdirectories_and_files_prints_each_object_once()
    {
        Write("agents/agentset.yaml", FunctionRunner.Fixture("kiro"));
        Write("agents/extra/service.yaml", Service);
        File.CreateSymbolicLink(At("link.yaml"), At("agents/agentset.yaml"));

        var run = Binary.Run(null, null, "render", "--include-resources",
            At("agents"), At("agents/extra"), At("agents/agentset.yaml"), At("agents/../agents/extra/"), At("link.yaml"));
        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Equal(["v1 Service/web", "v1 ConfigMap/bots-kiro", "apps/v1 Deployment/bots-kiro"], Names(run.Output));
    }

    [Theory]
    [InlineData("rendered")] // render -o into a subdirectory of the tree
    [InlineData("")]         // the AgentSet's own directory: the layout of a kpt package
    public void Earlier_output_in_the_tree_is_replaced_by_the_fresh_rendering(string outputDirectory)
    {
        Write("agentset.yaml", FunctionRunner.Fixture("kiro"));
        Write("service.yaml", Service);
        var fresh = Binary.Run(null, null, "render", "--include-resources", _dir);
        Assert.True(fresh.ExitCode == 0, fresh.Error);

        var written = Binary.Run(null, null, "render", At("agentset.yaml"), "-o", Path.Combine(_dir, outputDirectory));
        Assert.True(written.ExitCode == 0, written.Error);
        Assert.True(File.Exists(Path.Combine(_dir, outputDirectory, "bots", "kiro", "deployment.yaml")));

        var again = Binary.Run(null, null, "render", "--include-resources", _dir);
        Assert.True(again.ExitCode == 0, again.Error);
        Assert.Equal(fresh.Output, again.Output);
    }

    [Fact]
    public void A_file_outside_the_agentsets_directory_never_passes_for_its_output()
    {
        // The annotations and the shape of a generated path, but in another part of the tree:
        // not this AgentSet's output (it only writes below its own directory), so it is printed.
        Write("apps/agentset.yaml", FunctionRunner.Fixture("kiro"));
        var owner = OwnerOf(FunctionRunner.Fixture("kiro"));
        Write("infra/bots/old/secret.yaml",
            $"apiVersion: v1\nkind: Secret\nmetadata:\n  name: db-credentials\n  annotations:\n    agentset.dev/owned-by: {owner}\n    agentset.dev/agent: old\n");

        var run = Binary.Run(null, null, "render", "--include-resources", _dir);
        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Contains("name: db-credentials", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void A_fifo_in_the_tree_is_never_opened()
    {
        // Opening a FIFO with no writer blocks for ever: the search must not read it.
        Write("agentset.yaml", FunctionRunner.Fixture("kiro"));
        using (var mkfifo = System.Diagnostics.Process.Start("mkfifo", At("pipe.yaml"))) mkfifo.WaitForExit();
        Assert.True(File.Exists(At("pipe.yaml")));
        var run = Binary.Run(null, null, "render", _dir);
        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Contains("kind: Deployment", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void A_file_with_a_byte_order_mark_reads_as_without_it()
    {
        var text = FunctionRunner.Fixture("kiro");
        Write("plain/agentset.yaml", text);
        Directory.CreateDirectory(At("bom"));
        File.WriteAllBytes(At("bom/agentset.yaml"), [0xEF, 0xBB, 0xBF, .. System.Text.Encoding.UTF8.GetBytes(text)]);
        var plain = Binary.Run(null, null, "render", At("plain/agentset.yaml"));
        var bom = Binary.Run(null, null, "render", At("bom/agentset.yaml"));
        Assert.True(bom.ExitCode == 0, bom.Error);
        Assert.Equal(plain.Output, bom.Output);
    }

    [Fact]
    public void An_output_directory_that_is_a_file_is_named_as_such()
    {
        Write("agentset.yaml", FunctionRunner.Fixture("kiro"));
        Write("out", "a file, not a directory\n");
        var run = Binary.Run(null, null, "render", At("agentset.yaml"), "-o", At("out"));
        Assert.Equal(1, run.ExitCode);
        Assert.DoesNotContain("error number", run.Error, StringComparison.Ordinal);
        Assert.Contains("already exists", run.Error, StringComparison.Ordinal);
        Assert.Equal("a file, not a directory\n", File.ReadAllText(At("out")));
    }

    [Fact]
    public void Two_files_with_one_object_are_an_error_naming_both()
    {
        Write("agentset.yaml", FunctionRunner.Fixture("kiro"));
        Write("a/service.yaml", Service);
        Write("b/svc.yml", "# the same Service, by another author\n" + Service.Replace("port: 80", "port: 8080", StringComparison.Ordinal));

        var run = Binary.Run(null, null, "render", "--include-resources", _dir);
        Assert.Equal(1, run.ExitCode);
        Assert.Equal("", run.Output);
        Assert.Contains(At("a/service.yaml"), run.Error, StringComparison.Ordinal);
        Assert.Contains(At("b/svc.yml"), run.Error, StringComparison.Ordinal);
        Assert.Contains("Service web", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void One_name_in_two_namespaces_or_two_groups_is_no_duplicate()
    {
        Write("agentset.yaml", FunctionRunner.Fixture("kiro"));
        Write("a.yaml", Service);
        Write("b.yaml", Service.Replace("{name: web}", "{name: web, namespace: other}", StringComparison.Ordinal));
        Write("c.yaml", "apiVersion: serving.knative.dev/v1\nkind: Service\nmetadata: {name: web}\n");

        var run = Binary.Run(null, null, "render", "--include-resources", _dir);
        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Equal(3, Names(run.Output).Count(n => n.EndsWith(" Service/web", StringComparison.Ordinal)));
    }

    [Theory]
    [InlineData("copy.yaml")]          // a generated file copied by hand: it proves nothing
    [InlineData("bots/kiro/other.yaml")] // in the generated directory, but not a file render writes
    public void A_resource_the_agentset_also_generates_is_an_error_naming_both_files(string copy)
    {
        Write("agentset.yaml", FunctionRunner.Fixture("kiro"));
        var written = Binary.Run(null, null, "render", At("agentset.yaml"), "-o", At("out"));
        Assert.True(written.ExitCode == 0, written.Error);
        Directory.CreateDirectory(Path.GetDirectoryName(At(copy))!);
        File.Move(At("out/bots/kiro/configmap.yaml"), At(copy));
        Directory.Delete(At("out"), recursive: true);

        var run = Binary.Run(null, null, "render", "--include-resources", _dir);
        Assert.Equal(1, run.ExitCode);
        Assert.Equal("", run.Output);
        Assert.Contains(At(copy), run.Error, StringComparison.Ordinal);
        Assert.Contains(At("agentset.yaml"), run.Error, StringComparison.Ordinal);
        Assert.Contains("ConfigMap bots-kiro", run.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("kiro")]
    [InlineData("inline-token")]
    public void Render_and_validate_report_the_same_warnings_and_infos(string fixture)
    {
        Write("agentset.yaml", FunctionRunner.Fixture(fixture));
        var render = Binary.Run(null, null, "render", At("agentset.yaml"));
        var validate = Binary.Run(null, null, "validate", At("agentset.yaml"));
        Assert.Equal(0, render.ExitCode);
        Assert.Equal(0, validate.ExitCode);
        Assert.Equal("", validate.Output);
        Assert.Contains("info: spec.agents.kiro.resources", render.Error, StringComparison.Ordinal);
        if (fixture == "inline-token") Assert.Contains("warning: spec.agents.kiro.discord.botToken", render.Error, StringComparison.Ordinal);
        Assert.Equal(render.Error + "ok: 1 AgentSet(s), 1 agent(s)\n", validate.Error);
    }

    private static string OwnerOf(string agentSet)
    {
        var resource = (YamlDotNet.RepresentationModel.YamlMappingNode)KrmFn.ResourceListIo.ParseDocuments(agentSet)[0];
        return $"{KrmFn.ResourceAnnotations.Metadata(resource, "namespace") ?? ""}/{KrmFn.ResourceAnnotations.Metadata(resource, "name")}";
    }
}
