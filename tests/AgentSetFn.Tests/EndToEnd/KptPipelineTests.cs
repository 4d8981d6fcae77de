using System.Text.RegularExpressions;
using AgentSetFn.Tests.Support;

namespace AgentSetFn.Tests.EndToEnd;

/// <summary>
/// The function inside real `kpt fn render` pipelines: the user's files survive exactly as an
/// identity function leaves them, re-renders are stable, renames and removals leave no orphan,
/// two AgentSets share a package, and results reach --results-dir.
/// </summary>
public sealed partial class KptPipelineTests : IDisposable
{
    private readonly List<KptPackage> _packages = [];

    public void Dispose() => _packages.ForEach(p => p.Dispose());

    private KptPackage NewPackage()
    {
        var package = new KptPackage();
        _packages.Add(package);
        return package;
    }

    private static string Fixture(string name) => FunctionRunner.Fixture(name);

    // What users really write: comments everywhere, flow maps, every quoting style, literal
    // and folded blocks, a multi-document file, a document separator with a comment, an
    // anchor, long lines, a list indented under its key.
    private static readonly Dictionary<string, string> UserFiles = new()
    {
        ["web/deployment.yaml"] = """
            # The team's web app.
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: web   # wide inline comment
              labels: {app: web, tier: 'frontend'}
              annotations:
                note: "double \"quoted\" value"
                single: 'it''s single'
            spec:
              replicas: 2
              selector:
                matchLabels: {app: web}
              template:
                metadata:
                  labels: {app: web}
                spec:
                  containers:
                    - name: web
                      image: nginx:1.27
                      args: ["--port", "8080"]
                      env:
                        - name: GREETING
                          value: >-
                            folded text
                            on two lines
                        - name: LONG
                          value: "a very long line that goes on and on well past eighty characters so that nobody could fold it by accident"
            """,
        ["web/config.yaml"] = """
            apiVersion: v1
            kind: ConfigMap
            metadata:
              name: web-config
            data:
              nginx.conf: |
                server {
                  listen 8080;   # keep this spacing
                }
              empty: ""
              number: "0042"
              yes: "yes"
            ---
            # Second document: a Service.
            apiVersion: v1
            kind: Service
            metadata: {name: web}
            spec:
              ports: [{port: 80, targetPort: 8080}]
              selector: &sel {app: web}
            """,
        ["ns.yml"] = """
            apiVersion: v1
            kind: Namespace
            metadata:
              name: agents
              labels:
                pod-security.kubernetes.io/enforce: restricted
            """,
    };

    private KptPackage UserPackage(string exec, string agentSet)
    {
        var package = NewPackage().Kptfile((exec, "agentset.yaml")).Write("agentset.yaml", agentSet);
        foreach (var (path, text) in UserFiles) package.Write(path, text + "\n");
        return package;
    }

    [Fact]
    public void After_render_the_users_files_are_byte_identical_to_an_identity_pipeline()
    {
        var agentSet = Fixture("multi-agent");
        var identity = UserPackage("cat", agentSet);
        var ours = UserPackage(Binary.Path, agentSet);

        Assert.True(identity.Render() is { ExitCode: 0 } a, "kpt with cat failed");
        var run = ours.Render();
        Assert.True(run.ExitCode == 0, run.Output + run.Error);

        var expected = identity.Files();
        var actual = ours.Files();
        foreach (var (path, text) in expected.Where(f => f.Key != "Kptfile"))
            Assert.True(actual.TryGetValue(path, out var mine) && mine == text, $"{path} differs from the identity pipeline:\n{Golden.Diff(text, mine ?? "")}");
        var generated = actual.Keys.Except(expected.Keys).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(
            new[] { "claude", "codex", "gemini", "kiro" }.SelectMany(agent =>
                new[] { "configmap", "deployment" }.Select(kind => $"team/{agent}/{kind}.yaml")).Order(StringComparer.Ordinal),
            generated);

        // A second render changes no byte anywhere.
        Assert.Equal(0, ours.Render().ExitCode);
        Assert.Equal(actual, ours.Files());
    }

    [GeneratedRegex(@"^\s*(- )?[\w./-]+: [\[{].*[^\]}\s]")]
    private static partial Regex FlowCollectionWithContent();

    [Fact]
    public void Generated_files_are_block_style_with_two_space_indents_and_carry_no_function_metadata()
    {
        var package = UserPackage(Binary.Path, Fixture("multi-agent").Replace("metadata:\n", """
            metadata:
              annotations:
                config.kubernetes.io/local-config: "true"
                config.kubernetes.io/function: |
                  exec:
                    path: agentset
                team.example/owner: platform

            """, StringComparison.Ordinal));
        Assert.Equal(0, package.Render().ExitCode);

        foreach (var (path, text) in package.Files().Where(f => f.Key.StartsWith("team/", StringComparison.Ordinal)))
        {
            Assert.DoesNotContain("local-config", text, StringComparison.Ordinal);
            Assert.DoesNotContain("config.kubernetes.io/function", text, StringComparison.Ordinal);
            Assert.DoesNotContain("team.example/owner", text, StringComparison.Ordinal);
            Assert.DoesNotContain("config.k8s.io/id", text, StringComparison.Ordinal);
            Assert.DoesNotContain("internal.config.kubernetes.io", text, StringComparison.Ordinal);
            Assert.StartsWith("apiVersion: ", text, StringComparison.Ordinal);
            foreach (var line in text.Split('\n'))
            {
                var indent = line.Length - line.TrimStart(' ').Length;
                Assert.True(indent % 2 == 0, $"{path}: odd indent in `{line}`");
                Assert.DoesNotMatch(FlowCollectionWithContent(), line);
                Assert.DoesNotContain("\t", line, StringComparison.Ordinal);
            }
        }
    }

    [Fact]
    public void Renaming_an_agent_leaves_no_orphan_files()
    {
        var package = UserPackage(Binary.Path, Fixture("multi-agent"));
        Assert.Equal(0, package.Render().ExitCode);
        Assert.True(package.Exists("team/gemini/deployment.yaml"));

        package.Write("agentset.yaml", package.Read("agentset.yaml").Replace("    gemini:", "    gemini-pro:", StringComparison.Ordinal));
        var run = package.Render();
        Assert.True(run.ExitCode == 0, run.Output + run.Error);
        // kpt deletes the files (it may leave the empty directory behind).
        Assert.DoesNotContain(package.Files().Keys, k => k.StartsWith("team/gemini/", StringComparison.Ordinal));
        Assert.Contains("name: team-gemini-pro", package.Read("team/gemini-pro/deployment.yaml"), StringComparison.Ordinal);
        Assert.Equal(8, package.Files().Keys.Count(k => k.StartsWith("team/", StringComparison.Ordinal)));
    }

    [Fact]
    public void Two_agentsets_in_one_package_never_touch_each_others_objects()
    {
        var package = NewPackage()
            .Kptfile((Binary.Path, "team.yaml"), (Binary.Path, "ops/agentset.yaml"))
            .Write("team.yaml", Fixture("multi-agent"))
            .Write("ops/agentset.yaml", Fixture("inline-token"));
        var run = package.Render();
        Assert.True(run.ExitCode == 0, run.Output + run.Error);
        Assert.True(package.Exists("team/kiro/deployment.yaml"));
        Assert.True(package.Exists("ops/dev/kiro/secret.yaml"));
        var opsFiles = package.Files().Where(f => f.Key.StartsWith("ops/dev/", StringComparison.Ordinal)).ToDictionary();

        // Drop an agent from the first set: only its files go; the second set's stay byte for byte.
        var team = package.Read("team.yaml");
        package.Write("team.yaml", team[..team.IndexOf("    gemini:", StringComparison.Ordinal)]);
        Assert.Equal(0, package.Render().ExitCode);
        Assert.False(package.Exists("team/gemini/deployment.yaml"));
        Assert.True(package.Exists("team/kiro/deployment.yaml"));
        Assert.Equal(opsFiles, package.Files().Where(f => f.Key.StartsWith("ops/dev/", StringComparison.Ordinal)).ToDictionary());
    }

    [Fact]
    public void Spec_output_directory_moves_the_generated_files_inside_the_package()
    {
        var agentSet = Fixture("kiro").Replace("spec:\n", "spec:\n  output: {directory: generated/bots}\n", StringComparison.Ordinal);
        var package = NewPackage().Kptfile((Binary.Path, "agents/agentset.yaml")).Write("agents/agentset.yaml", agentSet);
        var run = package.Render();
        Assert.True(run.ExitCode == 0, run.Output + run.Error);
        Assert.Equal(
            ["Kptfile", "agents/agentset.yaml", "agents/generated/bots/kiro/configmap.yaml", "agents/generated/bots/kiro/deployment.yaml"],
            package.Files().Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void A_users_file_where_a_generated_file_would_go_is_an_error_not_a_kpt_clash()
    {
        var package = UserPackage(Binary.Path, Fixture("multi-agent"))
            .Write("team/kiro/deployment.yaml", "# hand-written\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: mine\n");
        var before = package.Files();
        var run = package.Render();
        Assert.NotEqual(0, run.ExitCode);
        var text = run.Output + run.Error;
        Assert.Contains("`team/kiro/deployment.yaml` already holds ConfigMap mine", text, StringComparison.Ordinal);
        Assert.Contains("spec.output.directory", text, StringComparison.Ordinal);
        Assert.DoesNotContain("already exists", text, StringComparison.Ordinal);
        Assert.Equal(before, package.Files());
    }

    [Fact]
    public void Warnings_exit_0_and_reach_the_results_dir_with_field_and_file()
    {
        var package = NewPackage().Kptfile((Binary.Path, "agentset.yaml")).Write("agentset.yaml", Fixture("inline-token"));
        var results = Directory.CreateTempSubdirectory("agentset-results-").FullName;
        try
        {
            var run = package.Render("--results-dir", results);
            Assert.True(run.ExitCode == 0, run.Output + run.Error);
            var text = File.ReadAllText(Assert.Single(Directory.GetFiles(results)));
            Assert.Contains("severity: warning", text, StringComparison.Ordinal);
            Assert.Contains("path: spec.agents.kiro.discord.botToken", text, StringComparison.Ordinal);
            Assert.Contains("path: agentset.yaml", text, StringComparison.Ordinal);
            Assert.DoesNotContain("not-a-real-token", text, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(results, recursive: true);
        }
    }

    [Fact]
    public void An_error_fails_render_with_exit_1_and_the_results_in_the_results_dir()
    {
        var package = NewPackage().Kptfile((Binary.Path, "agentset.yaml"))
            .Write("agentset.yaml", Fixture("kiro").Replace("bucket: agent-logins", "bucket: Not_A_Bucket", StringComparison.Ordinal));
        var results = Directory.CreateTempSubdirectory("agentset-results-").FullName;
        try
        {
            var run = package.Render("--results-dir", results);
            Assert.Equal(1, run.ExitCode);
            var text = File.ReadAllText(Assert.Single(Directory.GetFiles(results)));
            Assert.Contains("severity: error", text, StringComparison.Ordinal);
            Assert.Contains("path: spec.agents.kiro.persistence.s3.bucket", text, StringComparison.Ordinal);
            Assert.Contains("exitCode: 1", text, StringComparison.Ordinal);
            Assert.False(Directory.Exists(package.PathOf("team")));
        }
        finally
        {
            Directory.Delete(results, recursive: true);
        }
    }

    [Fact]
    public void Key_value_arguments_give_a_configmap_and_a_clear_error()
    {
        var package = NewPackage().Write("agentset.yaml", Fixture("kiro"));
        var run = KptPackage.Kpt("fn", "eval", package.Root, "--exec", Binary.Path, "--", "agents=kiro");
        Assert.NotEqual(0, run.ExitCode);
        Assert.Contains("the functionConfig is a ConfigMap; this function needs an AgentSet", run.Output + run.Error, StringComparison.Ordinal);
        Assert.Equal(["agentset.yaml"], package.Files().Keys);
    }
}
