using AgentSetFn.Tests.Support;

namespace AgentSetFn.Tests.Cli;

/// <summary>The executable itself: the KRM protocol on stdin/stdout and the file commands.</summary>
public sealed class CliTests : IDisposable
{
    private readonly TempDirectory _dir = new("agentset-cli-");

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void As_a_krm_function_the_binary_gives_the_same_output_as_the_core()
    {
        var input = FunctionRunner.ResourceList(FunctionRunner.Fixture("multi-agent"));
        var run = Binary.Run(input, null);
        Assert.Equal(0, run.ExitCode);
        Assert.Equal(File.ReadAllText(Path.Combine(Repo.Fixtures, "multi-agent", "expected.yaml")), run.Output);
        Assert.Equal(run.Output, Binary.Run(input, null).Output);
    }

    [Fact]
    public void Render_prints_a_yaml_stream_of_the_generated_objects()
    {
        var run = Binary.Run(null, null, "render", Path.Combine(Repo.Fixtures, "multi-agent", "agentset.yaml"));
        Assert.Equal(0, run.ExitCode);
        var documents = Output.Documents(run.Output);
        Assert.Equal(8, documents.Count);
        Assert.DoesNotContain("config.kubernetes.io/path", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_to_a_directory_writes_one_file_per_object()
    {
        var output = Path.Combine(_dir, "out");
        var run = Binary.Run(null, null, "render", Path.Combine(Repo.Fixtures, "inline-token", "agentset.yaml"), "-o", output);
        Assert.Equal(0, run.ExitCode);
        var files = Directory.GetFiles(output, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(output, f)).Order(StringComparer.Ordinal);
        Assert.Equal(["dev/kiro/configmap.yaml", "dev/kiro/deployment.yaml", "dev/kiro/secret.yaml"], files);
        Assert.Contains("warning:", run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("not-a-real-token", run.Error, StringComparison.Ordinal);
    }

    /// <summary>A usage error is an error: exit 1, the message and the help on stderr, nothing on stdout (where a pipe would read it as output).</summary>
    [Theory]
    [InlineData("checklist", "agentset.yaml", "-o", "yaml")]
    [InlineData("render", "agentset.yaml", "-o")]
    [InlineData("schema", "--crd", "extra")]
    public void A_usage_error_writes_nothing_on_stdout(params string[] args)
    {
        var run = Binary.Run(null, Path.Combine(Repo.Fixtures, "kiro"), args);
        Assert.Equal(1, run.ExitCode);
        Assert.Equal("", run.Output);
        Assert.Contains("Usage:", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void On_any_error_nothing_is_written_and_the_exit_code_is_1()
    {
        var good = Path.Combine(Repo.Fixtures, "kiro", "agentset.yaml");
        var bad = Path.Combine(_dir, "bad.yaml");
        File.WriteAllText(bad, File.ReadAllText(good).Replace("bucket: agent-logins", "bucket: \"\"", StringComparison.Ordinal));
        var output = Path.Combine(_dir, "out");

        var run = Binary.Run(null, null, "render", good, bad, "-o", output);
        Assert.Equal(1, run.ExitCode);
        Assert.False(Directory.Exists(output));
        Assert.Contains($"spec.agents.kiro.persistence.s3.bucket ({bad})", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_to_stdout_prints_nothing_when_a_later_AgentSet_is_invalid()
    {
        // Objects are rendered and printed one by one, but only after every AgentSet was checked.
        var good = Path.Combine(Repo.Fixtures, "multi-agent", "agentset.yaml");
        var bad = Path.Combine(_dir, "bad.yaml");
        File.WriteAllText(bad, File.ReadAllText(Path.Combine(Repo.Fixtures, "kiro", "agentset.yaml")).Replace("bucket: agent-logins", "bucket: \"\"", StringComparison.Ordinal));
        var run = Binary.Run(null, null, "render", good, bad);
        Assert.Equal(1, run.ExitCode);
        Assert.Equal("", run.Output);
    }

    [Theory]
    [InlineData("missing.yaml", "missing.yaml")]
    [InlineData("not yaml", "not valid YAML")]
    [InlineData("duplicate", "duplicate key `bucket`")]
    [InlineData("deep", "nested more than 1000 levels deep")]
    public void On_unreadable_input_nothing_is_written(string kind, string expected)
    {
        var file = Path.Combine(_dir, "in.yaml");
        var kiro = File.ReadAllText(Path.Combine(Repo.Fixtures, "kiro", "agentset.yaml"));
        switch (kind)
        {
            case "missing.yaml": file = Path.Combine(_dir, "missing.yaml"); break;
            case "not yaml": File.WriteAllText(file, "spec: [unclosed"); break;
            case "duplicate": File.WriteAllText(file, kiro.Replace("bucket: agent-logins", "bucket: agent-logins\n          bucket: other", StringComparison.Ordinal)); break;
            default: File.WriteAllText(file, kiro + "\nx: " + new string('[', 5000)); break;
        }
        var output = Path.Combine(_dir, "out");
        var run = Binary.Run(null, null, "render", Path.Combine(Repo.Fixtures, "kiro", "agentset.yaml"), file, "-o", output);
        Assert.Equal(1, run.ExitCode);
        Assert.False(Directory.Exists(output));
        Assert.Contains($"({file})", run.Error, StringComparison.Ordinal);
        Assert.Contains(expected, run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_write_that_fails_half_way_leaves_nothing_behind()
    {
        // The Deployment's file is a directory already: the ConfigMap and Secret are written
        // first, then the Deployment fails; the two must be removed again.
        var output = Path.Combine(_dir, "out");
        Directory.CreateDirectory(Path.Combine(output, "dev", "kiro", "deployment.yaml"));
        File.WriteAllText(Path.Combine(output, "keep.txt"), "not ours");

        var run = Binary.Run(null, null, "render", Path.Combine(Repo.Fixtures, "inline-token", "agentset.yaml"), "-o", output);
        Assert.Equal(1, run.ExitCode);
        Assert.Contains("nothing was written", run.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(output, "dev", "kiro", "configmap.yaml")));
        Assert.False(File.Exists(Path.Combine(output, "dev", "kiro", "secret.yaml")));
        Assert.Equal("not ours", File.ReadAllText(Path.Combine(output, "keep.txt")));
        Assert.DoesNotContain("wrote", run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("not-a-real-token", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_reports_ok_or_every_error()
    {
        var ok = Binary.Run(null, null, "validate", Path.Combine(Repo.Fixtures, "kiro", "agentset.yaml"));
        Assert.Equal(0, ok.ExitCode);
        Assert.Contains("ok: 1 AgentSet(s), 1 agent(s)", ok.Error, StringComparison.Ordinal);

        var notAgentSet = Path.Combine(_dir, "cm.yaml");
        File.WriteAllText(notAgentSet, "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\n");
        var failed = Binary.Run(null, null, "validate", notAgentSet);
        Assert.Equal(1, failed.ExitCode);
        Assert.Contains("no AgentSet in this file", failed.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Version_and_help_describe_the_tool()
    {
        Assert.StartsWith("agentset 0.1.0\n", Binary.Run(null, null, "--version").Output, StringComparison.Ordinal);
        var help = Binary.Run(null, null, "--help");
        Assert.Contains("render", help.Output, StringComparison.Ordinal);
        Assert.Contains("kpt fn eval . --exec agentset", help.Output, StringComparison.Ordinal);
    }
}
