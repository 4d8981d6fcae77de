namespace AgentSetFn.Validation;

/// <summary>
/// The closed sets and ranges of openab's config.toml options, as the openab Helm chart checks
/// them (charts/openab/templates/configmap.yaml). The reader checks values against this table
/// and the schema's enums are tested equal to it, so the three never disagree. openab itself
/// also takes a few aliases (`none` for `off`, underscores for hyphens); the chart refuses
/// them, and so does agentset: one spelling per value.
/// </summary>
internal static class OpenabOptions
{
    /// <summary>`allow_bot_messages`: which messages of other bots the agent reads.</summary>
    public static readonly string[] AllowBotMessages = ["off", "mentions", "all"];

    /// <summary>`allow_user_messages`: when a person must @mention the bot in a thread.</summary>
    public static readonly string[] AllowUserMessages = ["involved", "mentions", "multibot-mentions"];

    /// <summary>`message_processing_mode`: how messages that arrive while the agent works are batched.</summary>
    public static readonly string[] MessageProcessingMode = ["per-message", "per-thread", "per-lane"];

    /// <summary>`[reactions].tool_display`: how tool calls show in the reply.</summary>
    public static readonly string[] ToolDisplay = ["full", "compact", "none"];

    /// <summary>The modes in which max_buffered_messages and max_batch_tokens mean anything.</summary>
    public static readonly string[] BatchingModes = ["per-thread", "per-lane"];

    /// <summary>`[[cron.jobs]].platform`: where a scheduled prompt is posted (openab's default: discord).</summary>
    public static readonly string[] CronPlatform = ["discord", "slack"];

    /// <summary>`max_bot_turns`: openab enforces 1000 consecutive bot turns as its own hard cap.</summary>
    public const int MaxBotTurnsMin = 1;
    public const int MaxBotTurnsMax = 1000;
}
