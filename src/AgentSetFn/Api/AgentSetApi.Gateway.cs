namespace AgentSetFn.Api;

// The gateway (agent field `gateway`): openab's `[gateway]` section, and the openab-gateway
// service the chart deploys beside an agent for Telegram, LINE, Teams, Feishu, Google Chat and WeCom.
// Names and defaults are the chart's (charts/openab/values.yaml, `agents.<name>.gateway`).
internal static partial class AgentSetApi
{
    public static class Gateway
    {
        /// <summary>The platforms openab's gateway serves, as `[gateway].platform` names them.</summary>
        public static readonly IReadOnlyList<string> Platforms = ["telegram", "line", "teams", "feishu", "googlechat", "wecom"];

        private static SecretField Secret(string name, string what, string description) =>
            new(name, what, what, description, externalSecret: true);

        private static ListField Ids(string name, string description) =>
            new(name, new StringField("")) { Description = description };

        public static readonly BoolField Enabled = Bool("enabled", false,
            "Write openab's `[gateway]` section (the agent connects out to the gateway's WebSocket) and, unless `deploy` is false, render the gateway ([Gateway](gateway.md)).");
        public static readonly BoolField Deploy = Bool("deploy", true,
            "Render the gateway: Deployment, Service (port 8080), Secret and NetworkPolicy `<set>-<agent>-gateway`. `false`: config only, for a gateway run elsewhere.");
        public static readonly StringField Url = String("url",
            "`[gateway].url`, required when enabled: the gateway's WebSocket, e.g. `ws://<set>-<agent>-gateway:8080/ws` for the one rendered here.");
        public static readonly EnumField Platform = new("platform", Platforms)
        { Default = "telegram", Description = "`[gateway].platform`: the platform's name in openab's session keys." };
        public static readonly SecretField Token = Secret("token", "the gateway's WebSocket token",
            "The shared token of the WebSocket: `[gateway].token = \"${GATEWAY_WS_TOKEN}\"` for openab, and `GATEWAY_WS_TOKEN` of the gateway. Inline it is kept in the agent's Secret `<set>-<agent>` (key `gateway-ws-token`).");
        public static readonly StringField BotUsername = String("botUsername", "`[gateway].bot_username`: the bot's name, for @mention gating in groups; not written when empty.");
        public static readonly ListField AllowedChannels = Ids("allowedChannels", "`[gateway].allowed_channels`: the platform's channel (chat, group, space) IDs, quoted. Empty writes `allow_all_channels = true`.");
        public static readonly ListField AllowedUsers = Ids("allowedUsers", "`[gateway].allowed_users`: the platform's user IDs, quoted. Empty writes `allow_all_users = true`.");
        public static readonly StringField Image = String("image", "The gateway's image repository; empty: `ghcr.io/openabdev/openab-gateway`.");
        public static readonly StringField Tag = String("tag", "The gateway image's tag; empty: the broker's release (its `image.tag`, or the default release).");
        public static readonly EnumField Strategy = new("strategy", ["Recreate", "RollingUpdate"])
        { Default = "Recreate", Description = "The Deployment's strategy: `Recreate` keeps two gateways from holding one bot's webhook or WebSocket at once." };
        public static readonly ObjectField Resources = AgentSetApi.Resources.Object with { Description = "The gateway container's resources; empty: none set." };
        public static readonly StringField RustLog = String("rustLog", "`RUST_LOG` of the gateway, e.g. `openab_gateway=debug`.") with { Default = "info" };
        public static readonly MapField NodeSelector = StringMap("nodeSelector", "On the gateway's pod.");
        public static readonly KubernetesField Tolerations = Kubernetes("tolerations", "Toleration", "list of tolerations", "On the gateway's pod.", list: true);
        public static readonly KubernetesField Affinity = Kubernetes("affinity", "Affinity", "affinity", "On the gateway's pod.");
        public static readonly KubernetesField ExtraContainers = Kubernetes("extraContainers", "Container", "list of containers",
            "Containers next to the gateway, e.g. a `cloudflared` tunnel that makes its webhooks reachable; hardened unless they bring a `securityContext`, images pinned.", list: true);
        public static readonly KubernetesField ExtraVolumeMounts = Kubernetes("extraVolumeMounts", "VolumeMount", "list of volume mounts",
            "Mounts of the gateway container; each names a volume of `extraVolumes`.", list: true);
        public static readonly KubernetesField ExtraVolumes = Kubernetes("extraVolumes", "Volume", "list of volumes", "Volumes of the gateway's pod.", list: true);
        public static readonly StringField ServiceAccountName = String("serviceAccountName",
            "The gateway pod's service account (Google Chat ADC, Workload Identity); it never takes the agent's. Empty: the namespace's default.");

        public static class Telegram
        {
            public static readonly SecretField BotToken = Secret("botToken", "the Telegram bot token", "`TELEGRAM_BOT_TOKEN`, from @BotFather (Secret key `telegram-bot-token`).");
            public static readonly SecretField SecretToken = Secret("secretToken", "the Telegram webhook secret token", "`TELEGRAM_SECRET_TOKEN`: checks that webhooks come from Telegram (Secret key `telegram-secret-token`).");
            public static readonly StringField WebhookPath = String("webhookPath", "`TELEGRAM_WEBHOOK_PATH`; the gateway's default: `/webhook/telegram`.");
            public static readonly ObjectField Object = new("telegram", [.. BotToken.Fields, .. SecretToken.Fields, WebhookPath])
            { Description = "Telegram (webhook): on when `botToken` is set." };
        }

        public static class Line
        {
            public static readonly SecretField ChannelSecret = Secret("channelSecret", "the LINE channel secret", "`LINE_CHANNEL_SECRET`: checks the webhooks' signatures (Secret key `line-channel-secret`).");
            public static readonly SecretField ChannelAccessToken = Secret("channelAccessToken", "the LINE channel access token", "`LINE_CHANNEL_ACCESS_TOKEN`: replies and pushes (Secret key `line-channel-access-token`).");
            public static readonly StringField GroupMentionKeyword = String("groupMentionKeyword", "`LINE_GROUP_MENTION_KEYWORD`: only group and room messages containing it (e.g. `@MyBot`) are forwarded; 1:1 messages always are.");
            public static readonly ObjectField Object = new("line", [.. ChannelSecret.Fields, .. ChannelAccessToken.Fields, GroupMentionKeyword])
            { Description = "LINE (webhook): on when `channelSecret` is set." };
        }

        public static class Teams
        {
            public static readonly StringField AppId = String("appId", "`TEAMS_APP_ID`: the Azure Entra ID application (client) ID.");
            public static readonly SecretField AppSecret = Secret("appSecret", "the Teams app secret", "`TEAMS_APP_SECRET`: the Entra ID client secret (Secret key `teams-app-secret`).");
            public static readonly StringField OauthEndpoint = String("oauthEndpoint", "`TEAMS_OAUTH_ENDPOINT`: the tenant's token endpoint, required for single-tenant bots.");
            public static readonly StringField OpenidMetadata = String("openidMetadata", "`TEAMS_OPENID_METADATA`, for sovereign clouds.");
            public static readonly ListField AllowedTenants = Ids("allowedTenants", "`TEAMS_ALLOWED_TENANTS` (joined with commas): the tenant IDs accepted.");
            public static readonly StringField WebhookPath = String("webhookPath", "`TEAMS_WEBHOOK_PATH`; the gateway's default: `/webhook/teams`.");
            public static readonly BoolField ReactionsEnabled = Bool("reactionsEnabled", null, "`TEAMS_REACTIONS_ENABLED`; not set when unset (the gateway's default).");
            public static readonly BoolField InboundAttachments = Bool("inboundAttachments", null, "`TEAMS_INBOUND_ATTACHMENTS`; not set when unset (the gateway's default).");
            public static readonly StringField ConversationRegistryPath = String("conversationRegistryPath",
                "`TEAMS_CONVERSATION_REGISTRY_PATH`: the persistent conversation registry's file (off when empty). Mount durable storage there yourself (`extraVolumes`); nothing is created for it.");
            public static readonly IntField ConversationRegistryMaxEntries = new("conversationRegistryMaxEntries", 1, 10_000)
            { Default = 1000, Description = "`TEAMS_CONVERSATION_REGISTRY_MAX_ENTRIES`, set with `conversationRegistryPath`." };
            public static readonly IntField ConversationRegistryTtlSecs = new("conversationRegistryTtlSecs", 1, int.MaxValue)
            { Default = 31_536_000, Description = "`TEAMS_CONVERSATION_REGISTRY_TTL_SECS`, set with `conversationRegistryPath` (default one year)." };
            public static readonly ObjectField Object = new("teams", [AppId, .. AppSecret.Fields, OauthEndpoint, OpenidMetadata, AllowedTenants, WebhookPath,
                ReactionsEnabled, InboundAttachments, ConversationRegistryPath, ConversationRegistryMaxEntries, ConversationRegistryTtlSecs])
            { Description = "Microsoft Teams (webhook): on when `appId` and `appSecret` are set." };
        }

        public static class Feishu
        {
            public static readonly StringField AppId = String("appId", "`FEISHU_APP_ID`.");
            public static readonly SecretField AppSecret = Secret("appSecret", "the Feishu app secret", "`FEISHU_APP_SECRET` (Secret key `feishu-app-secret`).");
            public static readonly EnumField Domain = new("domain", ["feishu", "lark"]) { Default = "feishu", Description = "`FEISHU_DOMAIN`: `feishu` (China) or `lark` (international)." };
            public static readonly EnumField ConnectionMode = new("connectionMode", ["websocket", "webhook"])
            { Default = "websocket", Description = "`FEISHU_CONNECTION_MODE`: `websocket` (the gateway connects out; nothing to expose) or `webhook`." };
            public static readonly StringField WebhookPath = String("webhookPath", "`FEISHU_WEBHOOK_PATH`; the gateway's default: `/webhook/feishu`.");
            public static readonly SecretField VerificationToken = Secret("verificationToken", "the Feishu verification token", "`FEISHU_VERIFICATION_TOKEN`, for webhooks (Secret key `feishu-verification-token`).");
            public static readonly SecretField EncryptKey = Secret("encryptKey", "the Feishu encrypt key", "`FEISHU_ENCRYPT_KEY`, for webhooks (Secret key `feishu-encrypt-key`).");
            public static readonly ListField AllowedGroups = Ids("allowedGroups", "`FEISHU_ALLOWED_GROUPS` (joined with commas): chat_ids.");
            public static readonly ListField AllowedUsers = Ids("allowedUsers", "`FEISHU_ALLOWED_USERS` (joined with commas): open_ids.");
            public static readonly BoolField RequireMention = Bool("requireMention", true, "`false` sets `FEISHU_REQUIRE_MENTION=false`: groups need no @mention.");
            public static readonly ObjectField Object = new("feishu", [AppId, .. AppSecret.Fields, Domain, ConnectionMode, WebhookPath,
                .. VerificationToken.Fields, .. EncryptKey.Fields, AllowedGroups, AllowedUsers, RequireMention])
            { Description = "Feishu / Lark: on when `appId` and `appSecret` are set." };
        }

        public static class GoogleChat
        {
            public static readonly StringField Audience = String("audience", "`GOOGLE_CHAT_AUDIENCE`: the webhook's URL, which turns on the JWT check of incoming webhooks (without it any request is accepted).");
            public static readonly SecretField SaKeyJson = Secret("saKeyJson", "the Google Chat service account key", "`GOOGLE_CHAT_SA_KEY_JSON`: the service account's JSON key (Secret key `google-chat-sa-key-json`).");
            public static readonly SecretField AccessToken = Secret("accessToken", "the Google Chat access token", "`GOOGLE_CHAT_ACCESS_TOKEN`: a static OAuth2 token, valid one hour (Secret key `google-chat-access-token`).");
            public static readonly StringField WebhookPath = String("webhookPath", "`GOOGLE_CHAT_WEBHOOK_PATH`; the gateway's default: `/webhook/googlechat`.");
            public static readonly BoolField UseAdc = Bool("useAdc", false, "`GOOGLE_CHAT_USE_ADC`: keyless, the pod's runtime service account (`serviceAccountName`, Workload Identity) impersonates `adcTargetServiceAccount`.");
            public static readonly StringField AdcTargetServiceAccount = String("adcTargetServiceAccount", "`GOOGLE_CHAT_ADC_TARGET_SERVICE_ACCOUNT`: the Chat app's service account email, required with `useAdc`.");
            public static readonly ObjectField Object = new("googleChat", [Audience, .. SaKeyJson.Fields, .. AccessToken.Fields, WebhookPath, UseAdc, AdcTargetServiceAccount])
            { Description = "Google Chat (webhook): on when any of `audience`, `saKeyJson`, `accessToken` or `useAdc` is set." };
        }

        public static class WeCom
        {
            /// <summary>The length of a WeCom EncodingAESKey (base64 of 32 bytes without its `=`).</summary>
            public const int EncodingAesKeyLength = 43;

            public static readonly StringField CorpId = String("corpId", "`WECOM_CORP_ID`: the enterprise's corp ID.");
            public static readonly SecretField Secret = AgentSetApi.Gateway.Secret("secret", "the WeCom app secret", "`WECOM_SECRET`: the app's secret (Secret key `wecom-secret`).");
            public static readonly SecretField Token = AgentSetApi.Gateway.Secret("token", "the WeCom callback token", "`WECOM_TOKEN`: checks the callbacks' signatures (Secret key `wecom-token`).");
            public static readonly SecretField EncodingAesKey = AgentSetApi.Gateway.Secret("encodingAesKey", "the WeCom EncodingAESKey",
                "`WECOM_ENCODING_AES_KEY`: the callbacks' 43-character AES key (Secret key `wecom-encoding-aes-key`).");
            public static readonly StringField AgentId = String("agentId", "`WECOM_AGENT_ID`: the app's agent ID, required when WeCom is on.");
            public static readonly StringField WebhookPath = String("webhookPath", "`WECOM_WEBHOOK_PATH`; the gateway's default: `/webhook/wecom`.");
            public static readonly BoolField StreamingEnabled = Bool("streamingEnabled", null, "`WECOM_STREAMING_ENABLED`; not set when unset (the gateway's default: off).");
            public static readonly IntField DebounceSecs = new("debounceSecs", 1, int.MaxValue)
            { Description = "`WECOM_DEBOUNCE_SECS`: seconds to gather a user's messages before forwarding them; not set when unset (the gateway's default: 3)." };
            public static readonly ObjectField Object = new("wecom", [CorpId, .. Secret.Fields, .. Token.Fields, .. EncodingAesKey.Fields, AgentId, WebhookPath,
                StreamingEnabled, DebounceSecs])
            { Description = "WeCom (企业微信, webhook): on when `corpId` and `secret` are set." };
        }

        public static readonly ObjectField Object = new("gateway",
        [
            Enabled, Deploy, Url, Platform, .. Token.Fields, BotUsername, AllowedChannels, AllowedUsers,
            ChatFields.AllowAllChannels, ChatFields.AllowAllUsers,
            ChatFields.MessageProcessingMode, ChatFields.MaxBufferedMessages, ChatFields.MaxBatchTokens,
            Image, Tag, Strategy, Resources, RustLog, NodeSelector, Tolerations, Affinity, ExtraContainers, ExtraVolumeMounts, ExtraVolumes,
            ServiceAccountName, Telegram.Object, Line.Object, Teams.Object, Feishu.Object, GoogleChat.Object, WeCom.Object,
        ])
        {
            Description = "openab's `[gateway]` and the gateway that serves Telegram, LINE, Teams, Feishu, Google Chat and WeCom ([Gateway](gateway.md)).",
        };
    }
}
