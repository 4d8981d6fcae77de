using AgentSetFn.Api;

namespace AgentSetFn.Validation;

/// <summary>
/// openab's config.toml options as the validator uses them. The closed sets and ranges
/// themselves are declared in the API catalog (<see cref="AgentSetApi.ChatFields"/>,
/// <see cref="AgentSetApi.Reactions"/>), as the openab Helm
/// chart checks them (charts/openab/templates/configmap.yaml); these are their names here.
/// openab itself also takes a few aliases (`none` for `off`, underscores for hyphens); the chart
/// refuses them, and so does agentset: one spelling per value.
/// </summary>
internal static class OpenabOptions
{
    /// <summary>`allow_bot_messages`: which messages of other bots the agent reads.</summary>
    public static IReadOnlyList<string> AllowBotMessages => AgentSetApi.ChatFields.AllowBotMessages.Values;

    /// <summary>`allow_user_messages`: when a person must @mention the bot in a thread.</summary>
    public static IReadOnlyList<string> AllowUserMessages => AgentSetApi.ChatFields.AllowUserMessages.Values;

    /// <summary>`message_processing_mode`: how messages that arrive while the agent works are batched.</summary>
    public static IReadOnlyList<string> MessageProcessingMode => AgentSetApi.ChatFields.MessageProcessingMode.Values;

    /// <summary>`[reactions].tool_display`: how tool calls show in the reply.</summary>
    public static IReadOnlyList<string> ToolDisplay => AgentSetApi.Reactions.ToolDisplay.Values;

    /// <summary>The modes in which max_buffered_messages and max_batch_tokens mean anything.</summary>
    public static readonly string[] BatchingModes = ["per-thread", "per-lane"];

    /// <summary>`max_bot_turns`: openab enforces 1000 consecutive bot turns as its own hard cap.</summary>
    public static int MaxBotTurnsMin => AgentSetApi.ChatFields.MaxBotTurns.Min;
    public static int MaxBotTurnsMax => AgentSetApi.ChatFields.MaxBotTurns.Max;
}
