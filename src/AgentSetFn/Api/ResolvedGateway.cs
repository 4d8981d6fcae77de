namespace AgentSetFn.Api;

/// <summary>
/// An agent's gateway with its defaults applied (gateway.enabled): its name, its image, and the
/// secret values it wires (<see cref="WiredSecret"/>): the WebSocket token in the agent's own
/// Secret (both pods read it), the platforms' credentials in the gateway's Secret
/// &lt;set&gt;-&lt;agent&gt;-gateway. Key and variable names are the chart's, so Secrets made for the
/// chart keep working.
/// </summary>
internal sealed record ResolvedGateway
{
    public required GatewaySettings Settings { get; init; }
    /// <summary>&lt;set&gt;-&lt;agent&gt;-gateway, as the chart names it (never the agent's nameOverride).</summary>
    public required string Name { get; init; }
    /// <summary>The gateway's image, both parts set; its tag is the broker's release unless gateway.tag is set.</summary>
    public required ImageReference Image { get; init; }

    /// <summary>Whether the gateway is rendered here (gateway.deploy), rather than only configured.</summary>
    public bool Deployed => Settings.Deploy;

    public const string DefaultRepository = "ghcr.io/openabdev/openab-gateway";
    public const string TokenVariable = "GATEWAY_WS_TOKEN";
    public const string TokenKey = "gateway-ws-token";

    /// <summary>A platform credential: its field below the agent, catalog entry, variable and key in the gateway's Secret.</summary>
    public sealed record Credential(string Field, SecretField Catalog, string Variable, string Key, Func<GatewaySettings, SecretValue?> Value, Func<GatewaySettings, bool> On);

    /// <summary>
    /// The platforms' credentials, in the order the chart sets their variables; each is wired only
    /// when its platform is on, as the chart's conditions say (a webhook secret without its bot token is not).
    /// </summary>
    public static readonly IReadOnlyList<Credential> Credentials =
    [
        new("gateway.telegram.botToken", AgentSetApi.Gateway.Telegram.BotToken, "TELEGRAM_BOT_TOKEN", "telegram-bot-token", g => g.Telegram.BotToken, g => g.Telegram.On),
        new("gateway.telegram.secretToken", AgentSetApi.Gateway.Telegram.SecretToken, "TELEGRAM_SECRET_TOKEN", "telegram-secret-token", g => g.Telegram.SecretToken, g => g.Telegram.On),
        new("gateway.line.channelSecret", AgentSetApi.Gateway.Line.ChannelSecret, "LINE_CHANNEL_SECRET", "line-channel-secret", g => g.Line.ChannelSecret, g => g.Line.On),
        new("gateway.line.channelAccessToken", AgentSetApi.Gateway.Line.ChannelAccessToken, "LINE_CHANNEL_ACCESS_TOKEN", "line-channel-access-token", g => g.Line.ChannelAccessToken, g => g.Line.On),
        new("gateway.teams.appSecret", AgentSetApi.Gateway.Teams.AppSecret, "TEAMS_APP_SECRET", "teams-app-secret", g => g.Teams.AppSecret, g => g.Teams.On),
        new("gateway.feishu.appSecret", AgentSetApi.Gateway.Feishu.AppSecret, "FEISHU_APP_SECRET", "feishu-app-secret", g => g.Feishu.AppSecret, g => g.Feishu.On),
        new("gateway.feishu.verificationToken", AgentSetApi.Gateway.Feishu.VerificationToken, "FEISHU_VERIFICATION_TOKEN", "feishu-verification-token", g => g.Feishu.VerificationToken, g => g.Feishu.On),
        new("gateway.feishu.encryptKey", AgentSetApi.Gateway.Feishu.EncryptKey, "FEISHU_ENCRYPT_KEY", "feishu-encrypt-key", g => g.Feishu.EncryptKey, g => g.Feishu.On),
        new("gateway.googleChat.saKeyJson", AgentSetApi.Gateway.GoogleChat.SaKeyJson, "GOOGLE_CHAT_SA_KEY_JSON", "google-chat-sa-key-json", g => g.GoogleChat.SaKeyJson, g => g.GoogleChat.On),
        new("gateway.googleChat.accessToken", AgentSetApi.Gateway.GoogleChat.AccessToken, "GOOGLE_CHAT_ACCESS_TOKEN", "google-chat-access-token", g => g.GoogleChat.AccessToken, g => g.GoogleChat.On),
        new("gateway.wecom.secret", AgentSetApi.Gateway.WeCom.Secret, "WECOM_SECRET", "wecom-secret", g => g.WeCom.Secret, g => g.WeCom.On),
        new("gateway.wecom.token", AgentSetApi.Gateway.WeCom.Token, "WECOM_TOKEN", "wecom-token", g => g.WeCom.Token, g => g.WeCom.On),
        new("gateway.wecom.encodingAesKey", AgentSetApi.Gateway.WeCom.EncodingAesKey, "WECOM_ENCODING_AES_KEY", "wecom-encoding-aes-key", g => g.WeCom.EncodingAesKey, g => g.WeCom.On),
    ];

    /// <summary>The gateway of an agent, or null when gateway.enabled is false.</summary>
    /// <param name="brokerTag">The broker image's tag (see <see cref="ResolvedAgent.ImageTag"/>).</param>
    public static ResolvedGateway? Resolve(AgentSetDefinition set, AgentDefinition agent, string brokerTag)
    {
        var gateway = agent.Gateway;
        if (!gateway.Enabled) return null;
        return new ResolvedGateway
        {
            Settings = gateway,
            Name = $"{set.Name}-{agent.Key}-gateway",
            Image = new ImageReference(
                gateway.Image is { Length: > 0 } repository ? repository : DefaultRepository,
                gateway.Tag is { Length: > 0 } tag ? tag : brokerTag),
        };
    }

    /// <summary>
    /// The secret values the gateway wires: the WebSocket token (openab expands it in config.toml;
    /// the gateway, when rendered here, checks it), then each credential of a platform that is on,
    /// when the gateway is rendered here (config only: they belong to a gateway run elsewhere).
    /// </summary>
    public IEnumerable<WiredSecret> Secrets(string agentSecret)
    {
        var readers = Deployed ? SecretReaders.Agent | SecretReaders.Gateway : SecretReaders.Agent;
        if (WiredSecret.Resolve(Settings.Token, "gateway.token", AgentSetApi.Gateway.Token.What, TokenVariable, readers, agentSecret, TokenKey) is { } token)
            yield return token;
        if (!Deployed) yield break;
        foreach (var credential in Credentials.Where(c => c.On(Settings)))
        {
            if (WiredSecret.Resolve(credential.Value(Settings), credential.Field, credential.Catalog.What, credential.Variable,
                    SecretReaders.Gateway, Name, credential.Key) is { } wired)
                yield return wired;
        }
    }
}
