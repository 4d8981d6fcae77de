using AgentSetFn.Tests.Support;

namespace AgentSetFn.Tests.EndToEnd;

/// <summary>
/// With the real kpt: a file is removed only when the AgentSet provably wrote it; forged
/// annotations and copies are kept, and two AgentSets of one name never remove each other's files.
/// </summary>
public sealed class KptOwnershipTests : IDisposable
{
    private readonly KptPackage _package = new();

    public void Dispose() => _package.Dispose();

    private static string Team(params string[] agents) => """
        apiVersion: agentset.dev/v1alpha1
        kind: AgentSet
        metadata:
          name: team
          namespace: agents
          annotations: {config.kubernetes.io/local-config: "true"}
        spec:

        """ + AgentSetYaml.DiscordAgents(agents);

    private const string Forged = """
        # Ours, though it carries the function's annotations.
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: web
          annotations:
            agentset.dev/owned-by: agents/team
            agentset.dev/agent: claude
        data: {k: v}

        """;

    [Fact]
    public void Kpt_fn_render_keeps_forged_and_copied_files_and_removes_only_its_own()
    {
        _package.Write("agentset.yaml", Team("claude", "kiro")).Write("web.yaml", Forged).Kptfile((Binary.Path, "agentset.yaml"));
        var run = _package.Render();
        Assert.True(run.ExitCode == 0, run.Output + run.Error);
        var copy = _package.Read("team/claude/deployment.yaml").Replace("name: team-claude\n", "name: custom\n", StringComparison.Ordinal);
        _package.Write("custom/deployment.yaml", copy);

        _package.Write("agentset.yaml", Team("kiro"));
        run = _package.Render();
        Assert.True(run.ExitCode == 0, run.Output + run.Error);
        Assert.False(_package.Exists("team/claude/deployment.yaml"));
        Assert.True(_package.Exists("team/kiro/deployment.yaml"));
        Assert.Equal(Forged, _package.Read("web.yaml"));
        Assert.Equal(copy, _package.Read("custom/deployment.yaml"));
        Assert.Contains("`web.yaml` (ConfigMap web) carries agentset.dev/owned-by: agents/team", run.Output + run.Error, StringComparison.Ordinal);
        Assert.Contains("`custom/deployment.yaml` (Deployment custom) carries agentset.dev/owned-by: agents/team", run.Output + run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Two_pipeline_steps_with_agentsets_of_one_name_keep_each_others_files()
    {
        _package.Write("a/agentset.yaml", Team("kiro")).Write("b/agentset.yaml", Team("claude"))
            .Kptfile((Binary.Path, "a/agentset.yaml"), (Binary.Path, "b/agentset.yaml"));
        var run = _package.Render();
        Assert.True(run.ExitCode == 0, run.Output + run.Error);
        Assert.True(_package.Exists("a/team/kiro/deployment.yaml"));
        Assert.True(_package.Exists("b/team/claude/deployment.yaml"));
        var rendered = _package.Files();

        Assert.Equal(0, _package.Render().ExitCode);
        Assert.Equal(rendered, _package.Files());
        // Once, without the pipeline: the same files, in the AgentSet's own directory.
        run = _package.Eval("b/agentset.yaml");
        Assert.True(run.ExitCode == 0, run.Output + run.Error);
        Assert.Equal(rendered, _package.Files());

        // Both with kiro: an error naming both files, and no file changes.
        _package.Write("b/agentset.yaml", Team("claude", "kiro"));
        var before = _package.Files();
        run = _package.Render();
        Assert.NotEqual(0, run.ExitCode);
        Assert.Contains("AgentSet agents/team in `a/agentset.yaml` and AgentSet agents/team in `b/agentset.yaml` both generate", run.Output + run.Error, StringComparison.Ordinal);
        Assert.Equal(before, _package.Files());
    }
}
