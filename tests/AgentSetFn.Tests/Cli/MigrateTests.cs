using AgentSetFn.Tests.Support;

namespace AgentSetFn.Tests.Cli;

/// <summary>`agentset migrate`: both forms of the Helm chart's values become a valid AgentSet.</summary>
public sealed class MigrateTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("agentset-migrate-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    public static TheoryData<string> Forms => new(["migrate-single", "migrate-agents", "migrate-options"]);

    // Run in the repository root: the header names the file as given.
    private static RunResult Migrate(string form) =>
        Binary.Run(null, Repo.Root, "migrate", $"fixtures/{form}/values.yaml", "--name", "team", "-n", "agents");

    [Theory]
    [MemberData(nameof(Forms))]
    public void Values_migrate_to_the_expected_agentset(string form)
    {
        var run = Migrate(form);
        Assert.Equal(0, run.ExitCode);
        Golden.AssertMatches(Path.Combine(Repo.Fixtures, form, "expected.yaml"), run.Output);
    }

    [Theory]
    [MemberData(nameof(Forms))]
    public void The_migrated_agentset_validates_renders_and_never_carries_the_token(string form)
    {
        var migrated = File.ReadAllText(Path.Combine(Repo.Fixtures, form, "expected.yaml"));
        var file = Path.Combine(_dir, "agentset.yaml");
        File.WriteAllText(file, migrated);
        var render = Binary.Run(null, null, "render", file);
        Assert.True(render.ExitCode == 0, render.Error);
        Assert.Contains("kind: Deployment", render.Output, StringComparison.Ordinal);

        var run = Binary.Run(null, Repo.Root, "migrate", Path.Combine("fixtures", form, "values.yaml"));
        Assert.Equal(0, run.ExitCode);
        Assert.DoesNotContain("not-a-real-token", run.Output + run.Error, StringComparison.Ordinal);
        Assert.Contains("botToken: not copied", run.Error, StringComparison.Ordinal);
        // Every note is both a comment in the output and a warning on stderr.
        foreach (var line in run.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries))
            Assert.Contains("#   - " + line[(line.IndexOf("not carried over: ", StringComparison.Ordinal) + "not carried over: ".Length)..], run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void The_single_agent_preset_picks_the_cli_and_the_agents_map_keeps_its_keys()
    {
        {
            var single = new Output(FunctionRunner.RunKrm(Migrate("migrate-single").Output).Output);
            var claude = single.Single("Deployment", "team-claude");
            Assert.Contains(Output.Seq(claude, "spec", "template", "spec", "containers"), c => Output.Str(c, "image")!.StartsWith("ghcr.io/openabdev/openab-claude:", StringComparison.Ordinal));
            var map = new Output(FunctionRunner.RunKrm(Migrate("migrate-agents").Output).Output);
            Assert.Equal(["team-kiro"], map.OfKind("Deployment").Select(d => Output.Str(d, "metadata", "name")));
            var volumes = Output.Seq(map.Single("Deployment", "team-kiro"), "spec", "template", "spec", "volumes");
            Assert.Contains(volumes, v => Output.Str(v, "persistentVolumeClaim", "claimName") == "openab-kiro");
        }
    }

    [Fact]
    public void A_file_that_is_not_a_values_mapping_is_an_error()
    {
        var file = Path.Combine(_dir, "list.yaml");
        File.WriteAllText(file, "- a\n- b\n");
        var run = FunctionRunner.Run("", "migrate", file);
        Assert.Equal(1, run.ExitCode);
        Assert.Contains("a Helm values file is one YAML mapping", run.Error, StringComparison.Ordinal);
        Assert.Equal("", run.Output);
    }
}
