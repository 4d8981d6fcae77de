using KrmFn;
using AgentSetFn.Tests.Support;

namespace AgentSetFn.Tests.Cli;

/// <summary>
/// `render --include-resources` over directories as users keep them: kustomize bases and
/// overlays, Flux and Argo CD objects, kpt packages and earlier `render -o` output in the tree.
/// </summary>
public sealed class RenderDirectoriesTests : IDisposable
{
    private readonly TempDirectory _dir = new("agentset-dirs-");

    public void Dispose() => _dir.Dispose();

    private static List<string> Names(string stream) =>
        Output.Documents(stream).Select(d => $"{Output.Str(d, "apiVersion")} {Output.Str(d, "kind")}/{Output.Str(d, "metadata", "name")}").ToList();

    private const string Service = "apiVersion: v1\nkind: Service\nmetadata: {name: web}\nspec: {ports: [{port: 80}]}\n";

    [Fact]
    public void Flux_and_argo_objects_are_printed_and_only_kustomize_and_kpt_files_are_skipped()
    {
        _dir.Write("agentset.yaml", FunctionRunner.Fixture("kiro"));
        _dir.Write("flux.yaml", "apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata: {name: apps, namespace: flux-system}\nspec: {path: ./apps, prune: true, sourceRef: {kind: GitRepository, name: repo}}\n");
        _dir.Write("argo.yaml", "apiVersion: argoproj.io/v1alpha1\nkind: Application\nmetadata: {name: agents, namespace: argocd}\nspec: {project: default}\n");
        _dir.Write("custom.yaml", "apiVersion: example.com/v1\nkind: Component\nmetadata: {name: widget}\n");
        // kustomize's own files, whatever they are called, and a Kustomization in a file of its own name.
        _dir.Write("kustomization.yaml", "resources: [flux.yaml]\n");
        _dir.Write("build.yaml", "apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources: [flux.yaml]\n");
        _dir.Write("components/extra/kustomization.yml", "apiVersion: kustomize.config.k8s.io/v1alpha1\nkind: Component\n");
        _dir.Write("comp.yaml", "apiVersion: kustomize.config.k8s.io/v1alpha1\nkind: Component\nmetadata: {name: c}\n");
        _dir.Write("pkg/Kptfile.yaml", "apiVersion: kpt.dev/v1\nkind: Kptfile\nmetadata: {name: pkg}\n");

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
        _dir.Write("agentset.yaml", FunctionRunner.Fixture("kiro"));
        _dir.Write("base/kustomization.yaml", "resources: [deployment.yaml]\n");
        _dir.Write("base/deployment.yaml", "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec: {replicas: 1}\n");
        _dir.Write("overlays/prod/kustomization.yaml",
            "resources: [../../base, service.yaml]\npatches:\n- path: replicas.yaml\n- patch: '[]'\n  target: {kind: Deployment}\npatchesStrategicMerge:\n- ./memory.yaml\n- |-\n  apiVersion: apps/v1\n  kind: Deployment\n  metadata: {name: web}\n");
        _dir.Write("overlays/prod/replicas.yaml", "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec: {replicas: 3}\n");
        _dir.Write("overlays/prod/memory.yaml", "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec: {template: {spec: {}}}\n");
        _dir.Write("overlays/prod/service.yaml", Service);

        var run = Binary.Run(null, null, "render", "--include-resources", _dir);
        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Equal(["apps/v1 Deployment/web", "v1 Service/web", "v1 ConfigMap/bots-kiro", "apps/v1 Deployment/bots-kiro"], Names(run.Output));
        Assert.Contains("replicas: 1", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void A_directory_named_with_its_subdirectories_and_files_prints_each_object_once()
    {
        _dir.Write("agents/agentset.yaml", FunctionRunner.Fixture("kiro"));
        _dir.Write("agents/extra/service.yaml", Service);
        File.CreateSymbolicLink(_dir.At("link.yaml"), _dir.At("agents/agentset.yaml"));

        var run = Binary.Run(null, null, "render", "--include-resources",
            _dir.At("agents"), _dir.At("agents/extra"), _dir.At("agents/agentset.yaml"), _dir.At("agents/../agents/extra/"), _dir.At("link.yaml"));
        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Equal(["v1 Service/web", "v1 ConfigMap/bots-kiro", "apps/v1 Deployment/bots-kiro"], Names(run.Output));
    }

    [Theory]
    [InlineData("rendered")] // render -o into a subdirectory of the tree
    [InlineData("")]         // the AgentSet's own directory: the layout of a kpt package
    public void Earlier_output_in_the_tree_is_replaced_by_the_fresh_rendering(string outputDirectory)
    {
        _dir.Write("agentset.yaml", FunctionRunner.Fixture("kiro"));
        _dir.Write("service.yaml", Service);
        var fresh = Binary.Run(null, null, "render", "--include-resources", _dir);
        Assert.True(fresh.ExitCode == 0, fresh.Error);

        var written = Binary.Run(null, null, "render", _dir.At("agentset.yaml"), "-o", Path.Combine(_dir, outputDirectory));
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
        _dir.Write("apps/agentset.yaml", FunctionRunner.Fixture("kiro"));
        var owner = OwnerOf(FunctionRunner.Fixture("kiro"));
        _dir.Write("infra/bots/old/secret.yaml",
            $"apiVersion: v1\nkind: Secret\nmetadata:\n  name: db-credentials\n  annotations:\n    agentset.dev/owned-by: {owner}\n    agentset.dev/agent: old\n");

        var run = Binary.Run(null, null, "render", "--include-resources", _dir);
        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Contains("name: db-credentials", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void A_fifo_in_the_tree_is_never_opened()
    {
        // Opening a FIFO with no writer blocks for ever: the search must not read it.
        _dir.Write("agentset.yaml", FunctionRunner.Fixture("kiro"));
        using (var mkfifo = System.Diagnostics.Process.Start("mkfifo", _dir.At("pipe.yaml"))) mkfifo.WaitForExit();
        Assert.True(File.Exists(_dir.At("pipe.yaml")));
        var run = Binary.Run(null, null, "render", _dir);
        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Contains("kind: Deployment", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void A_file_with_a_byte_order_mark_reads_as_without_it()
    {
        var text = FunctionRunner.Fixture("kiro");
        _dir.Write("plain/agentset.yaml", text);
        Directory.CreateDirectory(_dir.At("bom"));
        File.WriteAllBytes(_dir.At("bom/agentset.yaml"), [0xEF, 0xBB, 0xBF, .. System.Text.Encoding.UTF8.GetBytes(text)]);
        var plain = Binary.Run(null, null, "render", _dir.At("plain/agentset.yaml"));
        var bom = Binary.Run(null, null, "render", _dir.At("bom/agentset.yaml"));
        Assert.True(bom.ExitCode == 0, bom.Error);
        Assert.Equal(plain.Output, bom.Output);
    }

    [Fact]
    public void An_output_directory_that_is_a_file_is_named_as_such()
    {
        _dir.Write("agentset.yaml", FunctionRunner.Fixture("kiro"));
        _dir.Write("out", "a file, not a directory\n");
        var run = Binary.Run(null, null, "render", _dir.At("agentset.yaml"), "-o", _dir.At("out"));
        Assert.Equal(1, run.ExitCode);
        Assert.DoesNotContain("error number", run.Error, StringComparison.Ordinal);
        Assert.Contains("already exists", run.Error, StringComparison.Ordinal);
        Assert.Equal("a file, not a directory\n", File.ReadAllText(_dir.At("out")));
    }

    [Fact]
    public void Two_files_with_one_object_are_an_error_naming_both()
    {
        _dir.Write("agentset.yaml", FunctionRunner.Fixture("kiro"));
        _dir.Write("a/service.yaml", Service);
        _dir.Write("b/svc.yml", "# the same Service, by another author\n" + Service.Replace("port: 80", "port: 8080", StringComparison.Ordinal));

        var run = Binary.Run(null, null, "render", "--include-resources", _dir);
        Assert.Equal(1, run.ExitCode);
        Assert.Equal("", run.Output);
        Assert.Contains(_dir.At("a/service.yaml"), run.Error, StringComparison.Ordinal);
        Assert.Contains(_dir.At("b/svc.yml"), run.Error, StringComparison.Ordinal);
        Assert.Contains("Service web", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void One_name_in_two_namespaces_or_two_groups_is_no_duplicate()
    {
        _dir.Write("agentset.yaml", FunctionRunner.Fixture("kiro"));
        _dir.Write("a.yaml", Service);
        _dir.Write("b.yaml", Service.Replace("{name: web}", "{name: web, namespace: other}", StringComparison.Ordinal));
        _dir.Write("c.yaml", "apiVersion: serving.knative.dev/v1\nkind: Service\nmetadata: {name: web}\n");

        var run = Binary.Run(null, null, "render", "--include-resources", _dir);
        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Equal(3, Names(run.Output).Count(n => n.EndsWith(" Service/web", StringComparison.Ordinal)));
    }

    [Theory]
    [InlineData("copy.yaml")]          // a generated file copied by hand: it proves nothing
    [InlineData("bots/kiro/other.yaml")] // in the generated directory, but not a file render writes
    public void A_resource_the_agentset_also_generates_is_an_error_naming_both_files(string copy)
    {
        _dir.Write("agentset.yaml", FunctionRunner.Fixture("kiro"));
        var written = Binary.Run(null, null, "render", _dir.At("agentset.yaml"), "-o", _dir.At("out"));
        Assert.True(written.ExitCode == 0, written.Error);
        Directory.CreateDirectory(Path.GetDirectoryName(_dir.At(copy))!);
        File.Move(_dir.At("out/bots/kiro/configmap.yaml"), _dir.At(copy));
        Directory.Delete(_dir.At("out"), recursive: true);

        var run = Binary.Run(null, null, "render", "--include-resources", _dir);
        Assert.Equal(1, run.ExitCode);
        Assert.Equal("", run.Output);
        Assert.Contains(_dir.At(copy), run.Error, StringComparison.Ordinal);
        Assert.Contains(_dir.At("agentset.yaml"), run.Error, StringComparison.Ordinal);
        Assert.Contains("ConfigMap bots-kiro", run.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("kiro")]
    [InlineData("inline-token")]
    public void Render_and_validate_report_the_same_warnings_and_infos(string fixture)
    {
        _dir.Write("agentset.yaml", FunctionRunner.Fixture(fixture));
        var render = Binary.Run(null, null, "render", _dir.At("agentset.yaml"));
        var validate = Binary.Run(null, null, "validate", _dir.At("agentset.yaml"));
        Assert.Equal(0, render.ExitCode);
        Assert.Equal(0, validate.ExitCode);
        Assert.Equal("", validate.Output);
        Assert.Contains("info: spec.agents.kiro.resources", render.Error, StringComparison.Ordinal);
        if (fixture == "inline-token") Assert.Contains("warning: spec.agents.kiro.discord.botToken", render.Error, StringComparison.Ordinal);
        Assert.Equal(render.Error + "ok: 1 AgentSet(s), 1 agent(s)\n", validate.Error);
    }

    private static string OwnerOf(string agentSet)
    {
        var resource = Output.Documents(agentSet)[0];
        return $"{KrmFn.ResourceAnnotations.Metadata(resource, "namespace") ?? ""}/{KrmFn.ResourceAnnotations.Metadata(resource, "name")}";
    }
}
