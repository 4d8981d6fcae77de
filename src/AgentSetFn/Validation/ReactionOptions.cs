using AgentSetFn.Api;

namespace AgentSetFn.Validation;

/// <summary>
/// The meaning of `reactions.emojis` and `reactions.timing` (their shapes and ranges are the
/// catalog's, <see cref="AgentSetApi.Reactions"/>). openab sends each emoji as the reaction
/// itself and ignores a failed reaction without a word, so a value that cannot be one is an error
/// here rather than a status that never shows.
/// </summary>
internal static class ReactionOptions
{
    /// <summary>
    /// The emojis openab's Slack adapter turns into Slack reaction names (`unicode_to_slack_emoji`
    /// in src/slack.rs); any other emoji is sent to Slack as `grey_question`. Discord takes any emoji.
    /// </summary>
    private static readonly string[] SlackShortNames =
    [
        "👀", "🤔", "🔥", "👨\u200d💻", "⚡", "🆗", "😱", "🚫", "😊", "😎", "🫡", "🤓", "😏", "✌\ufe0f", "💪", "🦾",
        "🥱", "😨", "✅", "❌", "🔧", "🎤",
    ];

    public static void Validate(AgentDefinition agent, string path, Diagnostics diagnostics)
    {
        var reactions = agent.Reactions;
        var emojisPath = $"{path}.reactions.{AgentSetApi.Reactions.Emojis.Object.Name}";
        foreach (var (field, value) in reactions.Emojis.Set())
        {
            if (value.Length == 0)
                diagnostics.Error($"{emojisPath}.{field.Name}", "must not be empty: leave it unset for openab's default");
            else if (value.Any(char.IsWhiteSpace))
                diagnostics.Error($"{emojisPath}.{field.Name}", "must be one emoji without spaces: openab sends the text as the reaction itself");
        }

        if (agent.Slack.Enabled)
        {
            foreach (var (field, value) in reactions.Emojis.Set())
            {
                if (value.Length > 0 && !SlackShortNames.Contains(value, StringComparer.Ordinal))
                    diagnostics.Warning($"{emojisPath}.{field.Name}",
                        $"openab's Slack adapter has no Slack name for `{value}`: on Slack the reaction shows as :grey_question: (it knows {string.Join(" ", SlackShortNames)})");
            }
        }

        var timing = reactions.Timing;
        var timingPath = $"{path}.reactions.{AgentSetApi.Reactions.Timing.Object.Name}";
        // openab arms both stall timers together: a hard threshold not above the soft one lets 🥱
        // replace 😨, so the agent never looks stuck.
        var soft = timing.StallSoftMs ?? AgentSetApi.Reactions.Timing.OpenabStallSoftMs;
        var hard = timing.StallHardMs ?? AgentSetApi.Reactions.Timing.OpenabStallHardMs;
        if ((timing.StallSoftMs is not null || timing.StallHardMs is not null) && hard <= soft)
        {
            var field = timing.StallHardMs is null ? AgentSetApi.Reactions.Timing.StallSoftMs : AgentSetApi.Reactions.Timing.StallHardMs;
            diagnostics.Warning($"{timingPath}.{field.Name}",
                $"stallHardMs ({hard}) is not longer than stallSoftMs ({soft}){(timing.StallSoftMs is null || timing.StallHardMs is null ? ", counting openab's default for the unset one" : "")}: the soft-stall reaction can replace the hard one");
        }
    }
}
