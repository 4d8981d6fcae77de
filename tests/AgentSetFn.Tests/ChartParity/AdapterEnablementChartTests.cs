using AgentSetFn.Tests.Support;
using static AgentSetFn.Tests.ChartParity.ChartAgent;

namespace AgentSetFn.Tests.ChartParity;

/// <summary>
/// openab's chart tests charts/openab/tests/adapter-enablement_test.yaml ("adapter enablement
/// gating"), chart 0.8.3-beta.4 (only in the May snapshot, commit
/// 0ec5b8f82208a502613d07a284f32d44aacf4d68; the store has it only from forks), ported by meaning:
/// `discord` and `slack` of agent `kiro` turned on and off, asserted on the sections of its
/// config.toml and the token variables of its pod.
///
/// agentset deliberately differs where the chart renders an adapter with no token: the chart then
/// writes `${DISCORD_BOT_TOKEN}` with nothing in the pod to fill it (openab would log in with an
/// empty token), while an AgentSet names where each token comes from (docs/reference.md:
/// exactly one of `botToken`, `botTokenSecretRef`, `botTokenExternalSecret`) and is refused
/// without one. The ports give tokens by reference, so no token is in the AgentSet, as in the chart
/// cases, and the Discord case also asserts the refusal. Likewise an agent needs Discord or Slack:
/// the cases that turn Discord off keep Slack on.
/// </summary>
public class AdapterEnablementChartTests
{
    private static IEnumerable<string?> EnvNames(Output output) => Output.Seq(AgentContainer(output), "env").Select(e => Output.Str(e, "name"));

    // chart: "renders [discord] with placeholder token when enabled=true without botToken"
    [Fact]
    public void Renders_discord_with_placeholder_token_when_enabled_true_without_botToken()
    {
        var output = Render(Kiro("enabled: true"));
        Assert.Equal("${DISCORD_BOT_TOKEN}", Table(output, "discord")["bot_token"]);
        // The placeholder is filled from the Secret named in the AgentSet; agentset renders none.
        Assert.Empty(output.OfKind("Secret"));
        var token = Assert.Single(Output.Seq(AgentContainer(output), "env"), e => Output.Str(e, "name") == "DISCORD_BOT_TOKEN");
        Assert.Equal("discord", Output.Str(token, "valueFrom", "secretKeyRef", "name"));

        // With no source of the token at all, the agent is refused rather than started without one.
        var run = FunctionRunner.RunKrm(AgentSetYaml.Head + "  agents:\n    kiro:\n      discord: {enabled: true, botToken: \"\", allowedChannels: [\"123456789012345678\"]}\n"
            + "      persistence: {existingClaim: kiro-home}\n");
        ErrorResults.AssertErrorAt(run, "spec.agents.kiro.discord|needs the bot token");
    }

    // chart: "omits [discord] when enabled=false"
    [Fact]
    public void Omits_discord_when_enabled_false()
    {
        var output = Render(Kiro("enabled: false", slack: SlackOn));
        Assert.False(Toml(output).ContainsKey("discord"));
        Assert.DoesNotContain("DISCORD_BOT_TOKEN", EnvNames(output));
    }

    // chart: "omits [discord] when discord is not set"
    [Fact]
    public void Omits_discord_when_discord_is_not_set()
    {
        // Left out, written as null (the chart's way), and null over a Discord default of spec.defaults.
        var nullOverDefault = AgentSetYaml.Head + "  defaults:\n    discord: {botTokenSecretRef: {name: discord, key: token}}\n"
            + Kiro(discord: null, slack: SlackOn, lines: "discord: null")[AgentSetYaml.Head.Length..];
        foreach (var agentSet in new[] { Kiro(discord: null, slack: SlackOn), Kiro(discord: null, slack: SlackOn, lines: "discord: null"), nullOverDefault })
        {
            var output = Render(agentSet);
            Assert.False(Toml(output).ContainsKey("discord"));
            Assert.DoesNotContain("DISCORD_BOT_TOKEN", EnvNames(output));
        }
    }

    // chart: "renders [slack] when enabled=true"
    [Fact]
    public void Renders_slack_when_enabled_true() => Assert.True(Toml(Render(Kiro(slack: SlackOn))).ContainsKey("slack"));

    // chart: "omits [slack] when enabled=false"
    [Fact]
    public void Omits_slack_when_enabled_false()
    {
        var output = Render(Kiro(slack: "enabled: false"));
        Assert.False(Toml(output).ContainsKey("slack"));
        Assert.DoesNotContain("SLACK_BOT_TOKEN", EnvNames(output));
    }

    // chart: "renders [slack] with placeholder tokens when enabled=true"
    [Fact]
    public void Renders_slack_with_placeholder_tokens_when_enabled_true()
    {
        var output = Render(Kiro(slack: SlackOn));
        var slack = Table(output, "slack");
        Assert.Equal("${SLACK_BOT_TOKEN}", slack["bot_token"]);
        Assert.Equal("${SLACK_APP_TOKEN}", slack["app_token"]);
        Assert.Contains("SLACK_BOT_TOKEN", EnvNames(output));
        Assert.Contains("SLACK_APP_TOKEN", EnvNames(output));
    }

    // chart: "renders both [discord] and [slack] when both enabled"
    [Fact]
    public void Renders_both_discord_and_slack_when_both_enabled()
    {
        var toml = Toml(Render(Kiro("enabled: true", slack: SlackOn)));
        Assert.True(toml.ContainsKey("discord"));
        Assert.True(toml.ContainsKey("slack"));
    }
}
