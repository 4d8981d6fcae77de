using System.Text.Json.Serialization;
using AgentSetFn.Api;
using Tomlyn;
using Tomlyn.Model;
using Tomlyn.Serialization;

namespace AgentSetFn.Layout;

// openab's config.toml, the sections the AgentSet sets. Property order is the order written;
// null properties are left out so openab's own defaults apply.

internal sealed class OpenabConfig
{
    public DiscordSection? Discord { get; set; }
    public SlackSection? Slack { get; set; }
    /// <summary>Only with line.enabled: openab's native LINE adapter.</summary>
    public LineSection? Line { get; set; }
    public AgentSection? Agent { get; set; }
    public PoolSection? Pool { get; set; }
    public ReactionsSection? Reactions { get; set; }
    /// <summary>Only when `stt.enabled`.</summary>
    public SttSection? Stt { get; set; }
    /// <summary>Only when a field of `markdown` is set.</summary>
    public MarkdownSection? Markdown { get; set; }
    /// <summary>Lifecycle hooks; only when one is set.</summary>
    public HooksSection? Hooks { get; set; }
    /// <summary>Only with gateway.enabled.</summary>
    public GatewaySection? Gateway { get; set; }
    /// <summary>Scheduled prompts; last, so [[cron.jobs]] closes the file.</summary>
    public CronSection? Cron { get; set; }
}

// The options openab's [discord] and [slack] share, in the chart's order: the tokens first,
// each platform's own options last (the writer would otherwise put a derived class's first).
internal abstract class ChatSection
{
    [TomlPropertyOrder(-2)]
    public string? BotToken { get; set; }
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

internal sealed class DiscordSection : ChatSection
{
    [TomlPropertyOrder(1)]
    public List<string>? AllowedRoleIds { get; set; }
    [TomlPropertyOrder(1)]
    public bool? AllowDm { get; set; }
}

internal sealed class SlackSection : ChatSection
{
    [TomlPropertyOrder(-1)]
    public string? AppToken { get; set; }
    [TomlPropertyOrder(1)]
    public bool? AssistantMode { get; set; }
}

/// <summary>openab's native [line] (LineConfig of openab's LINE adapter change), in the chart's order.</summary>
internal sealed class LineSection
{
    public string? ChannelAccessToken { get; set; }
    public string? ChannelSecret { get; set; }
    public int WebhookPort { get; set; }
    public bool AllowAllUsers { get; set; }
    public bool AllowAllGroups { get; set; }
    public List<string>? AllowedUsers { get; set; }
    public List<string>? AllowedGroups { get; set; }
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
    /// <summary>[reactions.emojis] and [reactions.timing]: only the keys set, and only when one is.</summary>
    public ReactionEmojisSection? Emojis { get; set; }
    public ReactionTimingSection? Timing { get; set; }
}

internal sealed class ReactionEmojisSection
{
    public string? Queued { get; set; }
    public string? Thinking { get; set; }
    public string? Tool { get; set; }
    public string? Coding { get; set; }
    public string? Web { get; set; }
    public string? Done { get; set; }
    public string? Error { get; set; }
}

internal sealed class ReactionTimingSection
{
    public int? DebounceMs { get; set; }
    public int? StallSoftMs { get; set; }
    public int? StallHardMs { get; set; }
    public int? DoneHoldMs { get; set; }
    public int? ErrorHoldMs { get; set; }
}

internal sealed class SttSection
{
    public bool Enabled { get; set; }
    public string? ApiKey { get; set; }
    public string? Model { get; set; }
    public string? BaseUrl { get; set; }
    /// <summary>Only when true (openab's default is false, and releases before 0.8.3-beta.4 do not read it).</summary>
    public bool? EchoTranscript { get; set; }
}

internal sealed class MarkdownSection
{
    public string? Tables { get; set; }
}

/// <summary>openab's [gateway] (src/config.rs GatewayConfig), as the chart writes it.</summary>
internal sealed class GatewaySection
{
    public string? Url { get; set; }
    public string? Platform { get; set; }
    public string? Token { get; set; }
    public string? BotUsername { get; set; }
    public bool? AllowAllChannels { get; set; }
    public List<string>? AllowedChannels { get; set; }
    public bool? AllowAllUsers { get; set; }
    public List<string>? AllowedUsers { get; set; }
    public string? MessageProcessingMode { get; set; }
    public int? MaxBufferedMessages { get; set; }
    public int? MaxBatchTokens { get; set; }
}

/// <summary>
/// openab's [cron] (since 0.8.2, openabdev/openab#629; before it, top-level [[cronjobs]]): the
/// user cron switch and file (written only when the agent's `cron` sets them; openab's default
/// is off), then the baseline jobs of config.toml.
/// </summary>
internal sealed class CronSection
{
    public bool? UsercronEnabled { get; set; }
    public string? UsercronPath { get; set; }
    public List<CronJobEntry>? Jobs { get; set; }
}

/// <summary>openab's [hooks] (src/config.rs HooksConfig).</summary>
internal sealed class HooksSection
{
    public HookEntry? PreBoot { get; set; }
    public HookEntry? PreShutdown { get; set; }
}

/// <summary>One [hooks.pre_boot] / [hooks.pre_shutdown]; keys as openab's HookConfig names them.</summary>
internal sealed class HookEntry
{
    public string? Script { get; set; }
    public string? Inline { get; set; }
    public string? Url { get; set; }
    public string? Sha256 { get; set; }
    /// <summary>Written even at openab's default (60), as the chart does, so the ConfigMap says how long the pod may wait.</summary>
    public int TimeoutSeconds { get; set; }
    public string? OnFailure { get; set; }
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
    /// <summary>discord (openab's default, then not written) or slack.</summary>
    public string? Platform { get; set; }
    /// <summary>Only false is written: openab's default is true.</summary>
    public bool? Enabled { get; set; }
    public string? ThreadId { get; set; }
}

[TomlSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = TomlIgnoreCondition.WhenWritingNull,
    MappingOrder = TomlMappingOrderPolicy.OrderThenDeclaration)]
[TomlSerializable(typeof(OpenabConfig))]
// Read back by the check that no user string in it holds `${` (see Validation/ConfigTomlStrings).
[TomlSerializable(typeof(TomlTable))]
internal sealed partial class OpenabTomlContext : TomlSerializerContext;

/// <summary>Writes an agent's config.toml in openab's format.</summary>
internal static class OpenabConfigToml
{
    /// <summary>openab expands ${VAR} from its environment: the token itself never enters the ConfigMap.</summary>
    public const string BotTokenReference = "${" + PodLayout.DiscordBotTokenVariable + "}";
    public const string SlackBotTokenReference = "${" + PodLayout.SlackBotTokenVariable + "}";
    public const string SlackAppTokenReference = "${" + PodLayout.SlackAppTokenVariable + "}";
    public const string GatewayTokenReference = "${" + ResolvedGateway.TokenVariable + "}";
    public const string SttApiKeyReference = "${" + AgentSetApi.Stt.ApiKeyVariable + "}";
    public const string LineChannelAccessTokenReference = "${" + AgentSetApi.Line.ChannelAccessTokenVariable + "}";
    public const string LineChannelSecretReference = "${" + AgentSetApi.Line.ChannelSecretVariable + "}";

    /// <summary>
    /// Each agent's texts, written once: the checks of validation read them several times and
    /// rendering once more. A resolved agent never changes, so its text cannot go stale.
    /// </summary>
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<ResolvedAgent, Texts> Written = new();

    private sealed class Texts
    {
        public string? WithReferences;
        public string? WithoutReferences;
        public string? Merged;
    }

    /// <summary>config.toml as the agent's ConfigMap holds it: the rendered one with `configToml` laid over it (<see cref="RawConfigToml"/>).</summary>
    public static string Write(ResolvedAgent agent)
    {
        var texts = Written.GetOrCreateValue(agent);
        return texts.Merged ??= RawConfigToml.Merge(Write(agent, tokenReferences: true), agent.Definition.ConfigToml);
    }

    /// <summary>
    /// config.toml; without <paramref name="tokenReferences"/> the function's own ${...} token
    /// references are left out, so that every `${` left in the text came from the AgentSet.
    /// </summary>
    public static string Write(ResolvedAgent agent, bool tokenReferences)
    {
        var texts = Written.GetOrCreateValue(agent);
        return tokenReferences
            ? texts.WithReferences ??= Serialize(agent, tokenReferences: true)
            : texts.WithoutReferences ??= Serialize(agent, tokenReferences: false);
    }

    private static string Serialize(ResolvedAgent agent, bool tokenReferences)
    {
        var definition = agent.Definition;
        var config = new OpenabConfig
        {
            Discord = definition.Discord.Enabled ? DiscordSectionFor(definition.Discord, agent.DiscordAccess, tokenReferences) : null,
            Slack = definition.Slack.Enabled ? SlackSectionFor(definition.Slack, agent.SlackAccess, tokenReferences) : null,
            Line = LineSectionFor(definition.Line, tokenReferences),
            Agent = new AgentSection
            {
                Command = agent.Command,
                Args = [.. agent.Args],
                WorkingDir = agent.WorkingDir,
                InheritEnv = agent.InheritEnv.Count == 0 ? null : [.. agent.InheritEnv],
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
                Emojis = EmojisFor(definition.Reactions.Emojis),
                Timing = TimingFor(definition.Reactions.Timing),
            },
            Stt = SttSectionFor(definition.Stt, tokenReferences),
            Markdown = definition.Markdown.Tables is null ? null : new MarkdownSection { Tables = definition.Markdown.Tables },
            Hooks = HooksFor(definition.Hooks),
            Gateway = GatewaySectionFor(agent, tokenReferences),
            Cron = CronFor(definition),
        };
        return Tidy(TomlSerializer.Serialize(config, OpenabTomlContext.Default.OpenabConfig));
    }

    /// <summary>The layout of every config.toml the function writes: LF line ends, blank lines between tables, one final newline.</summary>
    internal static string Tidy(string toml)
    {
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

    private static List<string>? UnlessEmpty(IReadOnlyList<string> list) => list.Count == 0 ? null : [.. list];

    private static DiscordSection DiscordSectionFor(DiscordSettings discord, ChatAccess access, bool tokenReferences) => Fill(new DiscordSection
    {
        BotToken = tokenReferences ? BotTokenReference : null,
        AllowedRoleIds = UnlessEmpty(discord.AllowedRoleIds),
        AllowDm = discord.AllowDm,
    }, discord, access);

    private static SlackSection SlackSectionFor(SlackSettings slack, ChatAccess access, bool tokenReferences) => Fill(new SlackSection
    {
        BotToken = tokenReferences ? SlackBotTokenReference : null,
        AppToken = tokenReferences ? SlackAppTokenReference : null,
        // Only `false` is written, as the chart writes it: true is openab's default, and a release
        // without assistant mode (older than the key) already behaves as false.
        AssistantMode = slack.AssistantMode == false ? false : null,
    }, slack, access);

    /// <summary>
    /// The options both platforms share, as the chart writes them: allow_all_* written out
    /// (see <see cref="ChatAccess"/>), so the file says what the agent will do.
    /// </summary>
    private static T Fill<T>(T section, ChatSettings chat, ChatAccess access) where T : ChatSection
    {
        section.AllowAllChannels = access.AllowAllChannels;
        section.AllowedChannels = [.. chat.AllowedChannels];
        section.AllowAllUsers = access.AllowAllUsers;
        section.AllowedUsers = [.. chat.AllowedUsers];
        section.AllowBotMessages = chat.AllowBotMessages;
        section.TrustedBotIds = UnlessEmpty(chat.TrustedBotIds);
        section.AllowUserMessages = chat.AllowUserMessages;
        section.MaxBotTurns = chat.MaxBotTurns;
        section.MessageProcessingMode = chat.MessageProcessingMode;
        section.MaxBufferedMessages = chat.MaxBufferedMessages;
        section.MaxBatchTokens = chat.MaxBatchTokens;
        return section;
    }

    /// <summary>
    /// [line] as the chart writes it: both credentials as references to the pod's variables,
    /// allow_all_* written out from the lists (as for the chat platforms), both lists always.
    /// </summary>
    private static LineSection? LineSectionFor(LineAdapterSettings line, bool tokenReferences)
    {
        if (!line.Enabled) return null;
        var access = ChatAccess.Of(line.AllowAllGroups, line.AllowedGroups, line.AllowAllUsers, line.AllowedUsers);
        return new LineSection
        {
            ChannelAccessToken = tokenReferences ? LineChannelAccessTokenReference : null,
            ChannelSecret = tokenReferences ? LineChannelSecretReference : null,
            WebhookPort = line.WebhookPort,
            AllowAllUsers = access.AllowAllUsers,
            AllowAllGroups = access.AllowAllChannels,
            AllowedUsers = [.. line.AllowedUsers],
            AllowedGroups = [.. line.AllowedGroups],
        };
    }

    /// <summary>
    /// [stt] while enabled: the key as a reference to the pod's variable, or, for a plain-http
    /// server given no key, the placeholder openab's docs use (it only wants a non-empty value).
    /// </summary>
    private static SttSection? SttSectionFor(SttSettings stt, bool tokenReferences) => !stt.Enabled ? null : new SttSection
    {
        Enabled = true,
        ApiKey = stt.ApiKey is not null ? (tokenReferences ? SttApiKeyReference : null) : stt.ApiKeyOptional ? AgentSetApi.Stt.NoApiKey : null,
        Model = stt.Model,
        BaseUrl = stt.BaseUrl,
        EchoTranscript = stt.EchoTranscript ? true : null,
    };

    // A section with nothing set would still be written as an empty table header: leave it out.
    private static ReactionEmojisSection? EmojisFor(ReactionEmojis emojis) => emojis == new ReactionEmojis() ? null : new ReactionEmojisSection
    {
        Queued = emojis.Queued,
        Thinking = emojis.Thinking,
        Tool = emojis.Tool,
        Coding = emojis.Coding,
        Web = emojis.Web,
        Done = emojis.Done,
        Error = emojis.Error,
    };

    private static ReactionTimingSection? TimingFor(ReactionTiming timing) => timing == new ReactionTiming() ? null : new ReactionTimingSection
    {
        DebounceMs = timing.DebounceMs,
        StallSoftMs = timing.StallSoftMs,
        StallHardMs = timing.StallHardMs,
        DoneHoldMs = timing.DoneHoldMs,
        ErrorHoldMs = timing.ErrorHoldMs,
    };

    /// <summary>
    /// [gateway] as the chart writes it: allow_all_* written out (derived from the lists as for
    /// the chat platforms), the token only as the ${GATEWAY_WS_TOKEN} its pod variable fills.
    /// </summary>
    private static GatewaySection? GatewaySectionFor(ResolvedAgent agent, bool tokenReferences)
    {
        if (agent.Gateway is not { Settings: var gateway }) return null;
        var access = ChatAccess.Of(gateway.AllowAllChannels, gateway.AllowedChannels, gateway.AllowAllUsers, gateway.AllowedUsers);
        return new GatewaySection
        {
            Url = gateway.Url,
            Platform = gateway.Platform,
            Token = tokenReferences && agent.Secrets.Any(s => s.Variable == ResolvedGateway.TokenVariable) ? GatewayTokenReference : null,
            BotUsername = string.IsNullOrEmpty(gateway.BotUsername) ? null : gateway.BotUsername,
            AllowAllChannels = access.AllowAllChannels,
            AllowedChannels = [.. gateway.AllowedChannels],
            AllowAllUsers = access.AllowAllUsers,
            AllowedUsers = [.. gateway.AllowedUsers],
            MessageProcessingMode = gateway.MessageProcessingMode,
            MaxBufferedMessages = gateway.MaxBufferedMessages,
            MaxBatchTokens = gateway.MaxBatchTokens,
        };
    }

    /// <summary>cron's user cron keys, then cronjobs as [[cron.jobs]]; no section at all when neither is set.</summary>
    private static CronSection? CronFor(AgentDefinition definition) => definition.Cronjobs.Count == 0 && !definition.Cron.Written ? null : new CronSection
    {
        UsercronEnabled = definition.Cron.Written ? definition.Cron.UsercronEnabled : null,
        UsercronPath = definition.Cron.UsercronPath,
        Jobs = definition.Cronjobs.Count == 0 ? null : [.. definition.Cronjobs.Select(job => new CronJobEntry
        {
            Schedule = job.Schedule,
            Channel = job.Channel,
            Message = job.Prompt,
            SenderName = job.Name,
            Timezone = string.IsNullOrEmpty(job.Timezone) ? null : job.Timezone,
            Platform = job.Platform,
            Enabled = job.Enabled ? null : false,
            ThreadId = job.ThreadId,
        })],
    };

    private static HooksSection? HooksFor(HookSettings hooks) => hooks.PreBoot is null && hooks.PreShutdown is null ? null : new HooksSection
    {
        PreBoot = HookFor(hooks.PreBoot),
        PreShutdown = HookFor(hooks.PreShutdown),
    };

    private static HookEntry? HookFor(LifecycleHook? hook) => hook is null ? null : new HookEntry
    {
        Script = hook.Script,
        Inline = hook.Inline,
        Url = hook.Url,
        Sha256 = hook.Sha256,
        TimeoutSeconds = hook.TimeoutSeconds,
        OnFailure = hook.OnFailure,
    };

    /// <summary>
    /// The AgentSet field a config.toml key is written from, for messages: [agent] keys are the
    /// agent's own fields, [[cron.jobs]] are its cronjobs (message is the prompt, sender_name the
    /// name), the other sections keep their names; snake_case becomes camelCase, and the keys of
    /// [agent.env] (variable names) stay as written. Segments are keys or array indexes.
    /// </summary>
    internal static string SourceField(IReadOnlyList<object> tomlPath)
    {
        var (field, start) = tomlPath switch
        {
            ["agent", ..] => ("", 1),
            ["cron", "jobs", ..] => ("cronjobs", 2),
            [string section, ..] => (section, 1),
            _ => ("", 0),
        };
        var cron = field == "cronjobs";
        for (var i = start; i < tomlPath.Count; i++)
        {
            var segment = tomlPath[i] switch
            {
                int index => $"[{index}]",
                string key when i > 0 && tomlPath[i - 1] is "env" => "." + key,
                "message" when cron => ".prompt",
                "sender_name" when cron => ".name",
                string key => "." + CamelCase(key),
                var other => $".{other}",
            };
            field += segment;
        }
        return field.TrimStart('.');
    }

    private static string CamelCase(string snake) =>
        string.Concat(snake.Split('_').Select((word, i) => i == 0 || word.Length == 0 ? word : char.ToUpperInvariant(word[0]) + word[1..]));
}
