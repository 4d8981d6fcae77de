namespace AgentSetFn.Api;

// The native LINE adapter (agent field `line`): openab's own `[line]` section, a webhook server in
// the agent's pod, and the Service the chart renders for it (`<name>-line`). Names, defaults and
// keys are those of openab's LINE adapter change (commit 53808bc, "feat(line): Add LINE Messaging
// API adapter": src/config.rs LineConfig, charts/openab values `agents.<name>.line`, templates
// configmap.yaml, deployment.yaml, secret.yaml and service.yaml). No openab release is known to read
// `[line]` (OpenabReleases); the gateway's LINE (`gateway.line`) is the released way.
internal static partial class AgentSetApi
{
    public static class Line
    {
        public const string ChannelAccessTokenVariable = "LINE_CHANNEL_ACCESS_TOKEN";
        public const string ChannelSecretVariable = "LINE_CHANNEL_SECRET";
        public const string ChannelAccessTokenKey = "line-channel-access-token";
        public const string ChannelSecretKey = "line-channel-secret";
        /// <summary>The container port's and the Service port's name, as the chart names them.</summary>
        public const string PortName = "line-webhook";
        /// <summary>The Service's name after the agent's: &lt;name&gt;-line.</summary>
        public const string ServiceSuffix = "-line";

        // LINE's IDs (Messaging API webhook sources): U (user), C (group), R (room) and 32 hex digits.
        public const string UserIdForm = "U[0-9a-f]{32}";
        public const string GroupIdForm = "[CR][0-9a-f]{32}";

        private static ListField Ids(string name, string form, string what, string description) =>
            new(name, new StringField("") { Pattern = $"^{form}$", Description = what }) { Description = description };

        public static readonly BoolField Enabled = Bool("enabled", false,
            "Write openab's `[line]`: openab itself serves LINE's webhooks on `webhookPort`, behind Service `<name>-line` "
            + "([Native LINE adapter](gateway.md#native-line-adapter)). No openab release is known to read it: a **warning** says so.");
        public static readonly SecretField ChannelAccessToken = new("channelAccessToken", "the LINE channel access token", "the token",
            "`[line].channel_access_token`, written as `${LINE_CHANNEL_ACCESS_TOKEN}`: the long-lived token for replies and pushes (Secret key `line-channel-access-token`). Required when enabled.",
            externalSecret: true);
        public static readonly SecretField ChannelSecret = new("channelSecret", "the LINE channel secret", "the secret",
            "`[line].channel_secret`, written as `${LINE_CHANNEL_SECRET}`: checks the webhooks' signatures (Secret key `line-channel-secret`). Required when enabled.",
            externalSecret: true);
        public static readonly IntField WebhookPort = new("webhookPort", 1, 65535)
        {
            Default = 8080,
            Description = "`[line].webhook_port`: the port openab's webhook server listens on, the container port `line-webhook` and the Service's port. "
                + "Below 1024 is a **warning**: the container runs as non-root without capabilities.",
        };
        public static readonly EnumField ServiceType = new("serviceType", ["ClusterIP", "NodePort", "LoadBalancer"])
        { Default = "ClusterIP", Description = "The type of Service `<name>-line`. LINE calls an HTTPS URL with a public certificate: put an Ingress or a tunnel in front." };
        public static readonly ListField AllowedUsers = Ids("allowedUsers", UserIdForm, "A LINE user ID: U and 32 hex digits.",
            "`[line].allowed_users`: LINE user IDs (`U` and 32 hex digits). Empty writes `allow_all_users = true`.");
        public static readonly ListField AllowedGroups = Ids("allowedGroups", GroupIdForm, "A LINE group (C...) or room (R...) ID: a letter and 32 hex digits.",
            "`[line].allowed_groups`: LINE group (`C...`) and room (`R...`) IDs. Empty writes `allow_all_groups = true`. In a group both lists apply.");
        public static readonly BoolField AllowAllUsers = Bool("allowAllUsers", null, "`allow_all_users`; unset: true when `allowedUsers` is empty, else false.");
        public static readonly BoolField AllowAllGroups = Bool("allowAllGroups", null, "`allow_all_groups`; unset: true when `allowedGroups` is empty, else false.");

        public static readonly ObjectField Object = new("line",
            [Enabled, .. ChannelAccessToken.Fields, .. ChannelSecret.Fields, WebhookPort, ServiceType, AllowedUsers, AllowedGroups, AllowAllUsers, AllowAllGroups])
        {
            Description = "openab's native LINE adapter, `[line]`, and its Service `<name>-line` ([Native LINE adapter](gateway.md#native-line-adapter)); "
                + "written only when `enabled` is true. Not in any openab release known: use `gateway.line` with a released image.",
        };
    }
}
