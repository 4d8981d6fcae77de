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
    /// <summary>Scheduled prompts (issue 7); last, so [[cron.jobs]] closes the file.</summary>
    public CronSection? Cron { get; set; }
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

/// <summary>
/// openab's [cron] (since 0.8.2, openabdev/openab#629; before it, top-level [[cronjobs]]): the
/// baseline jobs of config.toml. usercron (a hot-reloaded cronjob.toml) stays off, its default.
/// </summary>
internal sealed class CronSection
{
    public List<CronJobEntry>? Jobs { get; set; }
}

/// <summary>One [[cron.jobs]] entry; keys as openab's CronJobConfig (src/config.rs) names them.</summary>
internal sealed class CronJobEntry
{
    public string? Schedule { get; set; }
    public string? Channel { get; set; }
    public string? Message { get; set; }
    /// <summary>Shown as the prompt's author ("🕐 [name]: ...") and in openab's logs.</summary>
    public string? SenderName { get; set; }
    /// <summary>IANA name; openab's default is UTC.</summary>
    public string? Timezone { get; set; }
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
            Cron = CronFor(definition),
        };
        var toml = TomlSerializer.Serialize(config, OpenabTomlContext.Default.OpenabConfig);
        toml = toml.Replace("\r\n", "\n", StringComparison.Ordinal);
        // One blank line between tables, for people reading the ConfigMap; skipped when a
        // multi-line string could hold a line that starts with '['.
        if (!toml.Contains("\"\"\"", StringComparison.Ordinal) && !toml.Contains("'''", StringComparison.Ordinal))
        {
            toml = toml.Replace("\n[", "\n\n[", StringComparison.Ordinal);
            // Tomlyn already separates [[array]] entries with a blank line: keep one.
            toml = toml.Replace("\n\n\n", "\n\n", StringComparison.Ordinal);
        }
        return toml.TrimEnd('\n') + "\n";
    }

    /// <summary>cronjobs as [[cron.jobs]]; no section at all when there are none.</summary>
    private static CronSection? CronFor(AgentDefinition definition) => definition.Cronjobs.Count == 0 ? null : new CronSection
    {
        Jobs = [.. definition.Cronjobs.Select(job => new CronJobEntry
        {
            Schedule = job.Schedule,
            Channel = job.Channel,
            Message = job.Prompt,
            SenderName = job.Name,
            Timezone = string.IsNullOrEmpty(job.Timezone) ? null : job.Timezone,
        })],
    };
}
