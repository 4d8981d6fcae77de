using System.Globalization;
using System.Text.RegularExpressions;

namespace AgentSetFn.Api;

/// <summary>
/// A release number as openab tags its images: X.Y.Z for a stable release, X.Y.Z-beta.N for a
/// pre-release (the git tag's `v` stripped by the release workflow). Anything else (latest,
/// a digest, X.Y, a custom build such as 0.8.3-aws) is not a release and is never guessed at.
/// </summary>
internal readonly partial record struct OpenabVersion(int Major, int Minor, int Patch, int? Beta) : IComparable<OpenabVersion>
{
    [GeneratedRegex(@"\A(0|[1-9][0-9]{0,5})\.(0|[1-9][0-9]{0,5})\.(0|[1-9][0-9]{0,5})(?:-beta\.([1-9][0-9]{0,5}))?\z")]
    private static partial Regex Form();

    public static OpenabVersion? Parse(string text)
    {
        var match = Form().Match(text);
        if (!match.Success) return null;
        int Group(int i) => int.Parse(match.Groups[i].Value, NumberStyles.None, CultureInfo.InvariantCulture);
        return new OpenabVersion(Group(1), Group(2), Group(3), match.Groups[4].Success ? Group(4) : null);
    }

    /// <summary>For constants in the tables below, which are known to parse.</summary>
    public static OpenabVersion Of(string text) => Parse(text) ?? throw new ArgumentException($"not an openab release: {text}", nameof(text));

    // A pre-release comes before its release: 0.8.3-beta.4 < 0.8.3.
    public int CompareTo(OpenabVersion other)
    {
        var byNumber = (Major, Minor, Patch).CompareTo((other.Major, other.Minor, other.Patch));
        if (byNumber != 0) return byNumber;
        return (Beta ?? int.MaxValue).CompareTo(other.Beta ?? int.MaxValue);
    }

    public static bool operator <(OpenabVersion a, OpenabVersion b) => a.CompareTo(b) < 0;
    public static bool operator >(OpenabVersion a, OpenabVersion b) => a.CompareTo(b) > 0;
    public static bool operator <=(OpenabVersion a, OpenabVersion b) => a.CompareTo(b) <= 0;
    public static bool operator >=(OpenabVersion a, OpenabVersion b) => a.CompareTo(b) >= 0;

    public override string ToString() => Beta is { } beta ? $"{Major}.{Minor}.{Patch}-beta.{beta}" : $"{Major}.{Minor}.{Patch}";
}

/// <summary>One config.toml key agentset can write, and the first openab release that reads it.</summary>
/// <param name="Key">The dotted path in config.toml (a section is its own row: `slack`, `cron`).</param>
/// <param name="Since">The first release whose src/config.rs has the key (older ones ignore it silently); null: no release
/// agentset knows reads it (<see cref="OpenabConfigKey.Unreleased"/> says where it comes from).</param>
/// <param name="Field">The AgentSet field that makes agentset write it.</param>
/// <param name="Lost">What silently does not happen on a release that ignores the key, when that is not plain from the field.</param>
/// <param name="Map">The key holds the user's own names (agent.env): what is inside is data, not keys.</param>
internal sealed record OpenabConfigKey(string Key, OpenabVersion? Since, string Field, string? Lost = null, bool Map = false)
{
    /// <summary>For a key no release reads: the openab source that does, for messages.</summary>
    public string? Unreleased { get; init; }
}

/// <summary>
/// What agentset knows about openab's releases: the release an empty image tag resolves to,
/// how the images of a release are named, and which release introduced each config.toml key
/// agentset writes. Facts and their sources are in docs/clis.md ("openab releases").
/// </summary>
internal static class OpenabReleases
{
    /// <summary>
    /// The release an empty image tag resolves to (never an implicit latest). It is the chart's own
    /// appVersion at git tag v0.8.3-beta.4, so the chart's default image is this one, and the
    /// release workflow at that tag pushed it for every CLI image it built (a CLI whose first image
    /// came later defaults to that, <see cref="DefaultFor"/>); its src/config.rs has every key
    /// in <see cref="ConfigKeys"/>. Moving it: pick a tag the workflow published, check the keys
    /// against that tag's src/config.rs, and update the table and the golden fixtures.
    /// </summary>
    public static readonly OpenabVersion Default = OpenabVersion.Of("0.8.3-beta.4");

    /// <summary>openab's image repository; per-CLI repositories add `-&lt;variant&gt;` to it.</summary>
    public const string Repository = "ghcr.io/openabdev/openab";

    /// <summary>
    /// From this release on every CLI is a tag of one repository, ghcr.io/openabdev/openab:&lt;version&gt;-&lt;variant&gt;
    /// (docs/image-tags.md); before it, each CLI had its own repository, ghcr.io/openabdev/openab-&lt;variant&gt;:&lt;version&gt;
    /// (kiro: ghcr.io/openabdev/openab), as the release workflow up to v0.8.3-beta.4 pushes them.
    /// </summary>
    public static readonly OpenabVersion UnifiedImagesSince = OpenabVersion.Of("0.9.0-beta.1");

    /// <summary>
    /// Every key agentset writes, with the first release whose src/config.rs declares it (from the
    /// git history of openab's src/config.rs; no release had deny_unknown_fields, so an older one
    /// ignores the key without a word). A nested key's release is never before its section's.
    /// </summary>
    public static readonly IReadOnlyList<OpenabConfigKey> ConfigKeys =
    [
        Key("discord", "0.6.4-beta.1", "discord"),
        Key("discord.bot_token", "0.6.4-beta.1", "discord.botTokenSecretRef"),
        Key("discord.allowed_channels", "0.6.4-beta.1", "discord.allowedChannels"),
        Key("discord.allowed_users", "0.6.4-beta.1", "discord.allowedUsers"),
        Key("discord.allow_bot_messages", "0.7.4-beta.1", "discord.allowBotMessages"),
        Key("discord.trusted_bot_ids", "0.7.4-beta.1", "discord.trustedBotIds"),
        Key("discord.allow_user_messages", "0.7.7-beta.3", "discord.allowUserMessages"),
        Key("discord.max_bot_turns", "0.7.8-beta.7", "discord.maxBotTurns"),
        Key("discord.allow_all_channels", "0.7.8-beta.8", "discord.allowAllChannels / allowedChannels"),
        Key("discord.allow_all_users", "0.7.8-beta.8", "discord.allowAllUsers / allowedUsers"),
        Key("discord.allow_dm", "0.8.2-beta.5", "discord.allowDm"),
        Key("discord.message_processing_mode", "0.8.3-beta.3", "discord.messageProcessingMode"),
        Key("discord.max_buffered_messages", "0.8.3-beta.3", "discord.maxBufferedMessages"),
        Key("discord.max_batch_tokens", "0.8.3-beta.3", "discord.maxBatchTokens"),
        Key("discord.allowed_role_ids", "0.8.3-beta.4", "discord.allowedRoleIds"),
        Key("slack", "0.7.7-beta.1", "slack"),
        Key("slack.bot_token", "0.7.7-beta.1", "slack.botTokenSecretRef"),
        Key("slack.app_token", "0.7.7-beta.1", "slack.appTokenSecretRef"),
        Key("slack.allowed_channels", "0.7.7-beta.1", "slack.allowedChannels"),
        Key("slack.allowed_users", "0.7.7-beta.1", "slack.allowedUsers"),
        Key("slack.allow_bot_messages", "0.7.7-beta.2", "slack.allowBotMessages"),
        Key("slack.trusted_bot_ids", "0.7.7-beta.2", "slack.trustedBotIds"),
        Key("slack.allow_user_messages", "0.7.7-beta.2", "slack.allowUserMessages"),
        Key("slack.allow_all_channels", "0.7.8-beta.8", "slack.allowAllChannels / allowedChannels"),
        Key("slack.allow_all_users", "0.7.8-beta.8", "slack.allowAllUsers / allowedUsers"),
        Key("slack.max_bot_turns", "0.8.1-beta.2", "slack.maxBotTurns"),
        Key("slack.message_processing_mode", "0.8.3-beta.3", "slack.messageProcessingMode"),
        Key("slack.max_buffered_messages", "0.8.3-beta.3", "slack.maxBufferedMessages"),
        Key("slack.max_batch_tokens", "0.8.3-beta.3", "slack.maxBatchTokens"),
        // Not in src/config.rs at v0.8.3-beta.4; in the newest source read (chart 0.9.0-beta.12).
        // The first release between them is not known, so none is assumed to read it before 0.9.0-beta.12.
        Key("slack.assistant_mode", "0.9.0-beta.12", "slack.assistantMode",
            lost: "nothing changes: that release has no assistant mode and already answers with posted replies and emoji reactions"),
        Key("agent", "0.6.4-beta.1", "command"),
        Key("agent.command", "0.6.4-beta.1", "command"),
        Key("agent.args", "0.6.4-beta.1", "args"),
        Key("agent.working_dir", "0.6.4-beta.1", "workingDir"),
        Key("agent.env", "0.6.4-beta.1", "env", map: true),
        Key("agent.inherit_env", "0.8.3-beta.1", "inheritEnv / secretEnv", lost: "the agent never sees these variables"),
        Key("pool", "0.6.4-beta.1", "pool"),
        Key("pool.max_sessions", "0.6.4-beta.1", "pool.maxSessions"),
        Key("pool.session_ttl_hours", "0.6.4-beta.1", "pool.sessionTtlHours"),
        Key("reactions", "0.6.4-beta.1", "reactions"),
        Key("reactions.enabled", "0.6.4-beta.1", "reactions.enabled"),
        Key("reactions.remove_after_reply", "0.6.4-beta.1", "reactions.removeAfterReply"),
        Key("reactions.tool_display", "0.8.2-beta.5", "reactions.toolDisplay"),
        // [reactions.emojis] and [reactions.timing] are in src/config.rs from its first commit on.
        Key("reactions.emojis", "0.6.4-beta.1", "reactions.emojis"),
        Key("reactions.emojis.queued", "0.6.4-beta.1", "reactions.emojis.queued"),
        Key("reactions.emojis.thinking", "0.6.4-beta.1", "reactions.emojis.thinking"),
        Key("reactions.emojis.tool", "0.6.4-beta.1", "reactions.emojis.tool"),
        Key("reactions.emojis.coding", "0.6.4-beta.1", "reactions.emojis.coding"),
        Key("reactions.emojis.web", "0.6.4-beta.1", "reactions.emojis.web"),
        Key("reactions.emojis.done", "0.6.4-beta.1", "reactions.emojis.done"),
        Key("reactions.emojis.error", "0.6.4-beta.1", "reactions.emojis.error"),
        Key("reactions.timing", "0.6.4-beta.1", "reactions.timing"),
        Key("reactions.timing.debounce_ms", "0.6.4-beta.1", "reactions.timing.debounceMs"),
        Key("reactions.timing.stall_soft_ms", "0.6.4-beta.1", "reactions.timing.stallSoftMs"),
        Key("reactions.timing.stall_hard_ms", "0.6.4-beta.1", "reactions.timing.stallHardMs"),
        Key("reactions.timing.done_hold_ms", "0.6.4-beta.1", "reactions.timing.doneHoldMs"),
        Key("reactions.timing.error_hold_ms", "0.6.4-beta.1", "reactions.timing.errorHoldMs"),
        Key("stt", "0.6.7-beta.1", "stt.enabled", lost: "voice messages are not transcribed"),
        Key("stt.enabled", "0.6.7-beta.1", "stt.enabled"),
        Key("stt.api_key", "0.6.7-beta.1", "stt.apiKeySecretRef"),
        Key("stt.model", "0.6.7-beta.1", "stt.model"),
        Key("stt.base_url", "0.6.7-beta.1", "stt.baseUrl"),
        Key("stt.echo_transcript", "0.8.3-beta.4", "stt.echoTranscript"),
        // A first [markdown] was added and reverted before 0.7.3-beta.1; no release before 0.8.2-beta.1 has it.
        Key("markdown", "0.8.2-beta.1", "markdown", lost: "tables in replies are sent as written"),
        Key("markdown.tables", "0.8.2-beta.1", "markdown.tables"),
        // 0.8.2-beta.1 and .2 read a top-level [[cronjobs]]; [cron] with [[cron.jobs]] replaced it.
        Key("cron", "0.8.2-beta.3", "cronjobs", lost: "no scheduled prompt runs"),
        Key("cron.jobs", "0.8.2-beta.3", "cronjobs"),
        Key("cron.jobs.schedule", "0.8.2-beta.3", "cronjobs[].schedule"),
        Key("cron.jobs.channel", "0.8.2-beta.3", "cronjobs[].channel"),
        Key("cron.jobs.message", "0.8.2-beta.3", "cronjobs[].prompt"),
        Key("cron.jobs.sender_name", "0.8.2-beta.3", "cronjobs[].name"),
        Key("cron.jobs.timezone", "0.8.2-beta.3", "cronjobs[].timezone"),
        Key("cron.jobs.platform", "0.8.2-beta.3", "cronjobs[].platform"),
        Key("cron.jobs.enabled", "0.8.2-beta.3", "cronjobs[].enabled", lost: "the prompt runs all the same"),
        Key("cron.jobs.thread_id", "0.8.2-beta.3", "cronjobs[].threadId", lost: "each run opens a new thread"),
        Key("cron.usercron_enabled", "0.8.2-beta.3", "cron.usercronEnabled", lost: "openab never reads the user cron file"),
        Key("cron.usercron_path", "0.8.2-beta.3", "cron.usercronPath"),
        // [hooks] is not in any release of the May snapshot (to 0.8.3-beta.4); the first release
        // with it is not in the history agentset was checked against, so the newest chart's
        // appVersion, which reads it, is named: a release between the two may warn needlessly.
        Key("hooks", "0.9.0-beta.12", "hooks", lost: "no hook runs"),
        Key("hooks.pre_boot", "0.9.0-beta.12", "hooks.preBoot"),
        Key("hooks.pre_boot.script", "0.9.0-beta.12", "hooks.preBoot.script"),
        Key("hooks.pre_boot.inline", "0.9.0-beta.12", "hooks.preBoot.inline"),
        Key("hooks.pre_boot.url", "0.9.0-beta.12", "hooks.preBoot.url"),
        Key("hooks.pre_boot.sha256", "0.9.0-beta.12", "hooks.preBoot.sha256"),
        Key("hooks.pre_boot.timeout_seconds", "0.9.0-beta.12", "hooks.preBoot.timeoutSeconds"),
        Key("hooks.pre_boot.on_failure", "0.9.0-beta.12", "hooks.preBoot.onFailure"),
        Key("hooks.pre_shutdown", "0.9.0-beta.12", "hooks.preShutdown"),
        Key("hooks.pre_shutdown.script", "0.9.0-beta.12", "hooks.preShutdown.script"),
        Key("hooks.pre_shutdown.inline", "0.9.0-beta.12", "hooks.preShutdown.inline"),
        Key("hooks.pre_shutdown.url", "0.9.0-beta.12", "hooks.preShutdown.url"),
        Key("hooks.pre_shutdown.sha256", "0.9.0-beta.12", "hooks.preShutdown.sha256"),
        Key("hooks.pre_shutdown.timeout_seconds", "0.9.0-beta.12", "hooks.preShutdown.timeoutSeconds"),
        Key("hooks.pre_shutdown.on_failure", "0.9.0-beta.12", "hooks.preShutdown.onFailure"),
        // [gateway]: the custom gateway (0.8.1-beta.5), its access lists (0.8.2-beta.4) and batching (0.8.3-beta.3).
        Key("gateway", "0.8.1-beta.5", "gateway", lost: "the agent never connects to the gateway"),
        Key("gateway.url", "0.8.1-beta.5", "gateway.url"),
        Key("gateway.platform", "0.8.1-beta.5", "gateway.platform"),
        Key("gateway.token", "0.8.1-beta.5", "gateway.tokenSecretRef"),
        Key("gateway.bot_username", "0.8.1-beta.5", "gateway.botUsername"),
        Key("gateway.allow_all_channels", "0.8.2-beta.4", "gateway.allowAllChannels / allowedChannels"),
        Key("gateway.allowed_channels", "0.8.2-beta.4", "gateway.allowedChannels"),
        Key("gateway.allow_all_users", "0.8.2-beta.4", "gateway.allowAllUsers / allowedUsers"),
        Key("gateway.allowed_users", "0.8.2-beta.4", "gateway.allowedUsers"),
        Key("gateway.message_processing_mode", "0.8.3-beta.3", "gateway.messageProcessingMode"),
        Key("gateway.max_buffered_messages", "0.8.3-beta.3", "gateway.maxBufferedMessages"),
        Key("gateway.max_batch_tokens", "0.8.3-beta.3", "gateway.maxBatchTokens"),
        // [line]: openab's native LINE adapter, a change of April 2026 (53808bc, on 0.8.0) that no
        // release read up to the newest chart read (0.9.0-beta.12); the gateway's LINE is the released one.
        Unreleased("line", "line.enabled", lost: "no LINE message reaches the agent (with no other chat platform openab does not start: it finds no adapter)"),
        Unreleased("line.channel_access_token", "line.channelAccessTokenSecretRef"),
        Unreleased("line.channel_secret", "line.channelSecretSecretRef"),
        Unreleased("line.webhook_port", "line.webhookPort"),
        Unreleased("line.allow_all_users", "line.allowAllUsers / allowedUsers"),
        Unreleased("line.allow_all_groups", "line.allowAllGroups / allowedGroups"),
        Unreleased("line.allowed_users", "line.allowedUsers"),
        Unreleased("line.allowed_groups", "line.allowedGroups"),
    ];

    /// <summary>Where openab's native LINE adapter is, for the messages on its keys.</summary>
    private const string LineAdapter = "openab's native LINE adapter is its change 53808bc (\"feat(line): Add LINE Messaging API adapter\", April 2026), "
        + "in no release up to 0.9.0-beta.12; run an openab image built with it (an image.repository of your own), or use gateway.line with a released image";

    /// <summary>
    /// The newest release whose source agentset read (the newest chart's appVersion): a key no
    /// release reads is known to be unread up to it; of a newer release nothing is known.
    /// </summary>
    public static readonly OpenabVersion NewestRead = OpenabVersion.Of("0.9.0-beta.12");

    /// <summary>The oldest release the table was checked against (the snapshot's first tag).</summary>
    public static readonly OpenabVersion OldestKnown = OpenabVersion.Of("0.6.4-beta.1");

    /// <summary>The newest release any released key needs: from it on, every key agentset writes is read but the unreleased ones.</summary>
    public static OpenabVersion NewestKeyRelease { get; } = ConfigKeys.Select(k => k.Since).OfType<OpenabVersion>().Max();

    public static OpenabConfigKey? FindKey(string key) =>
        ConfigKeys.FirstOrDefault(k => string.Equals(k.Key, key, StringComparison.Ordinal));

    /// <summary>Whether a path is a name inside a map of the user's (agent.env.FOO), not a key of openab's.</summary>
    public static bool IsInsideMap(string path) =>
        ConfigKeys.Any(k => k.Map && path.StartsWith(k.Key + ".", StringComparison.Ordinal));

    private static OpenabConfigKey Key(string key, string since, string field, string? lost = null, bool map = false) =>
        new(key, OpenabVersion.Of(since), field, lost, map);

    /// <summary>A key of openab's native LINE adapter, which no release reads (<see cref="LineAdapter"/>).</summary>
    private static OpenabConfigKey Unreleased(string key, string field, string? lost = null) => new(key, null, field, lost) { Unreleased = LineAdapter };

    /// <summary>Whether the repository is one of openab's own (the unified one or a per-CLI one).</summary>
    public static bool IsOpenabRepository(string repository) =>
        repository == Repository || repository.StartsWith(Repository + "-", StringComparison.Ordinal);

    /// <summary>
    /// The broker image for an agent: repository and tag as written, each defaulted when empty.
    /// With an empty repository the reference follows the release's naming: per-CLI repositories
    /// before <see cref="UnifiedImagesSince"/>, one repository with a `-&lt;variant&gt;` tag from it on.
    /// </summary>
    /// <param name="cli">The agent's CLI, or null for one the table does not know.</param>
    public static ImageReference Image(ImageReference? image, KnownCli? cli)
    {
        var variant = Variant(cli);
        var tag = Tag(image, cli);
        if (image?.Repository is { Length: > 0 } repository)
            return new ImageReference(repository, tag);
        var (version, suffix) = SplitVariant(tag);
        if (version is { } v && v >= UnifiedImagesSince)
            return new ImageReference(Repository, $"{version}-{suffix ?? variant}");
        // A version of the per-CLI era, or a tag that is no version (latest, a digest, a build of
        // one's own): the per-CLI repository, as the default release names it.
        return new ImageReference(PerCliRepository(variant), tag);
    }

    /// <summary>A CLI's own repository of the per-CLI naming (up to 0.8): openab-&lt;variant&gt;, kiro's openab itself.</summary>
    public static string PerCliRepository(string variant) => variant == KnownClis.All[0].ImageVariant ? Repository : $"{Repository}-{variant}";

    /// <summary>The CLI's name in openab's image names; a CLI the table does not know runs on the default (kiro) image.</summary>
    public static string Variant(KnownCli? cli) => cli?.ImageVariant ?? KnownClis.All[0].ImageVariant;

    /// <summary>image.tag as written, or the CLI's default release when empty.</summary>
    public static string Tag(ImageReference? image, KnownCli? cli) => image?.Tag is { Length: > 0 } t ? t : DefaultFor(cli).ToString();

    /// <summary>
    /// The release an empty tag means for the CLI: <see cref="Default"/>, or the CLI's first image when that
    /// is later (the default release has no image for it). Every key agentset writes is read from the
    /// default release on, so a later one reads them too.
    /// </summary>
    public static OpenabVersion DefaultFor(KnownCli? cli) => cli?.FirstImage is { } first && first > Default ? first : Default;

    /// <summary>
    /// A tag as a release and the variant suffix of the unified naming: `0.9.0-beta.12-claude` is
    /// (0.9.0-beta.12, claude); `0.8.2` is (0.8.2, null); `latest` is (null, null).
    /// </summary>
    public static (OpenabVersion? Version, string? Variant) SplitVariant(string tag)
    {
        if (OpenabVersion.Parse(tag) is { } plain) return (plain, null);
        var dash = tag.LastIndexOf('-');
        if (dash > 0 && OpenabVersion.Parse(tag[..dash]) is { } version && KnownClis.IsVariant(tag[(dash + 1)..]))
            return (version, tag[(dash + 1)..]);
        return (null, null);
    }
}
