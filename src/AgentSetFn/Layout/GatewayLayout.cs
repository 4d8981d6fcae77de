using AgentSetFn.Api;

namespace AgentSetFn.Layout;

/// <summary>
/// The gateway's pod as the function lays it out (gateway.enabled with deploy): its name and
/// labels, its one port, its probes' path, and the variables the chart sets for each platform,
/// in the chart's order. The Deployment, Service and NetworkPolicy renderers build it from these
/// facts; validation checks the user's additions against the same ones.
/// </summary>
internal static class GatewayLayout
{
    public const string Container = "gateway";
    /// <summary>The gateway's HTTP port: webhooks, /health, and the WebSocket openab connects to (/ws).</summary>
    public const int Port = 8080;
    public const string PortName = "http";
    public const string HealthPath = "/health";
    public const string TmpVolume = "tmp";

    /// <summary>Names the gateway's extra containers and volumes must not take.</summary>
    public static readonly IReadOnlyList<string> OwnContainers = [Container];
    public static readonly IReadOnlyList<string> OwnVolumes = [TmpVolume];

    /// <summary>
    /// The labels the gateway's Deployment selects its pod by: not the agents' (`app.kubernetes.io/name: agentset`),
    /// so no agent's Deployment or NetworkPolicy selects it, whatever the agents are called.
    /// </summary>
    public static Dictionary<string, string> SelectorLabels(ResolvedAgent agent) => new(StringComparer.Ordinal)
    {
        ["app.kubernetes.io/name"] = "agentset-gateway",
        ["app.kubernetes.io/instance"] = agent.Set.Name,
        ["app.kubernetes.io/component"] = agent.Key,
    };

    /// <summary>One variable of the gateway container: a plain value, or a wired secret value's Secret key.</summary>
    public sealed record Variable(string Name, string? Value = null, SecretKeyReference? Source = null);

    /// <summary>The gateway container's environment, as the chart sets it, platform by platform; RUST_LOG last.</summary>
    public static IEnumerable<Variable> Env(ResolvedAgent agent, ResolvedGateway gateway)
    {
        var secrets = PodLayout.SecretValues(agent, SecretReaders.Gateway).ToDictionary(c => c.Variable, c => c.Source, StringComparer.Ordinal);
        var settings = gateway.Settings;
        IEnumerable<Variable> Secret(string name) => secrets.TryGetValue(name, out var source) ? [new Variable(name, Source: source)] : [];
        IEnumerable<Variable> Plain(string name, string? value) => string.IsNullOrEmpty(value) ? [] : [new Variable(name, value)];
        static string Bool(bool value) => value ? "true" : "false";

        foreach (var v in Secret(ResolvedGateway.TokenVariable)) yield return v;
        if (settings.Telegram is { On: true } telegram)
        {
            foreach (var v in Secret("TELEGRAM_BOT_TOKEN").Concat(Secret("TELEGRAM_SECRET_TOKEN")).Concat(Plain("TELEGRAM_WEBHOOK_PATH", telegram.WebhookPath)))
                yield return v;
        }
        if (settings.Line is { On: true } line)
        {
            foreach (var v in Secret("LINE_CHANNEL_SECRET").Concat(Secret("LINE_CHANNEL_ACCESS_TOKEN")).Concat(Plain("LINE_GROUP_MENTION_KEYWORD", line.GroupMentionKeyword)))
                yield return v;
        }
        if (settings.Teams is { On: true } teams)
        {
            List<Variable> vars =
            [
                new("TEAMS_APP_ID", teams.AppId), .. Secret("TEAMS_APP_SECRET"),
                .. Plain("TEAMS_OAUTH_ENDPOINT", teams.OauthEndpoint), .. Plain("TEAMS_OPENID_METADATA", teams.OpenidMetadata),
                .. Plain("TEAMS_ALLOWED_TENANTS", string.Join(',', teams.AllowedTenants)), .. Plain("TEAMS_WEBHOOK_PATH", teams.WebhookPath),
                .. teams.ReactionsEnabled is { } reactions ? [new Variable("TEAMS_REACTIONS_ENABLED", Bool(reactions))] : Array.Empty<Variable>(),
                .. teams.InboundAttachments is { } attachments ? [new Variable("TEAMS_INBOUND_ATTACHMENTS", Bool(attachments))] : Array.Empty<Variable>(),
            ];
            // The registry's bounds are set only with its path, as the chart does.
            if (teams.ConversationRegistryPath is { } registry)
            {
                vars.Add(new("TEAMS_CONVERSATION_REGISTRY_PATH", registry));
                vars.Add(new("TEAMS_CONVERSATION_REGISTRY_MAX_ENTRIES", Number(teams.ConversationRegistryMaxEntries)));
                vars.Add(new("TEAMS_CONVERSATION_REGISTRY_TTL_SECS", Number(teams.ConversationRegistryTtlSecs)));
            }
            foreach (var v in vars) yield return v;
        }
        if (settings.Feishu is { On: true } feishu)
        {
            List<Variable> vars =
            [
                new("FEISHU_APP_ID", feishu.AppId), .. Secret("FEISHU_APP_SECRET"),
                new("FEISHU_DOMAIN", feishu.Domain), new("FEISHU_CONNECTION_MODE", feishu.ConnectionMode),
                .. Plain("FEISHU_WEBHOOK_PATH", feishu.WebhookPath), .. Secret("FEISHU_VERIFICATION_TOKEN"), .. Secret("FEISHU_ENCRYPT_KEY"),
                .. Plain("FEISHU_ALLOWED_GROUPS", string.Join(',', feishu.AllowedGroups)), .. Plain("FEISHU_ALLOWED_USERS", string.Join(',', feishu.AllowedUsers)),
                // The gateway requires a mention unless told otherwise.
                .. feishu.RequireMention ? Array.Empty<Variable>() : [new Variable("FEISHU_REQUIRE_MENTION", "false")],
            ];
            foreach (var v in vars) yield return v;
        }
        if (settings.GoogleChat is { On: true } chat)
        {
            List<Variable> vars =
            [
                new("GOOGLE_CHAT_ENABLED", "true"),
                .. chat.UseAdc ? [new Variable("GOOGLE_CHAT_USE_ADC", "true"), new Variable("GOOGLE_CHAT_ADC_TARGET_SERVICE_ACCOUNT", chat.AdcTargetServiceAccount)] : Array.Empty<Variable>(),
                .. Plain("GOOGLE_CHAT_AUDIENCE", chat.Audience), .. Secret("GOOGLE_CHAT_SA_KEY_JSON"), .. Secret("GOOGLE_CHAT_ACCESS_TOKEN"),
                .. Plain("GOOGLE_CHAT_WEBHOOK_PATH", chat.WebhookPath),
            ];
            foreach (var v in vars) yield return v;
        }
        if (settings.WeCom is { On: true } wecom)
        {
            List<Variable> vars =
            [
                new("WECOM_CORP_ID", wecom.CorpId), .. Secret("WECOM_SECRET"), .. Secret("WECOM_TOKEN"), .. Secret("WECOM_ENCODING_AES_KEY"),
                .. Plain("WECOM_AGENT_ID", wecom.AgentId), .. Plain("WECOM_WEBHOOK_PATH", wecom.WebhookPath),
                .. wecom.StreamingEnabled is { } streaming ? [new Variable("WECOM_STREAMING_ENABLED", Bool(streaming))] : Array.Empty<Variable>(),
                .. wecom.DebounceSecs is { } debounce ? [new Variable("WECOM_DEBOUNCE_SECS", Number(debounce))] : Array.Empty<Variable>(),
            ];
            foreach (var v in vars) yield return v;
        }
        yield return new Variable("RUST_LOG", settings.RustLog);
    }

    /// <summary>
    /// The agent's egress to a gateway run elsewhere (deploy: false): the url's port (ws: 80,
    /// wss: 443 unless written), to its one address when the host is an IP address; null when
    /// the url is no ws(s) URL or its port is 443, which HTTPS already allows.
    /// </summary>
    public static PodLayout.Egress? EgressOf(string? url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme is "ws" or "wss" ? PodLayout.EgressTo(url) : null;

    private static string Number(int value) => value.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>
    /// Whether a platform that is on receives webhooks, so the gateway must be reachable from
    /// outside the cluster: every one but Feishu in its default WebSocket mode.
    /// </summary>
    public static bool ReceivesWebhooks(GatewaySettings settings) =>
        settings.Telegram.On || settings.Line.On || settings.Teams.On || settings.GoogleChat.On || settings.WeCom.On
        || (settings.Feishu.On && settings.Feishu.ConnectionMode == "webhook");
}
