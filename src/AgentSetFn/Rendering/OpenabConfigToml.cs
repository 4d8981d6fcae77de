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
    public AgentSection? Agent { get; set; }
    public PoolSection? Pool { get; set; }
    public ReactionsSection? Reactions { get; set; }
}

internal sealed class DiscordSection
{
    public string? BotToken { get; set; }
    public bool? AllowAllChannels { get; set; }
    public List<string>? AllowedChannels { get; set; }
    public bool? AllowAllUsers { get; set; }
    public List<string>? AllowedUsers { get; set; }
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

    public static string Write(ResolvedAgent agent)
    {
        var definition = agent.Definition;
        var discord = definition.Discord;
        var config = new OpenabConfig
        {
            Discord = new DiscordSection
            {
                BotToken = BotTokenReference,
                // Empty lists mean "everyone", as in openab's own auto-detection; written out
                // explicitly so the file says what the agent will do.
                AllowAllChannels = discord.AllowedChannels.Count == 0,
                AllowedChannels = [.. discord.AllowedChannels],
                AllowAllUsers = discord.AllowedUsers.Count == 0,
                AllowedUsers = [.. discord.AllowedUsers],
            },
            Agent = new AgentSection
            {
                Command = agent.Command,
                Args = [.. agent.Args],
                WorkingDir = agent.WorkingDir,
                InheritEnv = definition.SecretEnv.Count == 0 ? null : [.. definition.SecretEnv.Select(e => e.Name)],
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
}
