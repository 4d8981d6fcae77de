using k8s.Models;
using KrmFn;

namespace AgentSetFn.Api;

// The AgentSet API (agentset.dev/v1alpha1) as typed records: what the user wrote, after
// reading. The fields themselves (names, ranges, values, fixed defaults) are declared in
// AgentSetApi; defaults that depend on other fields (the CLI table, the set's name, S3) are
// applied by ResolvedAgent.Resolve, so "unset" (null) and "set to empty" stay distinguishable.

/// <summary>One AgentSet resource: metadata plus the agents it renders.</summary>
/// <param name="OutputDirectory">spec.output.directory: where the generated files go, relative
/// to the AgentSet's own file; null means a directory named after the set.</param>
internal sealed record AgentSetDefinition(
    string Name,
    string? Namespace,
    IReadOnlyList<AgentDefinition> Agents,
    SourceLocation Source,
    string? OutputDirectory,
    bool AllowHostPath)
{
    /// <summary>The generated files' directory, relative to the AgentSet file, without a trailing '/'.</summary>
    public string FilesDirectory => OutputDirectory is { Length: > 0 } d ? d.TrimEnd('/') : Name;
}

/// <summary>One entry of spec.agents: one Deployment, ConfigMap and (optionally) Secret.</summary>
internal sealed record AgentDefinition
{
    public required string Key { get; init; }
    public ImageReference? Image { get; init; }
    public string? Command { get; init; }
    public IReadOnlyList<string>? Args { get; init; }
    public DiscordSettings Discord { get; init; } = new();
    /// <summary>Names the agent inherits from the pod's environment (openab `[agent].inherit_env`).</summary>
    public IReadOnlyList<string> InheritEnv { get; init; } = [];
    public SlackSettings Slack { get; init; } = new();
    /// <summary>`line`: openab's native LINE adapter, `[line]` (not the gateway's LINE).</summary>
    public LineAdapterSettings Line { get; init; } = new();
    /// <summary>`gateway`: openab's [gateway] and the gateway beside the agent (Api/GatewaySettings.cs).</summary>
    public GatewaySettings Gateway { get; init; } = new();
    public string? WorkingDir { get; init; }
    /// <summary>Plain environment values, kept in the order written.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Env { get; init; } = [];
    public IReadOnlyList<SecretEnvVar> SecretEnv { get; init; } = [];
    public IReadOnlyList<V1EnvFromSource> EnvFrom { get; init; } = [];
    public PoolSettings Pool { get; init; } = new();
    public ReactionSettings Reactions { get; init; } = new();
    public MarkdownSettings Markdown { get; init; } = new();
    public SttSettings Stt { get; init; } = new();
    public string? AgentsMd { get; init; }
    public PersistenceSettings Persistence { get; init; } = new();
    public V1ResourceRequirements? Resources { get; init; }
    public IReadOnlyList<KeyValuePair<string, string>> NodeSelector { get; init; } = [];
    public IReadOnlyList<V1Toleration> Tolerations { get; init; } = [];
    public V1Affinity? Affinity { get; init; }

    /// <summary>False: the agent is read and checked for shape, but renders nothing.</summary>
    public bool Enabled { get; init; } = AgentSetApi.Agent.Enabled.DefaultValue;
    /// <summary>Replaces &lt;set&gt;-&lt;agent&gt; as the generated objects' name.</summary>
    public string? NameOverride { get; init; }
    public WorkspaceSettings? Workspace { get; init; }
    public IReadOnlyList<SetupStep> Setup { get; init; } = [];
    public IReadOnlyList<AgentVolume> Volumes { get; init; } = [];
    public IReadOnlyList<V1Container> ExtraInitContainers { get; init; } = [];
    public IReadOnlyList<V1Container> ExtraContainers { get; init; } = [];
    public IReadOnlyList<V1Volume> ExtraVolumes { get; init; } = [];
    public IReadOnlyList<V1VolumeMount> ExtraVolumeMounts { get; init; } = [];
    /// <summary>Laid over the hardened pod security context, field by field.</summary>
    public V1PodSecurityContext? PodSecurityContext { get; init; }
    /// <summary>Laid over the hardened container security context of the agent container.</summary>
    public V1SecurityContext? ContainerSecurityContext { get; init; }
    public IReadOnlyList<V1LocalObjectReference> ImagePullSecrets { get; init; } = [];
    public string? ServiceAccountName { get; init; }
    public IReadOnlyList<KeyValuePair<string, string>> PodAnnotations { get; init; } = [];
    public IReadOnlyList<KeyValuePair<string, string>> PodLabels { get; init; } = [];
    public string? PriorityClassName { get; init; }

    // Operator features: network isolation, liveness, drain, scheduled prompts.
    public NetworkPolicySettings NetworkPolicy { get; init; } = new();
    public LivenessProbeSettings LivenessProbe { get; init; } = new();
    /// <summary>Scheduled prompts, written to openab's [cron] section as [[cron.jobs]].</summary>
    public IReadOnlyList<ScheduledPrompt> Cronjobs { get; init; } = [];
    /// <summary>Null: the final S3 sync's budget when S3 is on, Kubernetes' default otherwise.</summary>
    public long? TerminationGracePeriodSeconds { get; init; }

    /// <summary>Raw TOML laid over the rendered config.toml (Layout/RawConfigToml); null when unset.</summary>
    public string? ConfigToml { get; init; }
    // openab's own runtime options: user cron, remote config, lifecycle hooks.
    public CronSettings Cron { get; init; } = new();
    /// <summary>Set: openab reads its config.toml from this URL and no ConfigMap is rendered.</summary>
    public string? ConfigUrl { get; init; }
    public HookSettings Hooks { get; init; } = new();
}

/// <summary>cron: openab's user cron (a cronjob.toml openab reloads); null path is not written.</summary>
internal sealed record CronSettings(bool UsercronEnabled = false, string? UsercronPath = null)
{
    /// <summary>Whether [cron]'s usercron keys are written: either field is set.</summary>
    public bool Written => UsercronEnabled || UsercronPath is not null;
}

/// <summary>hooks: openab's lifecycle scripts; null is not written.</summary>
internal sealed record HookSettings(LifecycleHook? PreBoot = null, LifecycleHook? PreShutdown = null)
{
    /// <summary>The hooks that are set, with their catalog field, in the catalog's order.</summary>
    public IEnumerable<(ObjectField Field, LifecycleHook Hook)> Set()
    {
        if (PreBoot is { } preBoot) yield return (AgentSetApi.Hooks.PreBoot, preBoot);
        if (PreShutdown is { } preShutdown) yield return (AgentSetApi.Hooks.PreShutdown, preShutdown);
    }
}

/// <summary>One lifecycle hook: exactly one of Script, Inline and Url (checked by the validator).</summary>
internal sealed record LifecycleHook(string? Script, string? Inline, string? Url, string? Sha256, int TimeoutSeconds, string OnFailure);

/// <summary>networkPolicy: one NetworkPolicy selecting only the agent's pod.</summary>
internal sealed record NetworkPolicySettings
{
    public bool Enabled { get; init; }
    /// <summary>Egress rules appended to the function's own (DNS, HTTPS, the S3 endpoint).</summary>
    public IReadOnlyList<V1NetworkPolicyEgressRule> ExtraEgress { get; init; } = [];
}

/// <summary>livenessProbe: on by default; Probe fields are laid over the default probe.</summary>
internal sealed record LivenessProbeSettings
{
    public bool Enabled { get; init; } = AgentSetApi.LivenessProbe.Enabled.DefaultValue;
    public V1Probe? Overrides { get; init; }
}

/// <summary>One scheduled prompt: openab posts Prompt into Channel on Schedule (five-field cron).</summary>
/// <param name="Platform">discord or slack; null: openab's default, discord.</param>
/// <param name="Enabled">False: openab keeps the job but does not schedule it.</param>
/// <param name="ThreadId">openab's thread_id: post into this thread; null: a new thread each run.</param>
internal sealed record ScheduledPrompt(string Name, string Schedule, string Channel, string Prompt, string? Timezone, string? Platform = null,
    bool Enabled = true, string? ThreadId = null);

/// <summary>
/// An External Secrets Operator reference: the ExternalSecret the function renders fetches
/// RemoteKey (and Property of it) from the store into a Secret, so no value is in git.
/// </summary>
internal sealed record ExternalSecretSource(string StoreName, string StoreKind, string RemoteKey, string? Property);

/// <summary>persistence.s3.credentialsExternalSecret: both AWS keys from one remote secret.</summary>
internal sealed record S3CredentialsExternalSecret(
    string StoreName, string StoreKind, string RemoteKey, string AccessKeyIdProperty, string SecretAccessKeyProperty);

/// <summary>A git repository cloned into the agent's home before it starts.</summary>
internal sealed record WorkspaceSettings(string Repo, string? Ref, SecretKeyReference? SecretRef);

/// <summary>An init container run after the restore and the clone, before the agent.</summary>
internal sealed record SetupStep(string Name, string Image, IReadOnlyList<string> Command, IReadOnlyList<KeyValuePair<string, string>> Env);

/// <summary>A user volume mounted into the setup steps and the agent; Source carries the name.</summary>
internal sealed record AgentVolume(string Name, string MountPath, bool ReadOnly, V1Volume Source);

/// <summary>
/// What openab's Discord and Slack adapters share. Null (or an empty list) is "not written":
/// openab's own default applies; AllowAllChannels/AllowAllUsers are derived from the lists
/// when null, as the chart does.
/// </summary>
internal abstract record ChatSettings
{
    /// <summary>Whether the adapter is on: a [discord] / [slack] section is written.</summary>
    public bool Enabled { get; init; }
    /// <summary>An inline bot token. Never echoed in results or logs.</summary>
    public string? BotToken { get; init; }
    public SecretKeyReference? BotTokenSecretRef { get; init; }
    public IReadOnlyList<string> AllowedChannels { get; init; } = [];
    public IReadOnlyList<string> AllowedUsers { get; init; } = [];
    public bool? AllowAllChannels { get; init; }
    public bool? AllowAllUsers { get; init; }
    public string? AllowBotMessages { get; init; }
    public IReadOnlyList<string> TrustedBotIds { get; init; } = [];
    public string? AllowUserMessages { get; init; }
    public int? MaxBotTurns { get; init; }
    public string? MessageProcessingMode { get; init; }
    public int? MaxBufferedMessages { get; init; }
    public int? MaxBatchTokens { get; init; }
}

internal sealed record DiscordSettings : ChatSettings
{
    /// <summary>The token fetched by an ExternalSecret into Secret &lt;name&gt;-discord.</summary>
    public ExternalSecretSource? BotTokenExternalSecret { get; init; }
    public IReadOnlyList<string> AllowedRoleIds { get; init; } = [];
    public bool? AllowDm { get; init; }
}

internal sealed record SlackSettings : ChatSettings
{
    /// <summary>The inline App-Level Token (xapp-..., Socket Mode). Never echoed.</summary>
    public string? AppToken { get; init; }
    public SecretKeyReference? AppTokenSecretRef { get; init; }
    public bool? AssistantMode { get; init; }
}

internal sealed record SecretKeyReference(string? Name, string? Key);

internal sealed record SecretEnvVar(string Name, string SecretName, string SecretKey);

internal sealed record PoolSettings(int MaxSessions, int SessionTtlHours)
{
    public PoolSettings() : this(AgentSetApi.Pool.MaxSessions.DefaultValue, AgentSetApi.Pool.SessionTtlHours.DefaultValue) { }
}

/// <param name="ToolDisplay">openab `tool_display` (full, compact, none); null is not written.</param>
internal sealed record ReactionSettings(bool Enabled, bool RemoveAfterReply, string? ToolDisplay = null)
{
    public ReactionSettings() : this(AgentSetApi.Reactions.Enabled.DefaultValue, AgentSetApi.Reactions.RemoveAfterReply.DefaultValue) { }

    public ReactionEmojis Emojis { get; init; } = new();
    public ReactionTiming Timing { get; init; } = new();
}

/// <summary>openab `[reactions.emojis]`; each null is not written, so openab's default applies.</summary>
internal sealed record ReactionEmojis(string? Queued = null, string? Thinking = null, string? Tool = null, string? Coding = null,
    string? Web = null, string? Done = null, string? Error = null)
{
    /// <summary>The emojis that are set, with their catalog field, in the catalog's order.</summary>
    public IEnumerable<(StringField Field, string Value)> Set()
    {
        string?[] values = [Queued, Thinking, Tool, Coding, Web, Done, Error];
        for (var i = 0; i < values.Length; i++)
        {
            if (values[i] is { } value) yield return (AgentSetApi.Reactions.Emojis.All[i], value);
        }
    }
}

/// <summary>openab `[reactions.timing]` in milliseconds; each null is not written.</summary>
internal sealed record ReactionTiming(int? DebounceMs = null, int? StallSoftMs = null, int? StallHardMs = null,
    int? DoneHoldMs = null, int? ErrorHoldMs = null);

/// <summary>openab `[markdown]`; null is not written.</summary>
/// <param name="Tables">`tables` (code, bullets, off).</param>
internal sealed record MarkdownSettings(string? Tables = null);

/// <summary>openab `[stt]`, written only when <see cref="Enabled"/>; the defaults are the chart's.</summary>
/// <param name="ApiKey">Null: no form written (a plain-http server then needs none).</param>
internal sealed record SttSettings(bool Enabled = false, SecretValue? ApiKey = null, string Model = AgentSetApi.Stt.DefaultModel,
    string BaseUrl = AgentSetApi.Stt.DefaultBaseUrl, bool EchoTranscript = false)
{
    /// <summary>
    /// A plain-http server (local or in the cluster) needs no key: openab only wants api_key
    /// non-empty, so validation does not ask for one and config.toml gets a fixed placeholder.
    /// Over https a provider is on the internet, and a missing key is an error.
    /// </summary>
    public bool ApiKeyOptional => Uri.TryCreate(BaseUrl, UriKind.Absolute, out var uri) && uri.Scheme == Uri.UriSchemeHttp;
}

/// <summary>openab's native `[line]`, written only when <see cref="Enabled"/>; the defaults are the chart's.</summary>
internal sealed record LineAdapterSettings(bool Enabled = false, SecretValue? ChannelAccessToken = null, SecretValue? ChannelSecret = null,
    int WebhookPort = 8080, string ServiceType = "ClusterIP")
{
    public IReadOnlyList<string> AllowedUsers { get; init; } = [];
    public IReadOnlyList<string> AllowedGroups { get; init; } = [];
    public bool? AllowAllUsers { get; init; }
    public bool? AllowAllGroups { get; init; }
}

internal sealed record PersistenceSettings
{
    public S3Settings S3 { get; init; } = new();
    /// <summary>Null when unset: the CLI's defaults apply. Relative to $HOME.</summary>
    public IReadOnlyList<string>? Paths { get; init; }
    public IReadOnlyList<string>? Exclude { get; init; }
    /// <summary>An existing PersistentVolumeClaim mounted at $HOME instead of the emptyDir.</summary>
    public string? ExistingClaim { get; init; }
}

/// <summary>Where the final backup runs when the pod stops.</summary>
internal enum BackupMode
{
    /// <summary>A native sidecar (init container with restartPolicy Always) syncs periodically and on stop.</summary>
    Sidecar,
    /// <summary>The agent container's own preStop hook (the agent image must ship the aws CLI).</summary>
    PreStop,
}

internal sealed record S3Settings
{
    public bool Enabled { get; init; }
    public string Bucket { get; init; } = "";
    public string Prefix { get; init; } = "";
    public string CredentialsSecret { get; init; } = "";
    public string Endpoint { get; init; } = "";
    public string Region { get; init; } = "";
    public int SyncIntervalSeconds { get; init; } = AgentSetApi.S3.SyncIntervalSeconds.DefaultValue;
    public BackupMode Backup { get; init; } = AgentSetApi.S3.ModeOf(AgentSetApi.S3.Backup.DefaultValue)!.Value;
    public ImageReference? Image { get; init; }
    /// <summary>The keys fetched by an ExternalSecret into Secret &lt;name&gt;-s3.</summary>
    public S3CredentialsExternalSecret? CredentialsExternalSecret { get; init; }
    /// <summary>persistence.s3.serviceAccount: the agent's own AWS identity; null when unset.</summary>
    public S3ServiceAccountSettings? ServiceAccount { get; init; }
}

/// <summary>How the AWS CLI containers get the agent's role (persistence.s3.serviceAccount.identity).</summary>
internal enum StorageIdentityMode
{
    /// <summary>IAM Roles for Service Accounts: a projected token for sts.amazonaws.com, exchanged for the role.</summary>
    Irsa,
    /// <summary>EKS Pod Identity: a projected token for pods.eks.amazonaws.com, exchanged by the node's Pod Identity Agent.</summary>
    PodIdentity,
}

/// <summary>persistence.s3.serviceAccount as written; Mode is null when identity is missing or wrong (reported).</summary>
internal sealed record S3ServiceAccountSettings(StorageIdentityMode? Mode, string? RoleArn, bool Create, string? Name,
    IReadOnlyList<KeyValuePair<string, string>> Annotations);
