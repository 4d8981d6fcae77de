using KrmFn;
using AgentSetFn.Tests.Support;
using YamlDotNet.RepresentationModel;
using static AgentSetFn.Tests.Support.Output;

namespace AgentSetFn.Tests.Krm;

/// <summary>
/// An item is replaced or removed only when it is provably a file this AgentSet wrote; anything
/// else that carries its owner annotation is kept and reported. AgentSets of one package never
/// remove each other's files, and collide with an error naming both files.
/// </summary>
public class OwnershipTests
{
    private static string Team(params string[] agents) => """
        apiVersion: agentset.dev/v1alpha1
        kind: AgentSet
        metadata: {name: team, namespace: agents}
        spec:

          agents:

        """ + string.Concat(agents.Select(a => $"    {a}:\n      discord: {{botTokenSecretRef: {{name: t, key: {a}}}, allowedChannels: [\"123456789012345678\"]}}\n"));

    /// <summary>A resource as kpt sends it: with its file's path and index.</summary>
    private static string At(string path, string yaml)
    {
        var resource = (YamlMappingNode)ResourceListIo.ParseDocuments(yaml)[0];
        var annotations = ResourceAnnotations.Ensure(resource);
        foreach (var key in new[] { "config.kubernetes.io/path", "internal.config.kubernetes.io/path" })
        {
            annotations.Children.Remove(new YamlScalarNode(key));
            annotations.Add(key, path);
        }
        return ResourceListIo.Emit([resource]);
    }

    private static string[] Texts(IEnumerable<YamlNode> items) => items.Select(i => ResourceListIo.Emit([i])).ToArray();

    /// <summary>One step of a pipeline: the AgentSet at <paramref name="path"/> over the package's items.</summary>
    private static (RunResult Run, Output Output) Step(string agentSet, string path, params string[] items)
    {
        var run = FunctionRunner.Run(FunctionRunner.ResourceList(agentSet, path, items));
        return (run, new Output(run.Output));
    }

    private static List<string> Paths(Output output) =>
        output.Items.Select(i => Str(i, "metadata", "annotations", "internal.config.kubernetes.io/path") ?? "").ToList();

    /// <summary>The warnings about kept items that name this set as their owner.</summary>
    private static List<string> Warnings(Output output) => output.ResultsOf("warning").Select(r => Str(r, "message")!)
        .Where(m => m.Contains(" carries agentset.dev/owned-by: ", StringComparison.Ordinal)).ToList();

    [Fact]
    public void A_users_file_with_a_forged_owner_annotation_is_kept_with_a_warning_naming_it()
    {
        var forged = At("web.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: web\n  annotations: {agentset.dev/owned-by: agents/team, agentset.dev/agent: kiro}\ndata: {k: v}\n");
        var (run, output) = Step(Team("kiro"), "agentset.yaml", forged);

        Assert.True(run.ExitCode == 0, run.Output);
        Assert.Contains("web.yaml", Paths(output));
        var warning = Assert.Single(output.ResultsOf("warning"), r => Str(r, "file", "path") == "web.yaml");
        Assert.StartsWith("`web.yaml` (ConfigMap web) carries agentset.dev/owned-by: agents/team but is not a file this AgentSet wrote", Str(warning, "message"), StringComparison.Ordinal);
        Assert.Equal("web", Str(warning, "resourceRef", "name"));
    }

    [Fact]
    public void A_kptfile_with_a_forged_owner_annotation_is_kept_with_a_warning()
    {
        var kptfile = At("Kptfile", "apiVersion: kpt.dev/v1\nkind: Kptfile\nmetadata:\n  name: agents\n  annotations: {agentset.dev/owned-by: agents/team, config.kubernetes.io/local-config: \"true\"}\n");
        var (run, output) = Step(Team("kiro"), "agentset.yaml", kptfile);

        Assert.True(run.ExitCode == 0, run.Output);
        Assert.Single(output.OfKind("Kptfile"));
        Assert.Contains(Warnings(output), w => w.StartsWith("`Kptfile` (Kptfile agents) carries agentset.dev/owned-by: agents/team", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("custom/deployment.yaml")]       // copied out as the start of a hand-written file
    [InlineData("team/kiro/deployment-old.yaml")] // next to the generated one, under another name
    [InlineData("team/old/deployment.yaml")]      // into another agent's directory, annotations unchanged
    [InlineData("team/kiro/secret.yaml")]         // at the file name of another kind
    public void A_copied_generated_file_at_another_path_is_kept_with_a_warning(string copyPath)
    {
        var (_, first) = Step(Team("kiro"), "agentset.yaml");
        var deployment = ResourceListIo.Emit([first.Single("Deployment", "team-kiro")]);
        var copy = At(copyPath, deployment.Replace("name: team-kiro\n", "name: custom\n", StringComparison.Ordinal));

        // The kiro agent removed: its own files go, the copy stays.
        var (run, output) = Step(Team("claude"), "agentset.yaml", [.. Texts(first.Items), copy]);
        Assert.Contains(copyPath, Paths(output));
        Assert.DoesNotContain("team/kiro/deployment.yaml", Paths(output));
        Assert.Contains(Warnings(output), w => w.StartsWith($"`{copyPath}` (Deployment custom) carries agentset.dev/owned-by: agents/team", StringComparison.Ordinal));
        Assert.True(run.ExitCode == 0, run.Output);
    }

    [Fact]
    public void A_copy_that_keeps_a_generated_name_is_an_error_not_a_deletion()
    {
        var (_, first) = Step(Team("kiro"), "agentset.yaml");
        var copy = At("custom/deployment.yaml", ResourceListIo.Emit([first.Single("Deployment", "team-kiro")]));
        var input = FunctionRunner.ResourceList(Team("kiro"), "agentset.yaml", [.. Texts(first.Items), copy]);

        var run = FunctionRunner.Run(input);
        Assert.Equal(1, run.ExitCode);
        var output = new Output(run.Output);
        Assert.Contains(output.ResultsOf("error"), e => Str(e, "message")!.Contains("in `custom/deployment.yaml`", StringComparison.Ordinal));
        Assert.Equal(first.Items.Count + 1, output.Items.Count); // everything comes back
    }

    [Fact]
    public void Two_agentsets_of_one_name_in_two_directories_keep_each_others_files()
    {
        var a = At("a/agentset.yaml", Team("kiro"));
        var b = At("b/agentset.yaml", Team("claude"));

        var (runA, afterA) = Step(Team("kiro"), "a/agentset.yaml", a, b);
        Assert.True(runA.ExitCode == 0, runA.Output);
        var (runB, afterB) = Step(Team("claude"), "b/agentset.yaml", Texts(afterA.Items));
        Assert.True(runB.ExitCode == 0, runB.Output);
        var (runA2, afterA2) = Step(Team("kiro"), "a/agentset.yaml", Texts(afterB.Items));
        Assert.True(runA2.ExitCode == 0, runA2.Output);

        foreach (var output in new[] { afterB, afterA2 })
        {
            var paths = Paths(output);
            Assert.Contains("a/team/kiro/deployment.yaml", paths);
            Assert.Contains("b/team/claude/deployment.yaml", paths);
            Assert.Empty(Warnings(output));
        }
        Assert.Equal(Texts(afterB.Items).Order(StringComparer.Ordinal), Texts(afterA2.Items).Order(StringComparer.Ordinal));

        // The second set replaces its agent: only its own files go.
        var (runB2, afterB2) = Step(Team("gemini"), "b/agentset.yaml", Texts(afterA2.Items));
        Assert.True(runB2.ExitCode == 0, runB2.Output);
        Assert.Contains("a/team/kiro/deployment.yaml", Paths(afterB2));
        Assert.DoesNotContain("b/team/claude/deployment.yaml", Paths(afterB2));
    }

    [Fact]
    public void Agentsets_that_generate_the_same_object_are_an_error_naming_both_files()
    {
        var a = At("a/agentset.yaml", Team("kiro"));
        var b = At("b/agentset.yaml", Team("kiro", "claude"));
        foreach (var (self, path) in new[] { (Team("kiro"), "a/agentset.yaml"), (Team("kiro", "claude"), "b/agentset.yaml") })
        {
            var (run, output) = Step(self, path, a, b);
            Assert.Equal(1, run.ExitCode);
            var error = Assert.Single(output.ResultsOf("error"));
            var other = path == "a/agentset.yaml" ? "b/agentset.yaml" : "a/agentset.yaml";
            Assert.Equal($"AgentSet agents/team in `{path}` and AgentSet agents/team in `{other}` both generate ConfigMap agents/team-kiro (agent `kiro` and agent `kiro`); rename one of the agents or AgentSets", Str(error, "message"));
            Assert.Equal(path, Str(error, "file", "path"));
            Assert.Equal(2, output.Items.Count); // untouched, nothing generated
        }
    }

    /// <summary>Two AgentSets of one package whose agents keep their logins in one place: whichever runs, the render fails, as `agentset render` does with both.</summary>
    [Fact]
    public void Agentsets_of_one_package_sharing_a_login_place_are_an_error_whichever_runs()
    {
        static string WithS3(string name, string agent) => $$$"""
            apiVersion: agentset.dev/v1alpha1
            kind: AgentSet
            metadata: {name: {{{name}}}, namespace: agents}
            spec:
              agents:
                {{{agent}}}:
                  discord: {botTokenSecretRef: {name: t, key: k}, allowedChannels: ["123456789012345678"]}
                  persistence: {s3: {enabled: true, bucket: logins, region: eu-west-1, credentialsSecret: s3, prefix: shared/p}}

            """;
        var alpha = WithS3("alpha", "codex");
        var beta = WithS3("beta", "codex");
        foreach (var (self, path) in new[] { (alpha, "a/agentset.yaml"), (beta, "b/agentset.yaml") })
        {
            var (run, output) = Step(self, path, At("a/agentset.yaml", alpha), At("b/agentset.yaml", beta));
            Assert.Equal(1, run.ExitCode);
            var error = Assert.Single(output.ResultsOf("error"));
            Assert.Contains("s3://logins/shared/p", Str(error, "message"), StringComparison.Ordinal);
            Assert.Equal(2, output.Items.Count); // untouched, nothing generated
        }
    }

    [Fact]
    public void Agentsets_whose_names_run_together_are_an_error_before_either_has_rendered()
    {
        // Set `a` with agent `b-c` and set `a-b` with agent `c` both make a-b-c.
        const string setA = "apiVersion: agentset.dev/v1alpha1\nkind: AgentSet\nmetadata: {name: a}\nspec:\n  agents:\n    b-c: {discord: {botTokenSecretRef: {name: t, key: k}, allowedChannels: [\"123456789012345678\"]}}\n";
        var setAB = setA.Replace("name: a}", "name: a-b}", StringComparison.Ordinal).Replace("b-c:", "c:", StringComparison.Ordinal);
        var (run, output) = Step(setA, "a.yaml", At("a.yaml", setA), At("ab.yaml", setAB));
        Assert.Equal(1, run.ExitCode);
        Assert.Contains("AgentSet /a in `a.yaml` and AgentSet /a-b in `ab.yaml` both generate ConfigMap a-b-c", Str(Assert.Single(output.ResultsOf("error")), "message"), StringComparison.Ordinal);
    }

    [Fact]
    public void Two_agentsets_of_one_name_writing_to_one_directory_are_an_error()
    {
        // No object in common, but each would take the other's files for its own removed agents.
        var a = At("first.yaml", Team("kiro"));
        var b = At("second.yaml", Team("claude"));
        var (run, output) = Step(Team("kiro"), "first.yaml", a, b);
        Assert.Equal(1, run.ExitCode);
        Assert.Equal("AgentSet agents/team in `first.yaml` and AgentSet agents/team in `second.yaml` both write their files to `team/`: each would remove the other's files; give one of them another name or spec.output.directory",
            Str(Assert.Single(output.ResultsOf("error")), "message"));

        var apart = Team("claude").Replace("spec:\n", "spec:\n  output: {directory: team-claude}\n", StringComparison.Ordinal);
        var (fine, _) = Step(Team("kiro"), "first.yaml", a, At("second.yaml", apart));
        Assert.True(fine.ExitCode == 0, fine.Output);
    }

    [Fact]
    public void Without_a_path_on_the_functionConfig_the_packages_copy_says_where_its_files_go()
    {
        // kpt fn eval --fn-config sends the AgentSet without its path; the package holds it at sub/.
        var inPackage = At("sub/agentset.yaml", Team("kiro"));
        var (_, rendered) = Step(Team("kiro"), "sub/agentset.yaml", inPackage);
        Assert.Contains("sub/team/kiro/deployment.yaml", Paths(rendered));

        var list = (YamlMappingNode)ResourceListIo.ParseDocuments(FunctionRunner.ResourceList(Team("kiro"), "x", Texts(rendered.Items)))[0];
        ResourceAnnotations.Of((YamlMappingNode)list.Children["functionConfig"])!.Children.Clear();
        var run = FunctionRunner.Run(ResourceListIo.Emit([list]));
        Assert.True(run.ExitCode == 0, run.Output);
        Assert.Equal(Texts(rendered.Items), Texts(new Output(run.Output).Items));
    }

    [Theory]
    [InlineData("Secret", "secret", true)]
    [InlineData("Secret", "secret-gateway", true)]
    [InlineData("ExternalSecret", "externalsecret", true)]
    [InlineData("ExternalSecret", "externalsecret-s3", true)]
    [InlineData("ExternalSecret", "externalsecret-stt-api-key", true)]
    [InlineData("Deployment", "deployment", true)]
    // Only the names the function gives its files: a copy under another name is the user's.
    [InlineData("Deployment", "deployment-gateway", true)]
    [InlineData("Secret", "secret-old", false)]
    [InlineData("ExternalSecret", "externalsecret-old", false)]
    [InlineData("ConfigMap", "configmap-x", false)]
    [InlineData("Secret", "secret-", false)]
    [InlineData("Secret", "secret-a b", false)]
    [InlineData("Secret", "secretx", false)]
    [InlineData("Secret", "configmap", false)]
    [InlineData("Service", "service", true)]
    [InlineData("Service", "service-gateway", true)]
    [InlineData("Service", "service-old", false)]
    public void A_file_is_the_functions_for_a_kind_by_the_names_the_function_gives_it(string kind, string fileName, bool expected)
    {
        Assert.Equal(expected, AgentSetFn.Rendering.ObjectMetadata.IsFileOf(kind, fileName));
    }

    public static TheoryData<string> Fixtures => new(Repo.FixtureNames);

    /// <summary>
    /// Every file the function writes is one it knows as its own, so the next render replaces or
    /// removes it: the file names it gives (ExternalSecrets of every secret value included) and the
    /// names it recognises are the same.
    /// </summary>
    [Theory]
    [MemberData(nameof(Fixtures))]
    public void Every_file_the_function_writes_is_known_as_its_own(string name)
    {
        var output = new Output(FunctionRunner.RunKrm(FunctionRunner.Fixture(name)).Output);
        foreach (var item in output.Items)
        {
            var path = Str(item, "metadata", "annotations", "config.kubernetes.io/path")!;
            var file = Path.GetFileNameWithoutExtension(path);
            Assert.True(AgentSetFn.Rendering.ObjectMetadata.IsFileOf(Str(item, "kind")!, file), $"{name}: {path}");
        }
    }

    [Fact]
    public void Every_fixtures_output_is_recognised_as_its_own_on_the_next_run()
    {
        foreach (var fixture in Repo.FixtureNames)
        {
            var agentSet = FunctionRunner.Fixture(fixture);
            var (first, once) = Step(agentSet, "pkg/agentset.yaml", At("pkg/agentset.yaml", agentSet));
            Assert.True(first.ExitCode == 0, fixture + first.Output);
            var (second, twice) = Step(agentSet, "pkg/agentset.yaml", Texts(once.Items));
            Assert.True(second.ExitCode == 0, fixture + second.Output);
            Assert.Equal(Texts(once.Items), Texts(twice.Items));
            Assert.Empty(Warnings(twice));
        }
    }
}
