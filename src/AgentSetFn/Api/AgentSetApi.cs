
namespace AgentSetFn.Api;

/// <summary>
/// The AgentSet API (agentset.dev/v1alpha1), declared once: every field's name, type, range,
/// allowed values, default, meaning and secret-ness. AgentSetReader reads through these
/// descriptors (unknown fields, ranges, enums, defaults), AgentSetSchema generates the JSON
/// Schema and the CRD from them, and AgentSetDocs the field table of docs/reference.md. The fields of each
/// object are listed in the order the reader's "known fields" messages name them.
/// </summary>
internal static partial class AgentSetApi
{
    public const string ApiVersion = "agentset.dev/v1alpha1";
    public const string Kind = "AgentSet";
    public const string Title = $"{Kind} ({ApiVersion})";

    private const string Dns1123Label = "^[a-z0-9]([-a-z0-9]*[a-z0-9])?$";

    private static StringField String(string name, string description = "") => new(name) { Description = description };
    private static BoolField Bool(string name, bool? defaultValue, string description = "") =>
        new(name) { Default = defaultValue, Description = description };
    private static ListField Strings(string name, string description = "", bool text = false) =>
        new(name, new StringField("") { Text = text }) { Description = description };
    private static MapField StringMap(string name, string description, bool textValues = false) =>
        new(name, new StringField("") { Text = textValues }) { Description = description, Definition = "stringMap" };
    private static KubernetesField Kubernetes(string name, string type, string shape, string description, bool list = false) =>
        new(name, type, shape, list) { Description = description };

    /// <summary>image: {repository, tag}, of the agent and of the S3 containers.</summary>
    public static class Image
    {
        public static readonly StringField Repository = String("repository", "Empty means the default image.");
        public static readonly StringField Tag = String("tag", "A tag or a `sha256:` digest; empty means the pinned default.");
        public static ObjectField Object(string description) =>
            new("image", [Repository, Tag]) { Description = description, Definition = "image" };
    }

    /// <summary>{name, key} of an existing Secret.</summary>
    public static class SecretKeyRef
    {
        public static readonly StringField Name = String("name", "The Secret's name.") with { Required = true };
        public static readonly StringField Key = String("key", "The key in the Secret.") with { Required = true };
        public static ObjectField Object(string name, string description) =>
            new(name, [Name, Key]) { Description = description, Definition = "secretKeyRef" };
    }

    /// <summary>secretStoreRef of an ExternalSecret source.</summary>
    public static class SecretStoreRef
    {
        public static readonly StringField Name = String("name", "The SecretStore or ClusterSecretStore of the External Secrets Operator.") with { Required = true };
        public static readonly EnumField Kind = new("kind", ["SecretStore", "ClusterSecretStore"]) { Default = "SecretStore" };
        public static readonly ObjectField Object = new("secretStoreRef", [Name, Kind]) { Required = true, Definition = "secretStoreRef" };
    }

    /// <summary>discord.botTokenExternalSecret: the token from an external store.</summary>
    public static class TokenExternalSecret
    {
        public static readonly StringField RemoteKey = String("remoteKey", "The secret's key (name or path) in the external store.") with { Required = true };
        public static readonly StringField Property = String("property", "The property of a JSON secret that holds the token; empty: the whole value.");
        public static readonly ObjectField Object = new("botTokenExternalSecret", [SecretStoreRef.Object, RemoteKey, Property])
        {
            Description = "`{secretStoreRef: {name, kind}, remoteKey, property}`: an `ExternalSecret` (External Secrets Operator, "
                + "`external-secrets.io/v1`) fetches the token from the store into Secret `<set>-<agent>-discord` (key `discord-bot-token`; "
                + "its own name, so an inline Slack token in the agent's Secret `<set>-<agent>` never has two writers), so no token is in git.",
        };
    }

    /// <summary>persistence.s3.credentialsExternalSecret: both AWS keys from one remote secret.</summary>
    public static class S3ExternalSecret
    {
        public static readonly StringField RemoteKey = String("remoteKey", "The secret's key (name or path) in the external store.") with { Required = true };
        public static readonly StringField AccessKeyIdProperty = String("accessKeyIdProperty", "The property that holds the access key ID.") with { Default = SecretKeys.AwsAccessKeyId };
        public static readonly StringField SecretAccessKeyProperty = String("secretAccessKeyProperty", "The property that holds the secret access key.") with { Default = SecretKeys.AwsSecretAccessKey };
        public static readonly ObjectField Object = new("credentialsExternalSecret", [SecretStoreRef.Object, RemoteKey, AccessKeyIdProperty, SecretAccessKeyProperty])
        {
            Description = "Instead of `credentialsSecret` (both: error): an `ExternalSecret` writes Secret `<set>-<agent>-s3` with the keys "
                + "`AWS_ACCESS_KEY_ID` and `AWS_SECRET_ACCESS_KEY`, taken from the two properties of `remoteKey`. Not rendered (warning) while `s3.enabled` is false.",
        };
    }

    /// <summary>persistence.s3.serviceAccount: the agent's own AWS identity, instead of keys.</summary>
    public static class S3ServiceAccount
    {
        /// <summary>In the order of <see cref="StorageIdentityMode"/>'s members.</summary>
        public static readonly EnumField Identity = new("identity", ["irsa", "podIdentity"])
        {
            Required = true,
            Description = "`irsa`: IAM Roles for Service Accounts (a web identity token for `roleArn`); `podIdentity`: EKS Pod Identity "
                + "(a token for the EKS Pod Identity Agent at 169.254.170.23; needs AWS CLI 2.15.0 or later in `s3.image`). Only the restore and backup containers get the token ([Storage access](storage-access.md)).",
        };
        public static readonly StringField RoleArn = String("roleArn",
            "The IAM role, `arn:aws:iam::<account>:role/<name>`. Required with `irsa` (the ServiceAccount's `eks.amazonaws.com/role-arn`); with `podIdentity` only named in `agentset policy --setup`.");
        public static readonly BoolField Create = Bool("create", true, "Render the ServiceAccount (`automountServiceAccountToken: false`); `false`: it exists already.");
        public static readonly StringField Name = String("name", "The ServiceAccount's name; empty: `<set>-<agent>` (the Deployment's name). The pod runs as it; the agent's `serviceAccountName` must then be unset.");
        public static readonly MapField Annotations = StringMap("annotations", "Added to the rendered ServiceAccount.");
        public static readonly ObjectField Object = new("serviceAccount", [Identity, RoleArn, Create, Name, Annotations])
        {
            Description = "The agent's own identity for its S3 prefix, instead of keys (with `credentialsSecret` or `credentialsExternalSecret`: error): one ServiceAccount per agent, "
                + "so each agent's role reaches only its own prefix (`agentset policy`). Not used (warning) while `s3.enabled` is false.",
        };

        /// <summary>The <see cref="StorageIdentityMode"/> a value of <see cref="Identity"/> names; null when it names none.</summary>
        public static StorageIdentityMode? ModeOf(string? value) =>
            Identity.Values.ToList().IndexOf(value ?? "") is var i and >= 0 ? (StorageIdentityMode)i : null;
    }

    /// <summary>
    /// The options openab's Discord and Slack adapters share, as the chart names them; each
    /// platform has its own ID syntax, token wording and default for `enabled`.
    /// </summary>
    public sealed record ChatFields(BoolField Enabled, StringField BotToken, ObjectField BotTokenSecretRef,
        ListField AllowedChannels, ListField AllowedUsers, ListField TrustedBotIds)
    {
        public static readonly BoolField AllowAllChannels = Bool("allowAllChannels", null, "`allow_all_channels`; unset: true when `allowedChannels` is empty, else false. An explicit value wins over the list (warned when it makes the list pointless or lets the bot answer nowhere).");
        public static readonly BoolField AllowAllUsers = Bool("allowAllUsers", null, "`allow_all_users`; unset: true when `allowedUsers` is empty, else false.");
        public static readonly EnumField AllowBotMessages = new("allowBotMessages", ["off", "mentions", "all"])
        { Definition = "allowBotMessages", Description = "`allow_bot_messages`: other bots' messages (openab default `off`)." };
        public static readonly EnumField AllowUserMessages = new("allowUserMessages", ["involved", "mentions", "multibot-mentions"])
        { Definition = "allowUserMessages", Description = "`allow_user_messages`: when people must @mention the bot in a thread (openab default `involved`)." };
        /// <summary>openab enforces 1000 consecutive bot turns as its own hard cap.</summary>
        public static readonly IntField MaxBotTurns = new("maxBotTurns", 1, 1000)
        { Definition = "maxBotTurns", Description = "`max_bot_turns`: consecutive bot turns per thread before the bot stops (openab default 100; its hard cap is 1000)." };
        public static readonly EnumField MessageProcessingMode = new("messageProcessingMode", ["per-message", "per-thread", "per-lane"])
        { Definition = "messageProcessingMode", Description = "`message_processing_mode`: batching of messages that arrive while the agent works (openab default `per-message`)." };
        // openab refuses 0 for both (a zero-capacity channel panics); it has no upper bound.
        public static readonly IntField MaxBufferedMessages = new("maxBufferedMessages", 1, int.MaxValue)
        { Definition = "maxBufferedMessages", Description = "`max_buffered_messages`: per-thread buffer, only used by `per-thread` / `per-lane` (warned otherwise; openab default 10)." };
        public static readonly IntField MaxBatchTokens = new("maxBatchTokens", 1, int.MaxValue)
        { Definition = "maxBatchTokens", Description = "`max_batch_tokens`: soft token cap per batched turn, only used by `per-thread` / `per-lane` (openab default 24000)." };

        public IReadOnlyList<Field> All =>
        [
            Enabled, BotToken, BotTokenSecretRef, AllowedChannels, AllowedUsers, AllowAllChannels, AllowAllUsers,
            AllowBotMessages, TrustedBotIds, AllowUserMessages, MaxBotTurns, MessageProcessingMode,
            MaxBufferedMessages, MaxBatchTokens,
        ];
    }

    public static class Discord
    {
        private static ListField Snowflakes(string name, string description) =>
            new(name, new StringField("") { Pattern = "^[0-9]{17,20}$", Description = "A Discord ID, quoted: unquoted IDs lose precision." })
            { Definition = "snowflakes", Description = description };

        public static readonly ChatFields Chat = new(
            Bool("enabled", true, "Whether `[discord]` is written: `false` turns Discord off, e.g. for a Slack-only agent under a Discord default in `spec.defaults`."),
            String("botToken", "The token inline: rendered into Secret `<set>-<agent>` (key `discord-bot-token`) with a **warning** that it will land in git. "
                + "Exactly one of `botToken`, `botTokenSecretRef` and `botTokenExternalSecret` is required; two are an error.") with { Secret = true },
            SecretKeyRef.Object("botTokenSecretRef", "`{name, key}` of an existing Secret holding the token (preferred; no Secret is rendered)."),
            Snowflakes("allowedChannels", "`allowed_channels`: Discord IDs (17-20 digits; quote them). Empty writes `allow_all_channels = true`, as openab's own auto-detection would."),
            Snowflakes("allowedUsers", "`allowed_users`: Discord IDs. Empty writes `allow_all_users = true`."),
            Snowflakes("trustedBotIds", "`trusted_bot_ids`: bots whose messages are read; not written when empty (openab: any bot, as the mode permits)."));
        public static readonly ObjectField TokenExternalSecret = AgentSetApi.TokenExternalSecret.Object;
        public static readonly ListField AllowedRoleIds = Snowflakes("allowedRoleIds", "`allowed_role_ids`: roles whose mention triggers the bot; not written when empty.");
        public static readonly BoolField AllowDm = Bool("allowDm", null, "`allow_dm`: answer direct messages (openab default false).");
        public static readonly ObjectField Object = new("discord", [.. Chat.All, TokenExternalSecret, AllowedRoleIds, AllowDm])
        {
            Description = "openab `[discord]`: on when the mapping is there, unless `enabled` is false. Every option, with its config.toml key and default: [Chat options](chat-options.md).",
        };
    }

    public static class Slack
    {
        private static ListField SlackIds(string name, string description) =>
            new(name, new StringField("") { Pattern = "^[A-Z][A-Z0-9]{8,}$", Description = "A Slack ID: C0123456789 (channel), U0123456789 (user or bot user)." })
            { Definition = "slackIds", Description = description };

        public static readonly ChatFields Chat = new(
            Bool("enabled", false, "Whether `[slack]` is written: `true` turns Slack on, as in the chart."),
            String("botToken", "Inline Bot User OAuth Token, `xoxb-...` (warned: it lands in git). Prefer `botTokenSecretRef`.") with { Secret = true },
            SecretKeyRef.Object("botTokenSecretRef", "`{name, key}` of the Secret holding the Bot User OAuth Token; pod env `SLACK_BOT_TOKEN`."),
            SlackIds("allowedChannels", "`allowed_channels`: Slack channel IDs (`C0123456789`). Empty writes `allow_all_channels = true`."),
            SlackIds("allowedUsers", "`allowed_users`: Slack user IDs (`U0123456789`). Empty writes `allow_all_users = true`."),
            SlackIds("trustedBotIds", "`trusted_bot_ids`: Slack bot user IDs (`U...`); not written when empty."));
        public static readonly StringField AppToken = String("appToken", "Inline App-Level Token, `xapp-...` (warned: it lands in git). Prefer `appTokenSecretRef`.") with { Secret = true };
        public static readonly ObjectField AppTokenSecretRef = SecretKeyRef.Object("appTokenSecretRef", "`{name, key}` of the Secret holding the App-Level Token; pod env `SLACK_APP_TOKEN`.");
        public static readonly BoolField AssistantMode = Bool("assistantMode", null,
            "`assistant_mode`: replies streamed as a Slack AI app, with the thread's status line (openab default true, which needs an AI app with the "
            + "`assistant:write` scope). `false` keeps posted replies and emoji reactions, for other Slack apps; `true` is not written, as in the chart.");
        public static readonly ObjectField Object = new("slack", [.. Chat.All, AppToken, AppTokenSecretRef, AssistantMode])
        {
            Description = "openab `[slack]` (Socket Mode): on only with `enabled: true`. An agent needs discord, slack or both. Options as Discord's: [Chat options](chat-options.md).",
        };
    }

    public static class SecretEnv
    {
        public static readonly StringField Name = String("name", "The environment variable's name.") with { Required = true };
        public static readonly StringField SecretName = String("secretName", "The Secret's name.") with { Required = true };
        public static readonly StringField SecretKey = String("secretKey", "The key in the Secret.") with { Required = true };
        public static readonly ObjectField Entry = new("", [Name, SecretName, SecretKey]);
    }

    public static class Pool
    {
        public static readonly IntField MaxSessions = new("maxSessions", 1, 1000) { Default = 10, Description = "openab `[pool].max_sessions`; also sizes the memory (see Memory from the pool)." };
        public static readonly IntField SessionTtlHours = new("sessionTtlHours", 1, 24 * 365) { Default = 24, Description = "openab `[pool].session_ttl_hours`." };
        public static readonly ObjectField Object = new("pool", [MaxSessions, SessionTtlHours]) { Description = "openab `[pool]`." };
    }

    public static class Reactions
    {
        public static readonly BoolField Enabled = Bool("enabled", true, "openab `[reactions].enabled`.");
        public static readonly BoolField RemoveAfterReply = Bool("removeAfterReply", false, "openab `[reactions].remove_after_reply`.");
        public static readonly EnumField ToolDisplay = new("toolDisplay", ["full", "compact", "none"])
        { Description = "`[reactions].tool_display`: how tool calls show in a reply; not written when unset (openab default `full`)." };
        public static readonly ObjectField Object = new("reactions", [Enabled, RemoveAfterReply, ToolDisplay, Emojis.Object, Timing.Object]) { Description = "openab `[reactions]`." };

        /// <summary>openab `[reactions.emojis]`: the status reaction of each stage; unset keys are not written.</summary>
        public static class Emojis
        {
            // openab sends the text as a Unicode reaction (Discord) or maps it to a Slack short name.
            private static StringField Emoji(string name, string openabDefault, string when) => String(name,
                $"`[reactions.emojis].{name}`: the reaction {when}; not written when unset (openab default {openabDefault}). One emoji, no spaces.");

            public static readonly StringField Queued = Emoji("queued", "👀", "while the message waits for the agent");
            public static readonly StringField Thinking = Emoji("thinking", "🤔", "while the agent thinks");
            public static readonly StringField Tool = Emoji("tool", "🔥", "while the agent runs a tool");
            public static readonly StringField Coding = Emoji("coding", "👨\u200d💻", "while the agent writes code");
            public static readonly StringField Web = Emoji("web", "⚡", "while the agent works on the web");
            public static readonly StringField Done = Emoji("done", "🆗", "once the reply is done");
            public static readonly StringField Error = Emoji("error", "😱", "when the turn fails");
            public static readonly IReadOnlyList<StringField> All = [Queued, Thinking, Tool, Coding, Web, Done, Error];
            public static readonly ObjectField Object = new("emojis", All) { Description = "openab `[reactions.emojis]`: the status reactions, each written only when set." };
        }

        /// <summary>
        /// openab `[reactions.timing]`, in milliseconds (u64 in openab; agentset takes up to 2^31-1,
        /// about 24 days). A delay may be 0 (no delay); a stall threshold of 0 would mark every turn
        /// stalled at once, so those start at 1.
        /// </summary>
        public static class Timing
        {
            /// <summary>openab's defaults for the stall thresholds (src/config.rs), which the validator compares.</summary>
            public const int OpenabStallSoftMs = 10_000, OpenabStallHardMs = 30_000;

            private static IntField Ms(string name, string key, int min, int openabDefault, string meaning) =>
                new(name, min, int.MaxValue) { Description = $"`[reactions.timing].{key}`: {meaning}, in ms; not written when unset (openab default {openabDefault})." };

            public static readonly IntField DebounceMs = Ms("debounceMs", "debounce_ms", 0, 700, "how long a new status waits before its reaction replaces the last");
            public static readonly IntField StallSoftMs = Ms("stallSoftMs", "stall_soft_ms", 1, OpenabStallSoftMs, "quiet time before the 🥱 reaction");
            public static readonly IntField StallHardMs = Ms("stallHardMs", "stall_hard_ms", 1, OpenabStallHardMs, "quiet time before the 😨 reaction (warned unless longer than `stallSoftMs`)");
            public static readonly IntField DoneHoldMs = Ms("doneHoldMs", "done_hold_ms", 0, 1_500, "how long the done reaction stays when `removeAfterReply` is true");
            public static readonly IntField ErrorHoldMs = Ms("errorHoldMs", "error_hold_ms", 0, 2_500, "how long the error reaction stays when `removeAfterReply` is true");
            public static readonly ObjectField Object = new("timing", [DebounceMs, StallSoftMs, StallHardMs, DoneHoldMs, ErrorHoldMs])
            { Description = "openab `[reactions.timing]`, in milliseconds, each written only when set." };
        }
    }

    /// <summary>openab `[markdown]`: how replies are reshaped for chat.</summary>
    public static class Markdown
    {
        public static readonly EnumField Tables = new("tables", ["code", "bullets", "off"])
        { Description = "`[markdown].tables`: a table in a reply becomes a code block (`code`), bullet points (`bullets`) or stays as written (`off`); not written when unset (openab default `code`)." };
        public static readonly ObjectField Object = new("markdown", [Tables]) { Description = "openab `[markdown]`; the section is written only when a field is set." };
    }

    /// <summary>
    /// openab `[stt]`: voice messages transcribed by an OpenAI-compatible `/audio/transcriptions`
    /// endpoint and handed to the agent as text. Names and defaults as the chart's `stt` values.
    /// </summary>
    public static class Stt
    {
        public const string DefaultModel = "whisper-large-v3-turbo";
        public const string DefaultBaseUrl = "https://api.groq.com/openai/v1";
        /// <summary>
        /// The pod variable the key reaches openab in, as the chart names it. Not GROQ_API_KEY: the
        /// key may be any provider's, and config.toml names the variable, so openab's GROQ_API_KEY
        /// detection never runs.
        /// </summary>
        public const string ApiKeyVariable = "STT_API_KEY";
        /// <summary>What a plain-http server gets as api_key, which openab requires non-empty (its docs' own example).</summary>
        public const string NoApiKey = "not-needed";

        public static readonly BoolField Enabled = Bool("enabled", false, "Whether `[stt]` is written: voice messages are transcribed and the agent gets the text.");
        public static readonly SecretField ApiKey = new("apiKey", "the STT API key", "the key",
            "`[stt].api_key`, written as `${STT_API_KEY}` and read from the pod's env. Required when `enabled`, unless `baseUrl` is plain `http://` "
            + "(a local or in-cluster server: then `api_key = \"not-needed\"` is written, as openab's docs say, and no Secret).", externalSecret: true);
        public static readonly StringField Model = String("model", "`[stt].model`: the transcription model; it varies by provider (OpenAI: `whisper-1`).") with { Default = DefaultModel };
        public static readonly StringField BaseUrl = String("baseUrl",
            "`[stt].base_url`: the OpenAI-compatible API's base URL, http(s), without credentials, query or fragment. With `networkPolicy.enabled`, a port other than 443 gets an egress rule.")
            with { Default = DefaultBaseUrl };
        public static readonly BoolField EchoTranscript = Bool("echoTranscript", false, "`[stt].echo_transcript`: post the transcript to the thread before the reply; written only when true (openab 0.8.3-beta.4 and later).");
        public static readonly ObjectField Object = new("stt", [Enabled, .. ApiKey.Fields, Model, BaseUrl, EchoTranscript])
        { Description = "openab `[stt]`, speech-to-text ([Speech-to-text](operations.md#speech-to-text)); the section is written only when `enabled` is true." };
    }

    public static class S3
    {
        public static readonly BoolField Enabled = Bool("enabled", false, "Restore and back up the login state ([Persistence](persistence.md)). Off: a warning, logins are lost on restart.");
        public static readonly StringField Bucket = String("bucket", "Required when enabled.");
        public static readonly StringField Prefix = String("prefix", "Key prefix; empty: `<set>/<agent>`. Leading and trailing slashes are dropped.");
        public static readonly StringField CredentialsSecret = String("credentialsSecret", "Secret with keys `AWS_ACCESS_KEY_ID` and `AWS_SECRET_ACCESS_KEY`. Empty: the pod's own identity (IRSA / EKS Pod Identity via the service account).");
        public static readonly StringField Endpoint = String("endpoint", "http(s) URL of an S3-compatible store (MinIO...), e.g. `http://minio.minio.svc:9000`, or of AWS S3 itself (a host under `amazonaws.com` or `amazonaws.com.cn`, "
            + "in the partition of `region`: [Storage access](storage-access.md)); path-style addressing is used. Empty: AWS, the CLI's own endpoint for the region.");
        public static readonly StringField Region = String("region", "`AWS_REGION`. With no region, an AWS S3 endpoint's own region (`s3.<region>.amazonaws.com`), else with an endpoint `us-east-1`.");
        public static readonly IntField SyncIntervalSeconds = new("syncIntervalSeconds", 10, 86_400) { Default = 300, Description = "Periodic backup interval." };
        /// <summary>In the order of <see cref="BackupMode"/>'s members.</summary>
        public static readonly EnumField Backup = new("backup", ["sidecar", "preStop"])
        { Default = "sidecar", Description = "Where the final backup runs: a native sidecar, or the agent container's preStop hook (see Stopping: the grace period and the final backup)." };
        public static readonly ObjectField Image = AgentSetApi.Image.Object("`{repository, tag}` of the AWS CLI v2 image; default `public.ecr.aws/aws-cli/aws-cli:2.9.19`, the release Debian 12 ships, which the tests run.");
        public static readonly ObjectField CredentialsExternalSecret = S3ExternalSecret.Object;
        public static readonly ObjectField ServiceAccount = S3ServiceAccount.Object;
        public static readonly ObjectField Object = new("s3", [Enabled, Bucket, Prefix, CredentialsSecret, Endpoint, Region, SyncIntervalSeconds, Backup, Image, CredentialsExternalSecret, ServiceAccount])
        { Description = "The login state in S3." };

        /// <summary>The <see cref="BackupMode"/> a value of <see cref="Backup"/> names; null when it names none.</summary>
        public static BackupMode? ModeOf(string value) =>
            Backup.Values.ToList().IndexOf(value) is var i and >= 0 ? (BackupMode)i : null;
    }

    public static class Persistence
    {
        public static readonly ListField Paths = Strings("paths", "Files or directories relative to `$HOME`; a trailing `/` marks a directory, no trailing slash matches a file or a directory of that name. Empty: the CLI's defaults.");
        public static readonly ListField Exclude = Strings("exclude", "Left out of restore and backup. Empty: the CLI's defaults.");
        public static readonly StringField ExistingClaim = String("existingClaim", "An existing PersistentVolumeClaim mounted at `$HOME` instead of the emptyDir, for teams moving from the chart's per-agent PVC. S3 may stay on (the restore then writes into the claim); without S3 there is no \"logins are lost\" warning.");
        public static readonly ObjectField Object = new("persistence", [S3.Object, Paths, Exclude, ExistingClaim]) { Description = "What survives a restart of the pod." };
    }

    public static class Resources
    {
        private static MapField Quantities(string name, string description) =>
            new(name, new QuantityField("")) { Definition = "quantities", Description = description };
        public static readonly MapField Limits = Quantities("limits", "Resource name (`cpu`, `memory`...) to its limit.");
        public static readonly MapField Requests = Quantities("requests", "Resource name to its request.");
        public static readonly ObjectField Object = new("resources", [Limits, Requests])
        {
            Description = "The agent container's resources, checked against the Kubernetes types. Any explicit value wins; empty: memory derived from the pool ([Memory from the pool](operations.md#memory-from-the-pool)), reported as an info result on `spec.agents.<name>.resources`.",
        };
    }

    public static class Workspace
    {
        public static readonly StringField Repo = String("repo", "https URL of the repository (without credentials), cloned shallow (`--depth 1 --single-branch`) into `<workingDir>/workspace`.") with { Required = true };
        public static readonly StringField Ref = String("ref", "Branch or tag (`--branch`); default: the remote's default branch.");
        public static readonly StringField SecretName = String("name", "The Secret holding the token.") with { Required = true };
        public static readonly StringField SecretKey = String("key", "The token, mounted as a file and handed to git by a credential helper (`GIT_CONFIG_*` env): never in an argument, the URL or the environment.") with { Default = SecretKeys.WorkspaceToken };
        public static readonly ObjectField SecretRef = new("secretRef", [SecretName, SecretKey]);
        public static readonly ObjectField Object = new("workspace", [Repo, Ref, SecretRef])
        {
            Description = "A git repository cloned by init container `git-clone` (pinned `alpine/git:v2.49.1`, the agent's uid, hardened) after the S3 restore. A clone already there (a persistent home) is kept.",
        };
    }

    public static class Setup
    {
        public static readonly StringField Name = String("name", "The init container's name.") with { Required = true };
        public static readonly StringField Image = String("image", "A pinned image: `repository:tag` or `repository@sha256:digest`.") with { Required = true };
        public static readonly ListField Command = Strings("command", "The command to run, e.g. `[npm, ci]`.", text: true) with { Required = true };
        public static readonly MapField Env = StringMap("env", "The step's environment.", textValues: true);
        public static readonly ObjectField Entry = new("", [Name, Image, Command, Env]);
    }

    public static class Volume
    {
        public static readonly StringField Name = String("name", "Not one of the function's own (`config`, `home`, `tmp`, `aws-tmp`, `s3-credentials`, `git-token`, `aws-identity-token`).") with { Required = true };
        public static readonly StringField MountPath = String("mountPath", "Must not equal or contain the function's mounts (`/etc/openab`, `$HOME`, `/tmp`, the AGENTS.md files, the secret directories).") with { Required = true };
        public static readonly BoolField ReadOnly = Bool("readOnly", false, "Mounted read-only.");
        public static readonly KubernetesField Source = Kubernetes("source", "Volume", "volume source",
            "One Kubernetes volume source: `persistentVolumeClaim`, `configMap`, `secret`, `emptyDir`, `csi` or `ephemeral` (`hostPath` only with `spec.policy.allowHostPath`).") with { Required = true };
        public static readonly ObjectField Entry = new("", [Name, MountPath, ReadOnly, Source]);
    }

    public static class NetworkPolicy
    {
        public static readonly BoolField Enabled = Bool("enabled", false, "Render a NetworkPolicy `<set>-<agent>` selecting only this agent's pod ([Network policy](operations.md#network-policy)); set it once in `spec.defaults`, opt an agent out with `false`.");
        public static readonly KubernetesField ExtraEgress = Kubernetes("extraEgress", "NetworkPolicyEgressRule", "list of NetworkPolicy egress rules",
            "Appended to the function's own rules (in-cluster MCP servers, a database, a proxy). Checked as the API server would: a peer needs a selector or an ipBlock, ports 1-65535 or a name, TCP/UDP/SCTP.", list: true);
        public static readonly ObjectField Object = new("networkPolicy", [Enabled, ExtraEgress])
        { Description = "One NetworkPolicy for the agent's pod: no ingress; egress to DNS, HTTPS, the S3 endpoint, the STT server (`stt.baseUrl`) and `extraEgress`." };
    }

    public static class LivenessProbe
    {
        public static readonly BoolField Enabled = Bool("enabled", true, "`false` removes the probe.");
        public static readonly ObjectField Object = new("livenessProbe", [Enabled])
        {
            KubernetesType = "Probe",
            Description = "The agent container's liveness probe: `pgrep -x openab` ([Liveness probe](operations.md#liveness-probe)). Any Kubernetes `Probe` field is laid over the default (a handler of your own replaces the `exec`).",
        };
    }

    public static class Cronjob
    {
        public static readonly StringField Name = String("name", "Unique; shown as the prompt's sender.") with { Required = true };
        public static readonly StringField Schedule = String("schedule", "Five cron fields; days of week as names (`MON-FRI`).") with { Required = true };
        public static readonly StringField Channel = String("channel", "The channel ID of the platform: Discord, 17-20 digits, quoted; Slack, e.g. `C0123456789`.") with { Required = true };
        public static readonly StringField Prompt = new StringField("prompt") { Text = true, Required = true, Description = "The text sent to the agent." };
        public static readonly StringField Timezone = String("timezone", "A zone of the IANA tz database; default UTC.");
        public static readonly EnumField Platform = new("platform", ["discord", "slack"])
        { Description = "Where the prompt is posted, which must be enabled on the agent; unset: openab's default, `discord` (not written)." };
        public static readonly BoolField Enabled = Bool("enabled", true, "`enabled`: `false` keeps the entry but openab does not schedule it (written only when false; openab still reads it at start).");
        public static readonly StringField ThreadId = String("threadId", "`thread_id`: post into this existing thread instead of opening a new one (Discord: the thread's 17-20 digit ID, quoted).");
        public static readonly ObjectField Entry = new("", [Name, Schedule, Channel, Prompt, Timezone, Platform, Enabled, ThreadId]);
    }

    /// <summary>cron: openab's user cron, a cronjob.toml the agent edits and openab reloads each minute.</summary>
    public static class Cron
    {
        public static readonly BoolField UsercronEnabled = Bool("usercronEnabled", false, "`[cron].usercron_enabled`: openab reloads the jobs of `usercronPath` every minute, no restart needed ([User cron](operations.md#user-cron)).");
        public static readonly StringField UsercronPath = String("usercronPath",
            "`[cron].usercron_path`: relative to `$HOME/.openab/` (e.g. `cronjob.toml`), or absolute under the home. Under the home with S3 on, the file is kept like the login.");
        public static readonly ObjectField Object = new("cron", [UsercronEnabled, UsercronPath])
        { Description = "openab's user cron: schedules the agent writes itself. Both fields are needed to turn it on." };
    }

    /// <summary>hooks: scripts openab runs before it starts its sessions and after it stops them.</summary>
    public static class Hooks
    {
        /// <summary>One hook (preBoot and preShutdown share the shape): exactly one of script, inline and url.</summary>
        public static ObjectField Hook(string name, string description) => new(name, [Script, Inline, Url, Sha256, TimeoutSeconds, OnFailure])
        { Definition = "hook", Description = description };

        public static readonly StringField Script = String("script", "`script`: the absolute path of an executable script in the pod (e.g. on a volume).");
        public static readonly StringField Inline = new StringField("inline") { Text = true, Description = "`inline`: the script's text, written to config.toml (no `${`: openab would expand it)." };
        public static readonly StringField Url = String("url", "`url`: an http(s) URL openab fetches the script from (at most 1 MiB); requires `sha256`. No credentials in it: config.toml is a ConfigMap.");
        public static readonly StringField Sha256 = String("sha256", "`sha256`: the script's SHA-256, 64 lowercase hex digits (as `sha256sum` prints); required with `url`.") with { Pattern = "^[0-9a-f]{64}$" };
        public static readonly IntField TimeoutSeconds = new("timeoutSeconds", 1, 86_400) { Default = 60, Description = "`timeout_seconds`: the script is killed after this long." };
        public static readonly EnumField OnFailure = new("onFailure", ["abort", "warn"]) { Default = "abort", Description = "`on_failure`: `abort` stops openab (the pod restarts), `warn` logs and goes on." };

        public static readonly ObjectField PreBoot = Hook("preBoot", "`[hooks.pre_boot]`: runs before openab creates its session pool ([Lifecycle hooks](operations.md#lifecycle-hooks)).");
        public static readonly ObjectField PreShutdown = Hook("preShutdown",
            "`[hooks.pre_shutdown]`: runs when the pod stops, after openab has closed its sessions; its timeout is added to the grace period ([Lifecycle hooks](operations.md#lifecycle-hooks)).");
        public static readonly ObjectField Object = new("hooks", [PreBoot, PreShutdown]) { Description = "openab `[hooks]`: lifecycle scripts openab runs in the agent container." };
    }

    /// <summary>One agent (spec.agents.&lt;name&gt;), and spec.defaults.</summary>
    public static class Agent
    {
        public static readonly ObjectField Image = AgentSetApi.Image.Object(
            "The broker image; `repository` empty: the CLI's openab image as its release names it ([Known CLIs](clis.md); kiro-cli's for unknown CLIs). "
            + "`tag` empty: the default openab release ([openab releases](clis.md#openab-releases)), never an implicit `latest`; a release number gives the image that release published "
            + "(an older release warns for every config.toml key it would ignore); a `sha256:...` value pins a digest; `latest` is accepted with a warning.");
        public static readonly StringField Command = String("command", $"The CLI the broker runs (openab `[agent].command`): {string.Join(", ", KnownClis.All.Select((c, i) => i == 0 ? $"{c.Command} (default, like the chart)" : c.Command))}, or any other. Known CLIs bring their defaults ([Known CLIs](clis.md)).");
        public static readonly ListField Args = Strings("args", "`[agent].args`. Unset: the CLI's defaults; `[]`: no args.", text: true);
        public static readonly ListField InheritEnv = Strings("inheritEnv", "Names passed from the pod's environment to the agent (e.g. from `envFrom`): `[agent].inherit_env`, followed by the `secretEnv` names, each once. Tokens and S3 keys are refused.");
        public static readonly StringField WorkingDir = String("workingDir", "The agent's `$HOME` and openab's `working_dir`. Default from the CLI table.");
        public static readonly MapField Env = StringMap("env", "Plain values: written to `[agent].env` in config.toml **and** to the pod's env.", textValues: true);
        public static readonly ListField SecretEnv = new("secretEnv", AgentSetApi.SecretEnv.Entry)
        {
            Description = "Pod env from `secretKeyRef`, and the name added to `[agent].inherit_env` (after `inheritEnv`'s names). Never in the ConfigMap. A name that is also in `env` is an error (\"also exists in env\").",
        };
        public static readonly KubernetesField EnvFrom = Kubernetes("envFrom", "EnvFromSource", "list of envFrom sources", "Passed to the agent container as is.", list: true);
        public static readonly StringField AgentsMd = new StringField("agentsMd")
        { Text = true, Description = "Key `AGENTS.md` of the ConfigMap, mounted into the home as `AGENTS.md`, `CLAUDE.md` and `GEMINI.md` (each CLI reads its own name)." };
        public static readonly MapField NodeSelector = StringMap("nodeSelector", "On the pod.");
        public static readonly KubernetesField Tolerations = Kubernetes("tolerations", "Toleration", "list of tolerations", "On the pod, checked against the Kubernetes types.", list: true);
        public static readonly KubernetesField Affinity = Kubernetes("affinity", "Affinity", "affinity", "On the pod, checked against the Kubernetes types.");
        public static readonly BoolField Enabled = Bool("enabled", true, "`false`: the agent is checked for shape only and renders nothing (its files leave the package).");
        public static readonly StringField NameOverride = String("nameOverride", "The Deployment/ConfigMap/Secret name instead of `<set>-<agent>` (a DNS-1123 label, unique in the set). Labels and file paths keep the agent key.")
            with { Pattern = Dns1123Label, MaxLength = 63 };
        public static readonly ListField Setup = new("setup", AgentSetApi.Setup.Entry)
        {
            Description = "Init containers run in order after the restore and the clone, before the agent; as the agent's uid, hardened, in `workingDir`, with the home, `/tmp` and `volumes` mounted. A failing step fails the pod.",
        };
        public static readonly ListField Volumes = new("volumes", Volume.Entry) { Description = "Mounted into the setup steps and the agent." };
        public static readonly KubernetesField ExtraInitContainers = Kubernetes("extraInitContainers", "Container", "list of containers",
            "Init containers after the setup steps, as in the chart. Names must not be the function's (`openab`, `s3-restore`, `s3-backup`, `git-clone`) or repeat; images must be pinned. "
            + "Without a `securityContext` they get the hardened one; one of their own is used as written (warned if it relaxes the defaults).", list: true);
        public static readonly KubernetesField ExtraContainers = Kubernetes("extraContainers", "Container", "list of containers",
            "Containers next to the agent; the same rules as `extraInitContainers`.", list: true);
        public static readonly KubernetesField ExtraVolumes = Kubernetes("extraVolumes", "Volume", "list of volumes",
            "Volumes of the pod, with the same source rules and name checks as `volumes`.", list: true);
        public static readonly KubernetesField ExtraVolumeMounts = Kubernetes("extraVolumeMounts", "VolumeMount", "list of volume mounts",
            "Mounts for the agent container; each must name a volume of `volumes` or `extraVolumes`.", list: true);
        public static readonly KubernetesField PodSecurityContext = Kubernetes("podSecurityContext", "PodSecurityContext", "pod security context",
            "Laid over the hardened pod security context field by field (maps merge, lists replace). A relaxation (root, privilege escalation, privileged, writable root filesystem, added capabilities) is applied only because it is written, and warned.");
        public static readonly KubernetesField ContainerSecurityContext = Kubernetes("containerSecurityContext", "SecurityContext", "container security context",
            "Laid over the agent container's hardened security context, as `podSecurityContext`.");
        public static readonly KubernetesField ImagePullSecrets = Kubernetes("imagePullSecrets", "LocalObjectReference", "list of image pull secrets ({name: ...})", "`[{name}]`, on the pod.", list: true);
        public static readonly StringField ServiceAccountName = String("serviceAccountName", "On the pod. `automountServiceAccountToken` stays false.");
        public static readonly MapField PodAnnotations = StringMap("podAnnotations", "Added to the pod template. Keys the function sets (`agentset.dev/config-hash`) are errors.", textValues: true);
        public static readonly MapField PodLabels = StringMap("podLabels", "Added to the pod template. Keys the function sets (the selector labels, `app.kubernetes.io/managed-by`) are errors.");
        public static readonly StringField PriorityClassName = String("priorityClassName", "On the pod.");
        public static readonly ListField Cronjobs = new("cronjobs", Cronjob.Entry)
        { Description = "Prompts openab posts on a schedule, written to config.toml's `[cron]` section as `[[cron.jobs]]` ([Scheduled prompts](operations.md#scheduled-prompts))." };
        public static readonly StringField ConfigUrl = String("configUrl",
            "openab reads its config.toml from this http(s) URL (`openab run -c <url>`) instead of the rendered one: no ConfigMap is rendered, and every field that only writes config.toml "
            + "(`agentsMd` too) has no effect ([Remote config](operations.md#remote-config-configurl)). No credentials in it: the URL is in the Deployment.");
        public static readonly IntField TerminationGracePeriodSeconds = new("terminationGracePeriodSeconds", 0, 86_400)
        {
            Description = "Default with S3: 150, the final backup's budget ([Stopping](operations.md#stopping-the-grace-period-and-the-final-backup)); a shorter value with S3 on is a **warning** on this field. Without S3: Kubernetes' default (30) unless set. "
                + "A `hooks.preShutdown` adds its `timeoutSeconds` to the default (without S3: 30 + it), and a shorter value is warned.",
        };

        // The raw config.toml escape hatch: laid over the rendered file (Layout/RawConfigToml).
        public static readonly StringField ConfigToml = new StringField("configToml")
        {
            Text = true,
            Description = "Raw TOML laid over the config.toml the AgentSet renders, for openab options the API has no field for ([Raw config.toml](chat-options.md#raw-configtoml-configtoml)): "
                + "tables merge key by key, other values (arrays and arrays of tables too) replace the rendered ones, each replaced key a **warning** naming its field. "
                + "No inline secrets: a credential is `${NAME}`, NAME from `secretEnv` (or the token the function wires, at its own key).",
        };

        public static readonly ObjectField Object = new("", [
            Image, Command, Args, Discord.Object, InheritEnv, Slack.Object, Line.Object, Gateway.Object, WorkingDir, Env, SecretEnv, EnvFrom,
            Pool.Object, Reactions.Object, Markdown.Object, Stt.Object, AgentsMd, Persistence.Object, Resources.Object, NodeSelector, Tolerations, Affinity,
            Enabled, NameOverride, Workspace.Object, Setup, Volumes,
            ExtraInitContainers, ExtraContainers, ExtraVolumes, ExtraVolumeMounts,
            PodSecurityContext, ContainerSecurityContext, ImagePullSecrets, ServiceAccountName,
            PodAnnotations, PodLabels, PriorityClassName,
            NetworkPolicy.Object, LivenessProbe.Object, Cronjobs, TerminationGracePeriodSeconds,
            ConfigToml,
            // openab's own runtime options: user cron, remote config, lifecycle hooks.
            Cron.Object, ConfigUrl, Hooks.Object,
        ]) { Definition = "agent" };
    }

    public static class Spec
    {
        public static readonly MapField Agents = new("agents", Agent.Object)
        {
            Required = true, MinCount = 1,
            Description = "Agent name (a DNS-1123 label) to its settings: one entry is one agent, one Deployment.",
        };
        public static readonly ObjectField Defaults = Agent.Object with
        {
            Name = "defaults",
            Description = "Any agent field, set once for all agents and merged under each agent's own values: mappings merge key by key (the agent wins), lists and scalars replace. "
                + "Unknown fields are reported on `spec.defaults`; other mistakes in a default are reported on each agent that takes it. Example: `fixtures/defaults-four-agents`.",
        };
        public static readonly StringField Directory = String("directory",
            "Where generated files go in a kpt package, relative to the AgentSet's file: `<directory>/<agent>/<kind>.yaml`. Default: the set's name. Must stay inside (no `..`, not absolute). Also used by `render -o DIR`.");
        public static readonly ObjectField Output = new("output", [Directory]);
        public static readonly BoolField AllowHostPath = Bool("allowHostPath", false, "Allow `hostPath` volumes (each one warned); otherwise hostPath is an error.");
        public static readonly ObjectField Policy = new("policy", [AllowHostPath]);
        public static readonly ObjectField Object = new("spec", [Agents, Defaults, Output, Policy]) { Required = true };
    }

    public static class Metadata
    {
        public static readonly StringField Name = String("name", "Prefixes every generated object's name: `<set>-<agent>`.")
            with { Required = true, Pattern = Dns1123Label, MaxLength = 63 };
        public static readonly StringField Namespace = String("namespace", "Optional; put on every generated object.");
        public static readonly ObjectField Object = new("metadata", [Name, Namespace,
            new MapField("labels", new StringField("")) { Description = "The AgentSet's own; other fields of metadata are not the function's to restrict." },
            new MapField("annotations", new StringField("")) { Description = "The AgentSet's own (kpt's among them)." }])
        { Required = true, Closed = false };
    }

    /// <summary>
    /// The whole resource. A class of its own, as every object: the outer class has no static
    /// fields, so first touching one object never initializes the others half-way.
    /// </summary>
    public static class Root
    {
        public static readonly EnumField ApiVersion = new("apiVersion", [AgentSetApi.ApiVersion]) { Required = true };
        public static readonly EnumField Kind = new("kind", [AgentSetApi.Kind]) { Required = true };
        public static readonly ObjectField Object = new("", [ApiVersion, Kind, Metadata.Object, Spec.Object])
        {
            Description = "AI coding agents as Discord bots: one Deployment, ConfigMap and Secret per agent. Rendered by the agentset KRM function; never applied to a cluster (config.kubernetes.io/local-config).",
        };
    }
}
