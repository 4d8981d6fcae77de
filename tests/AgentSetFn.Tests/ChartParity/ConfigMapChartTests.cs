using System.Text.RegularExpressions;
using AgentSetFn.Tests.Support;
using Tomlyn.Model;
using static AgentSetFn.Tests.ChartParity.ChartAgent;

namespace AgentSetFn.Tests.ChartParity;

/// <summary>
/// openab's chart tests charts/openab/tests/configmap_test.yaml ("allowBotMessages &amp;
/// trustedBotIds"), chart 0.9.0-beta.12 (stored commit 3c376ad5b4513120b22f9e5e04e3357d37cc8201,
/// the newest stored version: it has every case of the May snapshot's, plus Slack's
/// `assistantMode`), ported by meaning: each case's values as agent `kiro` of an AgentSet, the
/// same fact asserted on the config.toml agentset writes.
///
/// Where agentset deliberately differs, the port asserts agentset's documented behaviour (docs/chat-options.md,
/// "Chat options"): an option left unset is not written, so openab's own default applies. The
/// chart writes `allow_bot_messages = "off"` and `allow_dm = false` from its values.yaml defaults;
/// agentset writes neither, and openab reads the same "off" and false. Tokens are never optional in
/// an AgentSet, so the Slack cases give Slack its two tokens from a Secret.
/// </summary>
public class ConfigMapChartTests
{
    private static TomlTable Discord(string discord) => Table(Render(Kiro(discord)), "discord");

    private static TomlTable Slack(string slack) => Table(Render(Kiro(slack: SlackOn + ", " + slack)), "slack");

    private static void AssertRefused(string discord, string field, string message) =>
        ErrorResults.AssertErrorAt(FunctionRunner.RunKrm(Kiro(discord)), $"spec.agents.kiro.discord.{field}|{message}");

    // chart: "renders allow_bot_messages = \"mentions\""
    [Fact]
    public void Renders_allow_bot_messages_mentions() => Assert.Equal("mentions", Discord("allowBotMessages: mentions")["allow_bot_messages"]);

    // chart: "renders allow_bot_messages = \"all\""
    [Fact]
    public void Renders_allow_bot_messages_all() => Assert.Equal("all", Discord("allowBotMessages: all")["allow_bot_messages"]);

    // chart: "renders allow_bot_messages = \"off\""
    [Fact]
    public void Renders_allow_bot_messages_off()
    {
        // Quoted as in the chart, and unquoted: YAML 1.2 reads `off` as a string, not a boolean.
        Assert.Equal("off", Discord("allowBotMessages: \"off\"")["allow_bot_messages"]);
        Assert.Equal("off", Discord("allowBotMessages: off")["allow_bot_messages"]);
    }

    // chart: "rejects invalid allowBotMessages value"
    [Fact]
    public void Rejects_invalid_allowBotMessages_value() => AssertRefused("allowBotMessages: yolo", "allowBotMessages", "must be one of: off, mentions, all");

    // chart: "renders trustedBotIds as JSON array"
    [Fact]
    public void Renders_trustedBotIds_as_JSON_array()
    {
        var discord = Discord("allowBotMessages: mentions, trustedBotIds: [\"123456789012345678\", \"987654321098765432\"]");
        Assert.Equal(["123456789012345678", "987654321098765432"], Strings(discord, "trusted_bot_ids"));
    }

    // chart: "rejects mangled snowflake ID"
    [Fact]
    public void Rejects_mangled_snowflake_ID() => AssertRefused("trustedBotIds: [\"1.234567890123457e+17\"]", "trustedBotIds[0]", "lost its digits");

    // chart: "renders default allow_bot_messages = \"off\""
    [Fact]
    public void Renders_default_allow_bot_messages_off()
    {
        // Unset is not written (documented): openab's default is "off", the value the chart writes.
        var discord = Discord("");
        Assert.False(discord.ContainsKey("allow_bot_messages"));
        Assert.DoesNotContain("allow_bot_messages", ConfigToml(Render(Kiro())), StringComparison.Ordinal);
    }

    // chart: "renders allow_user_messages = \"involved\""
    [Fact]
    public void Renders_allow_user_messages_involved() => Assert.Equal("involved", Discord("allowUserMessages: involved")["allow_user_messages"]);

    // chart: "renders allow_user_messages = \"mentions\""
    [Fact]
    public void Renders_allow_user_messages_mentions() => Assert.Equal("mentions", Discord("allowUserMessages: mentions")["allow_user_messages"]);

    // chart: "renders allow_user_messages = \"multibot-mentions\""
    [Fact]
    public void Renders_allow_user_messages_multibot_mentions() =>
        Assert.Equal("multibot-mentions", Discord("allowUserMessages: multibot-mentions")["allow_user_messages"]);

    // chart: "rejects invalid allowUserMessages value"
    [Fact]
    public void Rejects_invalid_allowUserMessages_value() =>
        AssertRefused("allowUserMessages: yolo", "allowUserMessages", "must be one of: involved, mentions, multibot-mentions");

    // chart: "renders slack allow_user_messages = \"multibot-mentions\""
    [Fact]
    public void Renders_slack_allow_user_messages_multibot_mentions() =>
        Assert.Equal("multibot-mentions", Slack("allowUserMessages: multibot-mentions")["allow_user_messages"]);

    // chart: "renders allow_dm = false by default"
    [Fact]
    public void Renders_allow_dm_false_by_default()
    {
        // Unset is not written (documented): openab's default is false, the value the chart writes.
        Assert.False(Discord("").ContainsKey("allow_dm"));
    }

    // chart: "renders allow_dm = true when set"
    [Fact]
    public void Renders_allow_dm_true_when_set() => Assert.Equal(true, Discord("allowDm: true")["allow_dm"]);

    // chart: "renders allow_dm = false when explicitly set"
    [Fact]
    public void Renders_allow_dm_false_when_explicitly_set() => Assert.Equal(false, Discord("allowDm: false")["allow_dm"]);

    // chart: "renders discord max_bot_turns when set"
    [Fact]
    public void Renders_discord_max_bot_turns_when_set() => Assert.Equal(50L, Discord("maxBotTurns: 50")["max_bot_turns"]);

    // chart: "does not render discord max_bot_turns when unset"
    [Fact]
    public void Does_not_render_discord_max_bot_turns_when_unset() =>
        Assert.DoesNotContain("max_bot_turns", ConfigToml(Render(Kiro())), StringComparison.Ordinal);

    // chart: "renders slack max_bot_turns when set"
    [Fact]
    public void Renders_slack_max_bot_turns_when_set() => Assert.Equal(30L, Slack("maxBotTurns: 30")["max_bot_turns"]);

    // chart: "renders inherit_env as TOML array"
    [Fact]
    public void Renders_inherit_env_as_TOML_array()
    {
        var agent = Table(Render(Kiro(lines: "inheritEnv: [API_BASE_URL, MODEL_NAME]")), "agent");
        Assert.Equal(["API_BASE_URL", "MODEL_NAME"], Strings(agent, "inherit_env"));
    }

    // chart: "does not render inherit_env when unset"
    [Fact]
    public void Does_not_render_inherit_env_when_unset() =>
        Assert.DoesNotContain("inherit_env", ConfigToml(Render(Kiro())), StringComparison.Ordinal);

    // chart: "renders slack assistant_mode = false when explicitly disabled"
    [Fact]
    public void Renders_slack_assistant_mode_false_when_explicitly_disabled()
    {
        Assert.Equal(false, Slack("assistantMode: false")["assistant_mode"]);
        Assert.Matches(new Regex(@"^assistant_mode = false$", RegexOptions.Multiline), ConfigToml(Render(Kiro(slack: SlackOn + ", assistantMode: false"))));
    }

    // chart: "does not render assistant_mode when enabled (Rust default true)"
    [Fact]
    public void Does_not_render_assistant_mode_when_enabled_Rust_default_true() =>
        Assert.DoesNotContain("assistant_mode", ConfigToml(Render(Kiro(slack: SlackOn + ", assistantMode: true"))), StringComparison.Ordinal);
}
