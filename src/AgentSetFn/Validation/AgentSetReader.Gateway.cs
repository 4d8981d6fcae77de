using AgentSetFn.Api;
using static AgentSetFn.Api.AgentSetApi;

namespace AgentSetFn.Validation;

// Reading `gateway` (AgentSetApi.Gateway): shape only; its meaning is GatewayValidator's.
internal static partial class AgentSetReader
{
    private static GatewaySettings ReadGateway(MappingReader? gateway)
    {
        if (gateway is null) return new GatewaySettings();
        return new GatewaySettings
        {
            Enabled = gateway.BoolOrDefault(Gateway.Enabled),
            Deploy = gateway.BoolOrDefault(Gateway.Deploy),
            Url = gateway.String(Gateway.Url),
            Platform = gateway.OneOf(Gateway.Platform) ?? Gateway.Platform.DefaultValue,
            Token = ReadSecret(gateway, Gateway.Token),
            BotUsername = gateway.String(Gateway.BotUsername),
            AllowedChannels = gateway.StringList(Gateway.AllowedChannels) ?? [],
            AllowedUsers = gateway.StringList(Gateway.AllowedUsers) ?? [],
            AllowAllChannels = gateway.Bool(ChatFields.AllowAllChannels),
            AllowAllUsers = gateway.Bool(ChatFields.AllowAllUsers),
            MessageProcessingMode = gateway.OneOf(ChatFields.MessageProcessingMode),
            MaxBufferedMessages = gateway.Int(ChatFields.MaxBufferedMessages),
            MaxBatchTokens = gateway.Int(ChatFields.MaxBatchTokens),
            Image = gateway.String(Gateway.Image),
            Tag = gateway.String(Gateway.Tag),
            Strategy = gateway.OneOf(Gateway.Strategy) ?? Gateway.Strategy.DefaultValue,
            Resources = ReadResources(gateway.Mapping(Gateway.Resources.Name)),
            RustLog = gateway.String(Gateway.RustLog) is { Length: > 0 } rustLog ? rustLog : Gateway.RustLog.DefaultValue,
            NodeSelector = gateway.StringMap(Gateway.NodeSelector) ?? [],
            Tolerations = ReadKubernetes(gateway, Gateway.Tolerations, KubernetesJsonContext.Default.ListV1Toleration) ?? [],
            Affinity = ReadKubernetes(gateway, Gateway.Affinity, KubernetesJsonContext.Default.V1Affinity),
            ExtraContainers = ReadKubernetes(gateway, Gateway.ExtraContainers, KubernetesJsonContext.Default.ListV1Container) ?? [],
            ExtraVolumeMounts = ReadKubernetes(gateway, Gateway.ExtraVolumeMounts, KubernetesJsonContext.Default.ListV1VolumeMount) ?? [],
            ExtraVolumes = ReadKubernetes(gateway, Gateway.ExtraVolumes, KubernetesJsonContext.Default.ListV1Volume) ?? [],
            ServiceAccountName = gateway.String(Gateway.ServiceAccountName),
            Telegram = ReadTelegram(gateway.Object(Gateway.Telegram.Object)),
            Line = ReadLine(gateway.Object(Gateway.Line.Object)),
            Teams = ReadTeams(gateway.Object(Gateway.Teams.Object)),
            Feishu = ReadFeishu(gateway.Object(Gateway.Feishu.Object)),
            GoogleChat = ReadGoogleChat(gateway.Object(Gateway.GoogleChat.Object)),
            WeCom = ReadWeCom(gateway.Object(Gateway.WeCom.Object)),
        };
    }

    private static TelegramSettings ReadTelegram(MappingReader? telegram) => telegram is null ? new TelegramSettings()
        : new TelegramSettings(ReadSecret(telegram, Gateway.Telegram.BotToken), ReadSecret(telegram, Gateway.Telegram.SecretToken),
            NonEmpty(telegram.String(Gateway.Telegram.WebhookPath)));

    private static LineSettings ReadLine(MappingReader? line) => line is null ? new LineSettings()
        : new LineSettings(ReadSecret(line, Gateway.Line.ChannelSecret), ReadSecret(line, Gateway.Line.ChannelAccessToken),
            NonEmpty(line.String(Gateway.Line.GroupMentionKeyword)));

    private static TeamsSettings ReadTeams(MappingReader? teams) => teams is null ? new TeamsSettings() : new TeamsSettings
    {
        AppId = NonEmpty(teams.String(Gateway.Teams.AppId)),
        AppSecret = ReadSecret(teams, Gateway.Teams.AppSecret),
        OauthEndpoint = NonEmpty(teams.String(Gateway.Teams.OauthEndpoint)),
        OpenidMetadata = NonEmpty(teams.String(Gateway.Teams.OpenidMetadata)),
        AllowedTenants = teams.StringList(Gateway.Teams.AllowedTenants) ?? [],
        WebhookPath = NonEmpty(teams.String(Gateway.Teams.WebhookPath)),
        ReactionsEnabled = teams.Bool(Gateway.Teams.ReactionsEnabled),
        InboundAttachments = teams.Bool(Gateway.Teams.InboundAttachments),
        ConversationRegistryPath = NonEmpty(teams.String(Gateway.Teams.ConversationRegistryPath)),
        ConversationRegistryMaxEntries = teams.IntOrDefault(Gateway.Teams.ConversationRegistryMaxEntries),
        ConversationRegistryTtlSecs = teams.IntOrDefault(Gateway.Teams.ConversationRegistryTtlSecs),
    };

    private static FeishuSettings ReadFeishu(MappingReader? feishu) => feishu is null ? new FeishuSettings() : new FeishuSettings
    {
        AppId = NonEmpty(feishu.String(Gateway.Feishu.AppId)),
        AppSecret = ReadSecret(feishu, Gateway.Feishu.AppSecret),
        Domain = feishu.OneOf(Gateway.Feishu.Domain) ?? Gateway.Feishu.Domain.DefaultValue,
        ConnectionMode = feishu.OneOf(Gateway.Feishu.ConnectionMode) ?? Gateway.Feishu.ConnectionMode.DefaultValue,
        WebhookPath = NonEmpty(feishu.String(Gateway.Feishu.WebhookPath)),
        VerificationToken = ReadSecret(feishu, Gateway.Feishu.VerificationToken),
        EncryptKey = ReadSecret(feishu, Gateway.Feishu.EncryptKey),
        AllowedGroups = feishu.StringList(Gateway.Feishu.AllowedGroups) ?? [],
        AllowedUsers = feishu.StringList(Gateway.Feishu.AllowedUsers) ?? [],
        RequireMention = feishu.BoolOrDefault(Gateway.Feishu.RequireMention),
    };

    private static GoogleChatSettings ReadGoogleChat(MappingReader? chat) => chat is null ? new GoogleChatSettings() : new GoogleChatSettings
    {
        Audience = NonEmpty(chat.String(Gateway.GoogleChat.Audience)),
        SaKeyJson = ReadSecret(chat, Gateway.GoogleChat.SaKeyJson),
        AccessToken = ReadSecret(chat, Gateway.GoogleChat.AccessToken),
        WebhookPath = NonEmpty(chat.String(Gateway.GoogleChat.WebhookPath)),
        UseAdc = chat.BoolOrDefault(Gateway.GoogleChat.UseAdc),
        AdcTargetServiceAccount = NonEmpty(chat.String(Gateway.GoogleChat.AdcTargetServiceAccount)),
    };

    private static WeComSettings ReadWeCom(MappingReader? wecom) => wecom is null ? new WeComSettings() : new WeComSettings
    {
        CorpId = NonEmpty(wecom.String(Gateway.WeCom.CorpId)),
        Secret = ReadSecret(wecom, Gateway.WeCom.Secret),
        Token = ReadSecret(wecom, Gateway.WeCom.Token),
        EncodingAesKey = ReadSecret(wecom, Gateway.WeCom.EncodingAesKey),
        AgentId = NonEmpty(wecom.String(Gateway.WeCom.AgentId)),
        WebhookPath = NonEmpty(wecom.String(Gateway.WeCom.WebhookPath)),
        StreamingEnabled = wecom.Bool(Gateway.WeCom.StreamingEnabled),
        DebounceSecs = wecom.Int(Gateway.WeCom.DebounceSecs),
    };

    /// <summary>Empty is unset, as in the chart's values.</summary>
    private static string? NonEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;
}
