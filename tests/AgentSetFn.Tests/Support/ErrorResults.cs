using static AgentSetFn.Tests.Support.Output;

namespace AgentSetFn.Tests.Support;

/// <summary>
/// Assertions on how the function refuses a bad AgentSet: exit 1 and an error result on the
/// field, naming the AgentSet's file (agentset.yaml, as <see cref="FunctionRunner.RunKrm"/> sends it).
/// </summary>
internal static class ErrorResults
{
    /// <summary>
    /// Exit 1 and, among the errors, one at the field whose message contains the fragment;
    /// <paramref name="expected"/> is "field path|message fragment", as the test tables write it.
    /// Every error names agentset.yaml, and stderr shows the field's error line.
    /// </summary>
    public static Output AssertErrorAt(RunResult run, string expected, string name = "")
    {
        Assert.True(run.ExitCode == 1, $"{name}: expected exit 1, got {run.ExitCode}\n{run.Output}");
        var output = new Output(run.Output);
        var (field, message) = (expected.Split('|')[0], expected.Split('|')[1]);
        var errors = output.ResultsOf("error").ToList();
        Assert.True(errors.Any(e => Str(e, "field", "path") == field && Str(e, "message")!.Contains(message, StringComparison.Ordinal)),
            $"{name}: no error at {field} containing '{message}'; got:\n{string.Join("\n", errors.Select(e => $"{Str(e, "field", "path")}: {Str(e, "message")}"))}");
        Assert.All(errors, e => Assert.Equal("agentset.yaml", Str(e, "file", "path")));
        Assert.Contains($"error: {field} (agentset.yaml): ", run.Error, StringComparison.Ordinal);
        return output;
    }

    /// <summary>
    /// <see cref="AssertErrorAt"/>, nothing in the output's items (none given, none generated),
    /// and none of the secrets of the input on stdout or stderr.
    /// </summary>
    public static void AssertRefused(RunResult run, string expected, string name, params string[] secrets)
    {
        Assert.Empty(AssertErrorAt(run, expected, name).Items);
        SecretHygiene.AssertNotShown(run, secrets);
    }

    /// <summary>Exit 1 and exactly one error: at the field, naming agentset.yaml, its message containing each fragment.</summary>
    public static Output AssertOnlyError(RunResult run, string field, params string[] fragments)
    {
        Assert.True(run.ExitCode == 1, $"expected exit 1, got {run.ExitCode}\n{run.Output}");
        var output = new Output(run.Output);
        var error = Assert.Single(output.ResultsOf("error"));
        Assert.Equal(field, Str(error, "field", "path"));
        Assert.Equal("agentset.yaml", Str(error, "file", "path"));
        foreach (var fragment in fragments)
            Assert.Contains(fragment, Str(error, "message"), StringComparison.Ordinal);
        return output;
    }
}
