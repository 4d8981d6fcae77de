using k8s.Models;

namespace AgentSetFn.Api;

// The agent's `gateway` as written (AgentSetApi.Gateway). Null and empty are "not set": the
// chart's and the gateway's own defaults apply (ResolvedGateway, GatewayLayout).

/// <summary>`gateway`: openab's [gateway] section and the gateway rendered beside the agent.</summary>
internal sealed record GatewaySettings
{
    public bool Enabled { get; init; }
    public bool Deploy { get; init; } = AgentSetApi.Gateway.Deploy.DefaultValue;
    public string? Url { get; init; }
    public string Platform { get; init; } = AgentSetApi.Gateway.Platform.DefaultValue;
    public SecretValue? Token { get; init; }
    public string? BotUsername { get; init; }
    public IReadOnlyList<string> AllowedChannels { get; init; } = [];
    public IReadOnlyList<string> AllowedUsers { get; init; } = [];
    public bool? AllowAllChannels { get; init; }
    public bool? AllowAllUsers { get; init; }
    public string? MessageProcessingMode { get; init; }
    public int? MaxBufferedMessages { get; init; }
    public int? MaxBatchTokens { get; init; }
    public string? Image { get; init; }
    public string? Tag { get; init; }
    public string Strategy { get; init; } = AgentSetApi.Gateway.Strategy.DefaultValue;
    public V1ResourceRequirements? Resources { get; init; }
    public string RustLog { get; init; } = AgentSetApi.Gateway.RustLog.DefaultValue;
    public IReadOnlyList<KeyValuePair<string, string>> NodeSelector { get; init; } = [];
    public IReadOnlyList<V1Toleration> Tolerations { get; init; } = [];
    public V1Affinity? Affinity { get; init; }
    public IReadOnlyList<V1Container> ExtraContainers { get; init; } = [];
    public IReadOnlyList<V1VolumeMount> ExtraVolumeMounts { get; init; } = [];
    public IReadOnlyList<V1Volume> ExtraVolumes { get; init; } = [];
    public string? ServiceAccountName { get; init; }
    public TelegramSettings Telegram { get; init; } = new();
    public LineSettings Line { get; init; } = new();
    public TeamsSettings Teams { get; init; } = new();
    public FeishuSettings Feishu { get; init; } = new();
    public GoogleChatSettings GoogleChat { get; init; } = new();
    public WeComSettings WeCom { get; init; } = new();
}

internal sealed record TelegramSettings(SecretValue? BotToken = null, SecretValue? SecretToken = null, string? WebhookPath = null)
{
    /// <summary>The chart's condition: the adapter's variables are set when the bot token is.</summary>
    public bool On => BotToken is not null;
}

internal sealed record LineSettings(SecretValue? ChannelSecret = null, SecretValue? ChannelAccessToken = null, string? GroupMentionKeyword = null)
{
    public bool On => ChannelSecret is not null;
}

internal sealed record TeamsSettings
{
    public string? AppId { get; init; }
    public SecretValue? AppSecret { get; init; }
    public string? OauthEndpoint { get; init; }
    public string? OpenidMetadata { get; init; }
    public IReadOnlyList<string> AllowedTenants { get; init; } = [];
    public string? WebhookPath { get; init; }
    public bool? ReactionsEnabled { get; init; }
    public bool? InboundAttachments { get; init; }
    public string? ConversationRegistryPath { get; init; }
    public int ConversationRegistryMaxEntries { get; init; } = AgentSetApi.Gateway.Teams.ConversationRegistryMaxEntries.DefaultValue;
    public int ConversationRegistryTtlSecs { get; init; } = AgentSetApi.Gateway.Teams.ConversationRegistryTtlSecs.DefaultValue;

    public bool On => !string.IsNullOrEmpty(AppId) && AppSecret is not null;
}

internal sealed record FeishuSettings
{
    public string? AppId { get; init; }
    public SecretValue? AppSecret { get; init; }
    public string Domain { get; init; } = AgentSetApi.Gateway.Feishu.Domain.DefaultValue;
    public string ConnectionMode { get; init; } = AgentSetApi.Gateway.Feishu.ConnectionMode.DefaultValue;
    public string? WebhookPath { get; init; }
    public SecretValue? VerificationToken { get; init; }
    public SecretValue? EncryptKey { get; init; }
    public IReadOnlyList<string> AllowedGroups { get; init; } = [];
    public IReadOnlyList<string> AllowedUsers { get; init; } = [];
    public bool RequireMention { get; init; } = AgentSetApi.Gateway.Feishu.RequireMention.DefaultValue;

    public bool On => !string.IsNullOrEmpty(AppId) && AppSecret is not null;
}

internal sealed record GoogleChatSettings
{
    public string? Audience { get; init; }
    public SecretValue? SaKeyJson { get; init; }
    public SecretValue? AccessToken { get; init; }
    public string? WebhookPath { get; init; }
    public bool UseAdc { get; init; }
    public string? AdcTargetServiceAccount { get; init; }

    /// <summary>The chart's condition: any of them turns the adapter on (audience alone: receive only).</summary>
    public bool On => !string.IsNullOrEmpty(Audience) || SaKeyJson is not null || AccessToken is not null || UseAdc;
}

internal sealed record WeComSettings
{
    public string? CorpId { get; init; }
    public SecretValue? Secret { get; init; }
    public SecretValue? Token { get; init; }
    public SecretValue? EncodingAesKey { get; init; }
    public string? AgentId { get; init; }
    public string? WebhookPath { get; init; }
    public bool? StreamingEnabled { get; init; }
    public int? DebounceSecs { get; init; }

    /// <summary>The chart's condition: the adapter's variables are set when the corp ID and the secret are.</summary>
    public bool On => !string.IsNullOrEmpty(CorpId) && Secret is not null;
}
