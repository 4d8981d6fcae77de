using AgentSetFn.Tests.Support;

namespace AgentSetFn.Tests.EndToEnd;

/// <summary>The real kpt binary running the function through --exec on a package in a temp dir.</summary>
public sealed class KptTests : IDisposable
{
    private readonly KptPackage _package = new();

    private const string UserManifest = """
        # The team's web app: not ours, must come back byte for byte.
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: web # inline comment
          labels: {tier: 'web'}
        data:
          script: |
            echo "hello"
          port: "8080"
        """;

    public KptTests()
    {
        _package.Write("agentset.yaml", FunctionRunner.Fixture("multi-agent")).Write("web.yaml", UserManifest + "\n");
    }

    public void Dispose() => _package.Dispose();

    [Fact]
    public void Kpt_fn_eval_exec_writes_the_agents_files_and_keeps_the_users_file()
    {
        var run = _package.Eval("agentset.yaml");
        Assert.True(run.ExitCode == 0, run.Output + run.Error);

        var files = _package.Files();
        Assert.Equal(UserManifest + "\n", files["web.yaml"]);
        foreach (var agent in new[] { "kiro", "claude", "codex", "gemini" })
        {
            Assert.Contains($"name: team-{agent}", files[$"team/{agent}/deployment.yaml"], StringComparison.Ordinal);
            Assert.Contains("config.toml: |", files[$"team/{agent}/configmap.yaml"], StringComparison.Ordinal);
        }

        // Rendering again changes nothing.
        Assert.Equal(0, _package.Eval("agentset.yaml").ExitCode);
        Assert.Equal(files, _package.Files());
    }

    [Fact]
    public void Kpt_fn_render_runs_the_function_from_a_kptfile_pipeline_and_prunes_removed_agents()
    {
        _package.Kptfile((Binary.Path, "agentset.yaml"));
        var run = _package.Render();
        Assert.True(run.ExitCode == 0, run.Output + run.Error);
        Assert.True(_package.Exists("team/gemini/deployment.yaml"));

        // Remove the gemini agent: its files go on the next render.
        var agentSet = _package.Read("agentset.yaml");
        _package.Write("agentset.yaml", agentSet[..agentSet.IndexOf("    gemini:", StringComparison.Ordinal)]);
        run = _package.Render();
        Assert.True(run.ExitCode == 0, run.Output + run.Error);
        Assert.False(_package.Exists("team/gemini/deployment.yaml"));
        Assert.True(_package.Exists("team/kiro/deployment.yaml"));
        Assert.Equal(UserManifest + "\n", _package.Read("web.yaml"));
    }

    [Fact]
    public void A_bad_agentset_fails_the_render_and_changes_no_file()
    {
        _package.Write("agentset.yaml", _package.Read("agentset.yaml").Replace("bucket: team-agents, region: eu-west-1}\n    claude", "bucket: \"\", region: eu-west-1}\n    claude", StringComparison.Ordinal));
        var before = _package.Files();
        var run = _package.Eval("agentset.yaml");
        Assert.NotEqual(0, run.ExitCode);
        Assert.Contains("spec.agents.kiro.persistence.s3.bucket", run.Output + run.Error, StringComparison.Ordinal);
        Assert.Equal(before, _package.Files());
    }
}
