using System.Text;

namespace AgentSetFn.Tests.Support;

/// <summary>
/// Golden-file comparison. A mismatch fails with a line diff; setting AGENTSET_UPDATE_GOLDEN=1
/// rewrites the expected file on purpose (and the test still fails, so an update is never silent).
/// </summary>
internal static class Golden
{
    public const string UpdateVariable = "AGENTSET_UPDATE_GOLDEN";

    public static void AssertMatches(string expectedPath, string actual)
    {
        var expected = File.Exists(expectedPath) ? File.ReadAllText(expectedPath) : null;
        if (expected == actual) return;
        if (Environment.GetEnvironmentVariable(UpdateVariable) == "1")
        {
            File.WriteAllText(expectedPath, actual);
            Assert.Fail($"{expectedPath} was rewritten ({UpdateVariable}=1); review it and run the tests again");
        }
        if (expected is null)
            Assert.Fail($"{expectedPath} does not exist; run with {UpdateVariable}=1 to create it, then review it");
        Assert.Fail($"output differs from {expectedPath} (- expected, + actual):\n{Diff(expected, actual)}\nRun with {UpdateVariable}=1 to accept the new output.");
    }

    /// <summary>A compact line diff: the first differing region with three lines of context.</summary>
    public static string Diff(string expected, string actual)
    {
        var a = expected.Split('\n');
        var b = actual.Split('\n');
        var start = 0;
        while (start < a.Length && start < b.Length && a[start] == b[start]) start++;
        var endA = a.Length - 1;
        var endB = b.Length - 1;
        while (endA >= start && endB >= start && a[endA] == b[endB]) { endA--; endB--; }
        var text = new StringBuilder();
        text.AppendLine($"@@ line {start + 1} @@");
        for (var i = Math.Max(0, start - 3); i < start; i++) text.AppendLine($"  {a[i]}");
        for (var i = start; i <= endA && i < start + 40; i++) text.AppendLine($"- {a[i]}");
        for (var i = start; i <= endB && i < start + 40; i++) text.AppendLine($"+ {b[i]}");
        for (var i = endA + 1; i < Math.Min(a.Length, endA + 4); i++) text.AppendLine($"  {a[i]}");
        return text.ToString();
    }
}
