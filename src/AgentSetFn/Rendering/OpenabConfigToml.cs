using System.Text.Json.Serialization;
using AgentSetFn.Api;
using Tomlyn;
using Tomlyn.Serialization;

namespace AgentSetFn.Rendering;

// openab's config.toml, the sections the AgentSet sets. Property order is the order written;
// null properties are left out so openab's own defaults apply.

internal sealed class OpenabConfig
{
    public DiscordSection? Discord { get; set; }
    public SlackSection? Slack { get; set; }
    public AgentSection? Agent { get; set; }
    public PoolSection? Pool { get; set; }
    public ReactionsSection? Reactions { get; set; }
}

// Discord and Slack sections list the options in the chart's order; the TOML writer wants
// one class per table, so the shared options appear in both.
internal sealed class DiscordSection
{
    public string? BotToken { get; set; }
    public bool? AllowAllChannels { get; set; }
    public List<string>? AllowedChannels { get; set; }
    public bool? AllowAllUsers { get; set; }
    public List<string>? AllowedUsers { get; set; }
    public string? AllowBotMessages { get; set; }
    public List<string>? TrustedBotIds { get; set; }
    public List<string>? AllowedRoleIds { get; set; }
    public string? AllowUserMessages { get; set; }
    public bool? AllowDm { get; set; }
    public int? MaxBotTurns { get; set; }
    public string? MessageProcessingMode { get; set; }
    public int? MaxBufferedMessages { get; set; }
    public int? MaxBatchTokens { get; set; }
}

internal sealed class SlackSection
{
    public string? BotToken { get; set; }
    public string? AppToken { get; set; }
    public bool? AllowAllChannels { get; set; }
    public List<string>? AllowedChannels { get; set; }
    public bool? AllowAllUsers { get; set; }
    public List<string>? AllowedUsers { get; set; }
    public string? AllowBotMessages { get; set; }
    public List<string>? TrustedBotIds { get; set; }
    public string? AllowUserMessages { get; set; }
    public int? MaxBotTurns { get; set; }
    public string? MessageProcessingMode { get; set; }
    public int? MaxBufferedMessages { get; set; }
    public int? MaxBatchTokens { get; set; }
}

internal sealed class AgentSection
{
    public string? Command { get; set; }
    public List<string>? Args { get; set; }
    public string? WorkingDir { get; set; }
    public List<string>? InheritEnv { get; set; }
    public Dictionary<string, string>? Env { get; set; }
}

internal sealed class PoolSection
{
    public int MaxSessions { get; set; }
    public int SessionTtlHours { get; set; }
}

internal sealed class ReactionsSection
{
    public bool Enabled { get; set; }
    public bool RemoveAfterReply { get; set; }
    public string? ToolDisplay { get; set; }
}

[TomlSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = TomlIgnoreCondition.WhenWritingNull)]
[TomlSerializable(typeof(OpenabConfig))]
internal sealed partial class OpenabTomlContext : TomlSerializerContext;

/// <summary>Writes an agent's config.toml in openab's format.</summary>
internal static class OpenabConfigToml
{
    /// <summary>openab expands ${VAR} from its environment: the token itself never enters the ConfigMap.</summary>
    public const string BotTokenReference = "${DISCORD_BOT_TOKEN}";
    public const string SlackBotTokenReference = "${SLACK_BOT_TOKEN}";
    public const string SlackAppTokenReference = "${SLACK_APP_TOKEN}";

    public static string Write(ResolvedAgent agent)
    {
        var definition = agent.Definition;
        var config = new OpenabConfig
        {
            Discord = definition.Discord.Enabled ? DiscordSectionFor(definition.Discord) : null,
            Slack = definition.Slack.Enabled ? SlackSectionFor(definition.Slack) : null,
            Agent = new AgentSection
            {
                Command = agent.Command,
                Args = [.. agent.Args],
                WorkingDir = agent.WorkingDir,
                InheritEnv = InheritEnv(definition),
                Env = definition.Env.Count == 0 ? null : new Dictionary<string, string>(definition.Env, StringComparer.Ordinal),
            },
            Pool = new PoolSection
            {
                MaxSessions = definition.Pool.MaxSessions,
                SessionTtlHours = definition.Pool.SessionTtlHours,
            },
            Reactions = new ReactionsSection
            {
                Enabled = definition.Reactions.Enabled,
                RemoveAfterReply = definition.Reactions.RemoveAfterReply,
                ToolDisplay = definition.Reactions.ToolDisplay,
            },
        };
        var toml = TomlSerializer.Serialize(config, OpenabTomlContext.Default.OpenabConfig);
        toml = toml.Replace("\r\n", "\n", StringComparison.Ordinal);
        // One blank line between tables, for people reading the ConfigMap; skipped when a
        // multi-line string could hold a line that starts with '['.
        if (!toml.Contains("\"\"\"", StringComparison.Ordinal) && !toml.Contains("'''", StringComparison.Ordinal))
            toml = toml.Replace("\n[", "\n\n[", StringComparison.Ordinal);
        return toml.TrimEnd('\n') + "\n";
    }

    // Empty lists mean "everyone", as in openab's own auto-detection; written out explicitly,
    // as the chart does, so the file says what the agent will do. An explicit allowAll* wins.
    private static bool AllowAll(bool? explicitValue, IReadOnlyList<string> list) => explicitValue ?? list.Count == 0;

    private static List<string>? UnlessEmpty(IReadOnlyList<string> list) => list.Count == 0 ? null : [.. list];

    private static DiscordSection DiscordSectionFor(DiscordSettings discord) => new()
    {
        BotToken = BotTokenReference,
        AllowAllChannels = AllowAll(discord.AllowAllChannels, discord.AllowedChannels),
        AllowedChannels = [.. discord.AllowedChannels],
        AllowAllUsers = AllowAll(discord.AllowAllUsers, discord.AllowedUsers),
        AllowedUsers = [.. discord.AllowedUsers],
        AllowBotMessages = discord.AllowBotMessages,
        TrustedBotIds = UnlessEmpty(discord.TrustedBotIds),
        AllowedRoleIds = UnlessEmpty(discord.AllowedRoleIds),
        AllowUserMessages = discord.AllowUserMessages,
        AllowDm = discord.AllowDm,
        MaxBotTurns = discord.MaxBotTurns,
        MessageProcessingMode = discord.MessageProcessingMode,
        MaxBufferedMessages = discord.MaxBufferedMessages,
        MaxBatchTokens = discord.MaxBatchTokens,
    };

    private static SlackSection SlackSectionFor(SlackSettings slack) => new()
    {
        BotToken = SlackBotTokenReference,
        AppToken = SlackAppTokenReference,
        AllowAllChannels = AllowAll(slack.AllowAllChannels, slack.AllowedChannels),
        AllowedChannels = [.. slack.AllowedChannels],
        AllowAllUsers = AllowAll(slack.AllowAllUsers, slack.AllowedUsers),
        AllowedUsers = [.. slack.AllowedUsers],
        AllowBotMessages = slack.AllowBotMessages,
        TrustedBotIds = UnlessEmpty(slack.TrustedBotIds),
        AllowUserMessages = slack.AllowUserMessages,
        MaxBotTurns = slack.MaxBotTurns,
        MessageProcessingMode = slack.MessageProcessingMode,
        MaxBufferedMessages = slack.MaxBufferedMessages,
        MaxBatchTokens = slack.MaxBatchTokens,
    };

    /// <summary>inheritEnv, then the secretEnv names, each once, in the order first written (the chart's `concat | uniq`).</summary>
    internal static List<string>? InheritEnv(AgentDefinition definition)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var names = definition.InheritEnv.Concat(definition.SecretEnv.Select(e => e.Name)).Where(seen.Add).ToList();
        return names.Count == 0 ? null : names;
    }
}
