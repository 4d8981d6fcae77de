using KrmFn;
using AgentSetFn.Tests.Support;

namespace AgentSetFn.Tests.Cli;

/// <summary>`render` over directories, `--include-resources`, and the help a newcomer reads.</summary>
public sealed class RenderPathsTests : IDisposable
{
    private readonly TempDirectory _dir = new("agentset-paths-");

    public void Dispose() => _dir.Dispose();

    private static List<string> Names(string stream) =>
        Output.Documents(stream).Select(d => $"{Output.Str(d, "kind")}/{Output.Str(d, "metadata", "name")}").ToList();

    [Fact]
    public void A_directory_is_searched_and_include_resources_adds_only_deployable_manifests()
    {
        _dir.Write("agents/agentset.yaml", FunctionRunner.Fixture("kiro"));
        _dir.Write("agents/extra/service.yml", "apiVersion: v1\nkind: Service\nmetadata: {name: web}\nspec: {ports: [{port: 80}]}\n");
        _dir.Write("agents/kustomization.yaml", "apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources: [extra/service.yml]\n");
        _dir.Write("agents/local.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: setter\n  annotations: {config.kubernetes.io/local-config: \"true\"}\n");
        _dir.Write("agents/.git/config.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: hidden}\n");
        _dir.Write("agents/notes.txt", "not yaml: [");

        var plain = Binary.Run(null, null, "render", Path.Combine(_dir, "agents"));
        Assert.Equal(0, plain.ExitCode);
        Assert.Equal(["ConfigMap/bots-kiro", "Deployment/bots-kiro"], Names(plain.Output));

        var all = Binary.Run(null, null, "render", "--include-resources", Path.Combine(_dir, "agents"));
        Assert.Equal(0, all.ExitCode);
        Assert.Equal(["Service/web", "ConfigMap/bots-kiro", "Deployment/bots-kiro"], Names(all.Output));
    }

    [Fact]
    public void A_directory_without_an_agentset_or_a_missing_path_is_an_error()
    {
        _dir.Write("empty/cm.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\n");
        var none = Binary.Run(null, null, "render", Path.Combine(_dir, "empty"));
        Assert.Equal(1, none.ExitCode);
        Assert.Contains("no AgentSet found in", none.Error, StringComparison.Ordinal);
        Assert.Equal("", none.Output);

        var missing = Binary.Run(null, null, "validate", Path.Combine(_dir, "nope.yaml"));
        Assert.Equal(1, missing.ExitCode);
        Assert.Contains("no such file or directory", missing.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Include_resources_and_output_directory_do_not_mix()
    {
        _dir.Write("a.yaml", FunctionRunner.Fixture("kiro"));
        var run = Binary.Run(null, null, "render", "--include-resources", Path.Combine(_dir, "a.yaml"), "-o", Path.Combine(_dir, "out"));
        Assert.Equal(1, run.ExitCode);
        Assert.Contains("cannot be combined with --output", run.Error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(_dir, "out")));
    }

    [Fact]
    public void Render_to_a_directory_honours_spec_output_directory()
    {
        _dir.Write("a.yaml", FunctionRunner.Fixture("kiro").Replace("spec:\n", "spec:\n  output: {directory: bots}\n", StringComparison.Ordinal));
        var run = Binary.Run(null, null, "render", Path.Combine(_dir, "a.yaml"), "-o", Path.Combine(_dir, "out"));
        Assert.Equal(0, run.ExitCode);
        Assert.True(File.Exists(Path.Combine(_dir, "out", "bots", "kiro", "deployment.yaml")));
    }

    [Theory]
    [InlineData(new string[] { "--help" }, "kpt fn render . --allow-exec")]
    [InlineData(new string[] { "--help" }, "kustomize build --enable-alpha-plugins --enable-exec")]
    [InlineData(new string[] { "render", "--help" }, "agentset render agentset.yaml -o deploy/")]
    [InlineData(new string[] { "validate", "--help" }, "agentset validate agentset.yaml")]
    [InlineData(new string[] { "schema", "--help" }, "agentset schema --crd")]
    [InlineData(new string[] { "migrate", "--help" }, "agentset migrate values.yaml --name team -n agents")]
    public void Help_shows_examples_for_every_command(string[] args, string example)
    {
        var run = Binary.Run(null, null, args);
        Assert.Equal(0, run.ExitCode);
        Assert.Contains(example, run.Output, StringComparison.Ordinal);
    }
}
