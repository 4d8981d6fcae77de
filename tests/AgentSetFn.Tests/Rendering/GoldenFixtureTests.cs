using AgentSetFn.Tests.Support;

namespace AgentSetFn.Tests.Rendering;

/// <summary>Each fixtures/&lt;case&gt;/agentset.yaml renders to exactly fixtures/&lt;case&gt;/expected.yaml.</summary>
public class GoldenFixtureTests
{
    public static TheoryData<string> Fixtures => new(Repo.FixtureNames);

    [Theory]
    [MemberData(nameof(Fixtures))]
    public void Fixture_renders_to_its_expected_resource_list(string name)
    {
        var run = FunctionRunner.RunKrm(FunctionRunner.Fixture(name));

        Golden.AssertMatches(Path.Combine(Repo.Fixtures, name, "expected.yaml"), run.Output);
        Assert.Equal(0, run.ExitCode);
    }

    [Fact]
    public void Every_case_the_product_promises_has_a_fixture()
    {
        string[] required =
        [
            "kiro", "claude", "codex", "gemini", "copilot", "opencode", "cursor", "kimi", "pi", "hermes", "grok", "multi-agent", "inline-token", "secret-ref",
            "s3-aws", "s3-minio", "s3-off", "agents-md", "secret-env", "prestop-backup", "custom-paths",
            "network-policy", "external-secrets", "scheduled-prompts", "stt",
            "raw-config",
            "usercron", "config-url", "hooks",
            "gateway-telegram", "gateway-line", "gateway-teams", "gateway-feishu", "gateway-googlechat", "gateway-wecom", "gateway-config-only",
        ];
        Assert.Empty(required.Except(Repo.FixtureNames));
    }

    [Fact]
    public void Golden_diff_shows_the_changed_lines()
    {
        var diff = Golden.Diff("a\nb\nc\n", "a\nB\nc\n");
        Assert.Contains("- b", diff, StringComparison.Ordinal);
        Assert.Contains("+ B", diff, StringComparison.Ordinal);
        Assert.Contains("line 2", diff, StringComparison.Ordinal);
    }
}
