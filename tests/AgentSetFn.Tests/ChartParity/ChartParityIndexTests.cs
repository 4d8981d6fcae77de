using System.Text.RegularExpressions;
using AgentSetFn.Tests.Support;

namespace AgentSetFn.Tests.ChartParity;

/// <summary>
/// The ports keep their convention, so the table in docs/chart-parity.md stays true: every port
/// class is linked from it, names its chart file and version, and every test in it is a chart case
/// (a `// chart: "..."` line above each [Fact], and no more tests than chart cases).
/// </summary>
public partial class ChartParityIndexTests
{
    [GeneratedRegex(@"^\s*// chart: "".+""\s*$", RegexOptions.Multiline)]
    private static partial Regex ChartCase();

    [GeneratedRegex(@"^\s*\[(Fact|Theory)\b", RegexOptions.Multiline)]
    private static partial Regex Test();

    [GeneratedRegex(@"charts/openab/tests/[a-z_-]+_test\.yaml")]
    private static partial Regex ChartFile();

    [GeneratedRegex(@"chart 0\.\d+\.\d+(-beta\.\d+)?")]
    private static partial Regex ChartVersion();

    public static TheoryData<string> Ports() =>
        [.. Directory.GetFiles(Path.Combine(Repo.Root, "tests", "AgentSetFn.Tests", "ChartParity"), "*ChartTests.cs")
            .Select(f => Path.GetFileName(f)).Order(StringComparer.Ordinal)];

    [Theory]
    [MemberData(nameof(Ports))]
    public void Each_port_is_listed_and_each_test_is_a_chart_case(string file)
    {
        var source = File.ReadAllText(Path.Combine(Repo.Root, "tests", "AgentSetFn.Tests", "ChartParity", file));
        var index = File.ReadAllText(Path.Combine(Repo.Root, "docs", "chart-parity.md"));

        Assert.Contains($"(../tests/AgentSetFn.Tests/ChartParity/{file})", index, StringComparison.Ordinal);
        Assert.Matches(ChartFile(), source);
        Assert.Matches(ChartVersion(), source);
        var tests = Test().Count(source);
        Assert.True(tests > 0, $"{file} has no tests");
        Assert.Equal(tests, ChartCase().Count(source));
    }
}
