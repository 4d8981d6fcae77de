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

    private const string OperatorAgentSet = AgentSetYaml.HeadInNamespace + """
          defaults:
            networkPolicy: {enabled: true}
          agents:
            kiro:
              discord:
                botTokenExternalSecret: {secretStoreRef: {name: vault}, remoteKey: agents/kiro}
                allowedChannels: ["123456789012345678"]
              persistence:
                s3:
                  enabled: true
                  bucket: agents
                  endpoint: http://10.0.12.5:9000
                  credentialsExternalSecret: {secretStoreRef: {name: vault}, remoteKey: agents/minio}
        """;

    [Fact]
    public void Kpt_fn_render_writes_network_policies_and_external_secrets_and_prunes_them_when_turned_off()
    {
        _package.Write("agentset.yaml", OperatorAgentSet).Kptfile((Binary.Path, "agentset.yaml"));
        var run = _package.Render();
        Assert.True(run.ExitCode == 0, run.Output + run.Error);
        Assert.Contains("kind: NetworkPolicy", _package.Read("team/kiro/networkpolicy.yaml"), StringComparison.Ordinal);
        Assert.Contains("cidr: 10.0.12.5/32", _package.Read("team/kiro/networkpolicy.yaml"), StringComparison.Ordinal);
        Assert.Contains("kind: ExternalSecret", _package.Read("team/kiro/externalsecret.yaml"), StringComparison.Ordinal);
        Assert.Contains("name: team-kiro-s3", _package.Read("team/kiro/externalsecret-s3.yaml"), StringComparison.Ordinal);
        Assert.False(_package.Exists("team/kiro/secret.yaml"));
        var rendered = _package.Files();
        Assert.Equal(0, _package.Render().ExitCode);
        Assert.Equal(rendered, _package.Files());

        // Back to a Secret reference, plain keys and no policy: the three files go, nothing else does.
        _package.Write("agentset.yaml", OperatorAgentSet
            .Replace("networkPolicy: {enabled: true}", "networkPolicy: {enabled: false}", StringComparison.Ordinal)
            .Replace("botTokenExternalSecret: {secretStoreRef: {name: vault}, remoteKey: agents/kiro}", "botTokenSecretRef: {name: discord, key: token}", StringComparison.Ordinal)
            .Replace("credentialsExternalSecret: {secretStoreRef: {name: vault}, remoteKey: agents/minio}", "credentialsSecret: minio-keys", StringComparison.Ordinal));
        run = _package.Render();
        Assert.True(run.ExitCode == 0, run.Output + run.Error);
        Assert.False(_package.Exists("team/kiro/networkpolicy.yaml"));
        Assert.False(_package.Exists("team/kiro/externalsecret.yaml"));
        Assert.False(_package.Exists("team/kiro/externalsecret-s3.yaml"));
        Assert.True(_package.Exists("team/kiro/deployment.yaml"));
        Assert.Contains("name: minio-keys", _package.Read("team/kiro/deployment.yaml"), StringComparison.Ordinal);
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
