using AgentSetFn.Tests.Support;

namespace AgentSetFn.Tests.Validation;

/// <summary>spec.output.directory: generated files must stay inside the package.</summary>
public class OutputDirectoryTests
{
    private static RunResult Render(string directoryYaml) =>
        FunctionRunner.RunKrm(FunctionRunner.Fixture("kiro").Replace("spec:\n", $"spec:\n  output: {{directory: {directoryYaml}}}\n", StringComparison.Ordinal));

    [Theory]
    [InlineData("/etc/agents", "must be relative to the AgentSet's file")]
    [InlineData("~/agents", "must be relative to the AgentSet's file")]
    [InlineData("../outside", "must not contain '.', '..' or empty segments")]
    [InlineData("a//b", "must not contain '.', '..' or empty segments")]
    [InlineData("\"\"", "is empty")]
    [InlineData("\"x; rm -rf /\"", "contains characters that are not allowed")]
    [InlineData("[a]", "must be a string")]
    public void A_directory_outside_the_package_is_an_error_on_the_field(string value, string message)
    {
        ErrorResults.AssertOnlyError(Render(value), "spec.output.directory", message);
    }

    [Fact]
    public void A_nested_directory_is_used_for_every_generated_path()
    {
        var output = new Output(Render("deploy/bots/").Output);
        var paths = output.Items.Select(i => Output.Str(i, "metadata", "annotations", "internal.config.kubernetes.io/path")).ToList();
        Assert.Equal(["deploy/bots/kiro/configmap.yaml", "deploy/bots/kiro/deployment.yaml"], paths);
        Assert.Equal(paths, output.Items.Select(i => Output.Str(i, "metadata", "annotations", "config.kubernetes.io/path")));
    }

    [Fact]
    public void An_unknown_output_field_gets_a_suggestion()
    {
        var run = FunctionRunner.RunKrm(FunctionRunner.Fixture("kiro").Replace("spec:\n", "spec:\n  output: {directry: x}\n", StringComparison.Ordinal));
        Assert.Contains("did you mean `directory`?", run.Output, StringComparison.Ordinal);
    }
}
