using AgentSetFn.Tests.Support;
using static AgentSetFn.Tests.ChartParity.ChartAgent;

namespace AgentSetFn.Tests.ChartParity;

/// <summary>
/// openab's chart tests charts/openab/tests/tool-display_test.yaml ("toolDisplay"),
/// chart 0.8.3-beta.4 (only in the May snapshot, commit 0ec5b8f82208a502613d07a284f32d44aacf4d68;
/// no newer version is stored), ported by meaning: `reactions.toolDisplay` of agent `kiro`,
/// asserted on `[reactions].tool_display`.
/// </summary>
public class ToolDisplayChartTests
{
    private static object? ToolDisplay(string value)
    {
        var reactions = Table(Render(Kiro(lines: $"reactions: {{toolDisplay: {value}}}")), "reactions");
        return reactions.TryGetValue("tool_display", out var v) ? v : null;
    }

    // chart: "renders tool_display = \"compact\""
    [Fact]
    public void Renders_tool_display_compact() => Assert.Equal("compact", ToolDisplay("compact"));

    // chart: "renders tool_display = \"full\""
    [Fact]
    public void Renders_tool_display_full() => Assert.Equal("full", ToolDisplay("full"));

    // chart: "renders tool_display = \"none\""
    [Fact]
    public void Renders_tool_display_none() => Assert.Equal("none", ToolDisplay("none"));

    // chart: "omits tool_display when not set"
    [Fact]
    public void Omits_tool_display_when_not_set()
    {
        var output = Render(Kiro());
        Assert.DoesNotContain("tool_display", ConfigToml(output), StringComparison.Ordinal);
        // [reactions] itself is there, as the chart writes it.
        Assert.Equal(true, Table(output, "reactions")["enabled"]);
    }

    // chart: "rejects invalid toolDisplay value"
    [Fact]
    public void Rejects_invalid_toolDisplay_value() =>
        ErrorResults.AssertErrorAt(FunctionRunner.RunKrm(Kiro(lines: "reactions: {toolDisplay: hidden}")),
            "spec.agents.kiro.reactions.toolDisplay|must be one of: full, compact, none");
}
