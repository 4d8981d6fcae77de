using AgentSetFn.Tests.Support;
using Tomlyn.Model;
using static AgentSetFn.Tests.ChartParity.ChartAgent;

namespace AgentSetFn.Tests.ChartParity;

/// <summary>
/// openab's chart tests charts/openab/tests/message-processing-mode_test.yaml ("messageProcessingMode
/// &amp; batching params"), chart 0.8.3-beta.4 (the May snapshot, commit
/// 0ec5b8f82208a502613d07a284f32d44aacf4d68, the same text as the store's only version,
/// f7bd04457d1a7bc624c756c3dee8e10771b622f7), ported by meaning: each case's values as agent `kiro` of an AgentSet, the same fact asserted on its
/// config.toml. The Slack cases give Slack its two tokens from a Secret, as the chart's give them inline;
/// the gateway cases give the gateway the chart's url and no platform (`deploy: false`: the chart
/// renders `[gateway]` from those values alone, and agentset asks a gateway it deploys for the
/// credentials of its platform).
/// </summary>
public class MessageProcessingModeChartTests
{
    private static TomlTable Discord(string discord) => Table(Render(Kiro(discord)), "discord");

    private static TomlTable Slack(string slack) => Table(Render(Kiro(slack: SlackOn + ", " + slack)), "slack");

    // chart: "discord renders message_processing_mode = \"per-lane\""
    [Fact]
    public void Discord_renders_message_processing_mode_per_lane() =>
        Assert.Equal("per-lane", Discord("messageProcessingMode: per-lane")["message_processing_mode"]);

    // chart: "discord renders message_processing_mode = \"per-thread\""
    [Fact]
    public void Discord_renders_message_processing_mode_per_thread() =>
        Assert.Equal("per-thread", Discord("messageProcessingMode: per-thread")["message_processing_mode"]);

    // chart: "discord renders message_processing_mode = \"per-message\""
    [Fact]
    public void Discord_renders_message_processing_mode_per_message() =>
        Assert.Equal("per-message", Discord("messageProcessingMode: per-message")["message_processing_mode"]);

    // chart: "discord rejects invalid messageProcessingMode value"
    [Fact]
    public void Discord_rejects_invalid_messageProcessingMode_value() =>
        ErrorResults.AssertErrorAt(FunctionRunner.RunKrm(Kiro("messageProcessingMode: batched")),
            "spec.agents.kiro.discord.messageProcessingMode|must be one of: per-message, per-thread, per-lane");

    // chart: "discord omits message_processing_mode when not set"
    [Fact]
    public void Discord_omits_message_processing_mode_when_not_set() =>
        Assert.DoesNotContain("message_processing_mode", ConfigToml(Render(Kiro())), StringComparison.Ordinal);

    // chart: "discord renders maxBufferedMessages and maxBatchTokens"
    [Fact]
    public void Discord_renders_maxBufferedMessages_and_maxBatchTokens()
    {
        var discord = Discord("messageProcessingMode: per-lane, maxBufferedMessages: 25, maxBatchTokens: 32000");
        Assert.Equal(25L, discord["max_buffered_messages"]);
        Assert.Equal(32000L, discord["max_batch_tokens"]);
    }

    // chart: "slack renders message_processing_mode = \"per-thread\""
    [Fact]
    public void Slack_renders_message_processing_mode_per_thread() =>
        Assert.Equal("per-thread", Slack("messageProcessingMode: per-thread")["message_processing_mode"]);

    // chart: "slack rejects invalid messageProcessingMode value"
    [Fact]
    public void Slack_rejects_invalid_messageProcessingMode_value() =>
        ErrorResults.AssertErrorAt(FunctionRunner.RunKrm(Kiro(slack: SlackOn + ", messageProcessingMode: batched")),
            "spec.agents.kiro.slack.messageProcessingMode|must be one of: per-message, per-thread, per-lane");

    // chart: "slack renders maxBufferedMessages and maxBatchTokens"
    [Fact]
    public void Slack_renders_maxBufferedMessages_and_maxBatchTokens()
    {
        var slack = Slack("messageProcessingMode: per-lane, maxBufferedMessages: 15, maxBatchTokens: 18000");
        Assert.Equal(15L, slack["max_buffered_messages"]);
        Assert.Equal(18000L, slack["max_batch_tokens"]);
    }

    private const string Gateway = "enabled: true, deploy: false, url: \"ws://openab-gateway:8080/ws\"";

    private static TomlTable GatewayTable(string gateway) => Table(GatewayChartTests.Render($"{Gateway}, {gateway}"), "gateway");

    // chart: "gateway renders message_processing_mode = \"per-lane\""
    [Fact]
    public void Gateway_renders_message_processing_mode_per_lane() =>
        Assert.Equal("per-lane", GatewayTable("messageProcessingMode: per-lane")["message_processing_mode"]);

    // chart: "gateway rejects invalid messageProcessingMode value"
    [Fact]
    public void Gateway_rejects_invalid_messageProcessingMode_value() =>
        ErrorResults.AssertErrorAt(FunctionRunner.RunKrm(GatewayChartTests.Kiro($"{Gateway}, messageProcessingMode: batched")),
            "spec.agents.kiro.gateway.messageProcessingMode|must be one of: per-message, per-thread, per-lane");

    // chart: "gateway renders maxBufferedMessages and maxBatchTokens"
    [Fact]
    public void Gateway_renders_maxBufferedMessages_and_maxBatchTokens()
    {
        var gateway = GatewayTable("messageProcessingMode: per-thread, maxBufferedMessages: 50, maxBatchTokens: 12000");
        Assert.Equal(50L, gateway["max_buffered_messages"]);
        Assert.Equal(12000L, gateway["max_batch_tokens"]);
    }
}
