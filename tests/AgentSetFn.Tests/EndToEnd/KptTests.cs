using AgentSetFn.Tests.Support;

namespace AgentSetFn.Tests.EndToEnd;

/// <summary>The real kpt binary running the function through --exec on a package in a temp dir.</summary>
public sealed class KptTests : IDisposable
{
    private readonly string _package = Directory.CreateTempSubdirectory("agentset-kpt-").FullName;

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
        File.Copy(Path.Combine(Repo.Fixtures, "multi-agent", "agentset.yaml"), Path.Combine(_package, "agentset.yaml"));
        File.WriteAllText(Path.Combine(_package, "web.yaml"), UserManifest + "\n");
    }

    public void Dispose() => Directory.Delete(_package, recursive: true);

    private static RunResult Kpt(params string[] args) => Binary.Exec("kpt", null, null, args);

    private Dictionary<string, string> Files() =>
        Directory.GetFiles(_package, "*", SearchOption.AllDirectories)
            .ToDictionary(f => Path.GetRelativePath(_package, f), File.ReadAllText);

    [Fact]
    public void Kpt_fn_eval_exec_writes_the_agents_files_and_keeps_the_users_file()
    {
        var run = Kpt("fn", "eval", _package, "--exec", Binary.Path, "--fn-config", Path.Combine(_package, "agentset.yaml"));
        Assert.True(run.ExitCode == 0, run.Output + run.Error);

        var files = Files();
        Assert.Equal(UserManifest + "\n", files["web.yaml"]);
        foreach (var agent in new[] { "kiro", "claude", "codex", "gemini" })
        {
            Assert.Contains($"name: team-{agent}", files[$"team/{agent}/deployment.yaml"], StringComparison.Ordinal);
            Assert.Contains("config.toml: |", files[$"team/{agent}/configmap.yaml"], StringComparison.Ordinal);
        }

        // Rendering again changes nothing.
        var again = Kpt("fn", "eval", _package, "--exec", Binary.Path, "--fn-config", Path.Combine(_package, "agentset.yaml"));
        Assert.Equal(0, again.ExitCode);
        Assert.Equal(files, Files());
    }

    [Fact]
    public void Kpt_fn_render_runs_the_function_from_a_kptfile_pipeline_and_prunes_removed_agents()
    {
        File.WriteAllText(Path.Combine(_package, "Kptfile"), $"""
            apiVersion: kpt.dev/v1
            kind: Kptfile
            metadata:
              name: agents
              annotations:
                config.kubernetes.io/local-config: "true"
            pipeline:
              mutators:
              - exec: {Binary.Path}
                configPath: agentset.yaml
            """);
        var run = Kpt("fn", "render", _package, "--allow-exec");
        Assert.True(run.ExitCode == 0, run.Output + run.Error);
        Assert.True(File.Exists(Path.Combine(_package, "team", "gemini", "deployment.yaml")));

        // Remove the gemini agent: its files go on the next render.
        var agentSet = File.ReadAllText(Path.Combine(_package, "agentset.yaml"));
        var cut = agentSet.IndexOf("    gemini:", StringComparison.Ordinal);
        File.WriteAllText(Path.Combine(_package, "agentset.yaml"), agentSet[..cut]);
        run = Kpt("fn", "render", _package, "--allow-exec");
        Assert.True(run.ExitCode == 0, run.Output + run.Error);
        Assert.False(File.Exists(Path.Combine(_package, "team", "gemini", "deployment.yaml")));
        Assert.True(File.Exists(Path.Combine(_package, "team", "kiro", "deployment.yaml")));
        Assert.Equal(UserManifest + "\n", File.ReadAllText(Path.Combine(_package, "web.yaml")));
    }

    [Fact]
    public void A_bad_agentset_fails_the_render_and_changes_no_file()
    {
        var path = Path.Combine(_package, "agentset.yaml");
        File.WriteAllText(path, File.ReadAllText(path).Replace("bucket: team-agents, region: eu-west-1}\n    claude", "bucket: \"\", region: eu-west-1}\n    claude", StringComparison.Ordinal));
        var before = Files();
        var run = Kpt("fn", "eval", _package, "--exec", Binary.Path, "--fn-config", path);
        Assert.NotEqual(0, run.ExitCode);
        Assert.Contains("spec.agents.kiro.persistence.s3.bucket", run.Output + run.Error, StringComparison.Ordinal);
        Assert.Equal(before, Files());
    }
}
