namespace AgentSetFn.Tests.Support;

/// <summary>Secret values a test puts into its input never come out of a run: not on stdout, not on stderr.</summary>
internal static class SecretHygiene
{
    public static void AssertNotShown(RunResult run, params string[] secrets)
    {
        foreach (var secret in secrets)
        {
            Assert.DoesNotContain(secret, run.Output, StringComparison.Ordinal);
            Assert.DoesNotContain(secret, run.Error, StringComparison.Ordinal);
        }
    }
}
