using AgentSetFn.Api;
using KrmFn;
using YamlDotNet.RepresentationModel;
using static AgentSetFn.Cli.Migration.ChartValues;

namespace AgentSetFn.Cli.Migration;

/// <summary>
/// The chart's `gateway` (when enabled): every option of the same name is copied; the
/// WebSocket token and the platforms' credentials are never copied (they would land in git):
/// each becomes a SecretRef to a Secret the user creates, under the chart's key names.
/// </summary>
internal sealed class GatewayMigration(NotCarriedOver notes) : MigrationPart(notes)
{
    // The chart's gateway options that mean the same in an AgentSet, in the chart's order.
    private static readonly string[] Options =
    [
        "deploy", "url", "platform", "botUsername", "allowedChannels", "allowedUsers", "allowAllChannels", "allowAllUsers",
        "messageProcessingMode", "maxBufferedMessages", "maxBatchTokens", "tag", "strategy", "resources", "rustLog",
        "nodeSelector", "tolerations", "affinity", "extraContainers", "extraVolumeMounts", "extraVolumes", "serviceAccountName",
    ];

    /// <summary>Each platform's options copied as written, and its credentials with their chart keys.</summary>
    private static readonly (string Platform, string[] Options, (string Field, string Key)[] Credentials)[] Platforms =
    [
        ("telegram", ["webhookPath"], [("botToken", "telegram-bot-token"), ("secretToken", "telegram-secret-token")]),
        ("line", ["groupMentionKeyword"], [("channelSecret", "line-channel-secret"), ("channelAccessToken", "line-channel-access-token")]),
        ("teams", ["appId", "oauthEndpoint", "openidMetadata", "allowedTenants", "webhookPath", "reactionsEnabled", "inboundAttachments",
            "conversationRegistryPath", "conversationRegistryMaxEntries", "conversationRegistryTtlSecs"], [("appSecret", "teams-app-secret")]),
        ("feishu", ["appId", "domain", "connectionMode", "webhookPath", "allowedGroups", "allowedUsers", "requireMention"],
            [("appSecret", "feishu-app-secret"), ("verificationToken", "feishu-verification-token"), ("encryptKey", "feishu-encrypt-key")]),
        ("googleChat", ["audience", "webhookPath", "useAdc", "adcTargetServiceAccount"],
            [("saKeyJson", "google-chat-sa-key-json"), ("accessToken", "google-chat-access-token")]),
        ("wecom", ["corpId", "agentId", "webhookPath", "streamingEnabled", "debounceSecs"],
            [("secret", "wecom-secret"), ("token", "wecom-token"), ("encodingAesKey", "wecom-encoding-aes-key")]),
    ];

    /// <summary>
    /// Options the chart's values write as strings (`streamingEnabled: "true"`, `debounceSecs: "5"`)
    /// for a template that quotes them into the environment; the AgentSet types them, so such values are copied unquoted
    /// (anything else is copied as written, for the AgentSet's validation to name).
    /// </summary>
    private static readonly (string Platform, string Option)[] Typed = [("wecom", "streamingEnabled"), ("wecom", "debounceSecs")];

    public void CopyGateway(YamlMappingNode? gateway, YamlMappingNode agent, string setName, string key, string path)
    {
        if (gateway is null || Switch(gateway, "enabled") is not true) return;
        var result = new YamlMappingNode { { "enabled", Plain("true") } };
        foreach (var option in Options) CopyAsIs(gateway, option, result, $"{path}.{option}");
        // The chart's default image is the AgentSet's; another one is kept.
        if (Scalar(gateway, "image") is { Length: > 0 } image && image != ResolvedGateway.DefaultRepository) AddChecked(result, "image", new YamlScalarNode(image), $"{path}.image");

        if (Scalar(gateway, "token") is { Length: > 0 })
        {
            var tokenSecret = $"{setName}-{key}-gateway-ws";
            result.Add("tokenSecretRef", new YamlMappingNode { { "name", tokenSecret }, { "key", "token" } });
            Note($"{path}.token: not copied (it would land in git); create the Secret: kubectl create secret generic {tokenSecret} --from-literal=token=...");
        }

        var credentialsSecret = $"{setName}-{key}-gateway-credentials";
        var keys = new List<string>();
        foreach (var (platform, options, credentials) in Platforms)
        {
            if (Map(gateway, platform) is not { } source) continue;
            var target = new YamlMappingNode();
            foreach (var option in options) CopyAsIs(source, option, target, $"{path}.{platform}.{option}");
            foreach (var (_, option) in Typed.Where(t => t.Platform == platform)) Unquote(target, option);
            CredentialsAsSecretRefs(source, target, credentials, credentialsSecret, $"{path}.{platform}", keys);
            NoteUnknown(source, [.. options, .. credentials.Select(c => c.Field)], $"{path}.{platform}.");
            if (target.Children.Count > 0) result.Add(platform, target);
        }
        NoteCreateSecret(path, "the platforms' credentials", credentialsSecret, keys);
        // Fields of the chart's gateway the AgentSet has no equivalent for are noted as unknown.
        NoteUnknown(gateway, ["enabled", "image", "token", .. Options, .. Platforms.Select(p => p.Platform)], $"{path}.");
        agent.Add("gateway", result);
    }
}
