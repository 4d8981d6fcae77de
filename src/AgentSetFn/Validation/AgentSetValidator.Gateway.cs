using AgentSetFn.Api;
using AgentSetFn.Layout;
using KrmFn;
using static AgentSetFn.Api.AgentSetApi;

namespace AgentSetFn.Validation;

// Meaning-level checks of `gateway` (AgentSetApi.Gateway), with the chart's fail messages as a
// guide: the url when enabled, each credential's forms, the credentials a platform needs, the
// gateway's image and pod.
internal static partial class AgentSetValidator
{
    private static void ValidateGateway(AgentSetDefinition set, ResolvedAgent agent, string path, Diagnostics diagnostics)
    {
        if (agent.Gateway is not { } gateway) return;
        var settings = gateway.Settings;
        path = $"{path}.gateway";

        if (string.IsNullOrEmpty(settings.Url))
            diagnostics.Error($"{path}.url", $"is required when gateway.enabled is true: the gateway's WebSocket URL, e.g. ws://{gateway.Name}:{GatewayLayout.Port}/ws");
        else if (!Uri.TryCreate(settings.Url, UriKind.Absolute, out var uri) || uri.Scheme is not ("ws" or "wss") || uri.Host.Length == 0 || UrlText.HasCredentialParts(uri))
            diagnostics.Error($"{path}.url", $"{UrlText.Describe(settings.Url, "the url")} must be a ws:// or wss:// URL without user info, query or fragment (the token goes in gateway.tokenSecretRef), e.g. ws://{gateway.Name}:{GatewayLayout.Port}/ws");

        SecretValueChecks.Validate(settings.Token, Gateway.Token, path, required: false, diagnostics);
        foreach (var (ids, field) in new[] { (settings.AllowedChannels, "allowedChannels"), (settings.AllowedUsers, "allowedUsers") })
        {
            for (var i = 0; i < ids.Count; i++)
            {
                if (YamlScalars.IsFloat(ids[i]) && !YamlScalars.IsInteger(ids[i]))
                    diagnostics.Error($"{path}.{field}[{i}]", $"`{ids[i]}` looks like a number that lost its digits (a float); write the ID as a quoted string");
            }
        }
        if (!OpenabOptions.BatchingModes.Contains(settings.MessageProcessingMode ?? "per-message", StringComparer.Ordinal))
        {
            foreach (var (value, field) in new[] { (settings.MaxBufferedMessages, "maxBufferedMessages"), (settings.MaxBatchTokens, "maxBatchTokens") })
            {
                if (value is not null)
                    diagnostics.Warning($"{path}.{field}", $"has no effect unless messageProcessingMode is {string.Join(" or ", OpenabOptions.BatchingModes)}");
            }
        }

        foreach (var credential in ResolvedGateway.Credentials)
        {
            var parent = credential.Field[..credential.Field.LastIndexOf('.')];
            SecretValueChecks.Validate(credential.Value(settings), credential.Catalog, $"spec.agents.{agent.Key}.{parent}", required: false, diagnostics);
        }
        ValidatePlatformBlocks(settings, path, diagnostics);

        if (!gateway.Deployed)
        {
            var unused = PlatformsSet(settings).ToList();
            if (unused.Count > 0)
                diagnostics.Warning(path, $"deploy is false: no gateway is rendered here, so the settings of {string.Join(", ", unused)} are not used (configure the gateway that runs at the url)");
            return;
        }

        ValidatePlatformCredentials(settings, path, diagnostics);
        if (settings.Token is null)
            diagnostics.Warning(path, $"has no token: any pod that reaches the gateway's port {GatewayLayout.Port} can connect to its WebSocket as this agent and read its platforms' messages; set tokenSecretRef");
        if (GatewayLayout.ReceivesWebhooks(settings))
            diagnostics.Info(path, $"the gateway receives webhooks on Service {gateway.Name} port {GatewayLayout.Port}: make it reachable from the internet with an Ingress or a tunnel in extraContainers (docs/gateway.md)");

        if (gateway.Name.Length > 63 || !Dns1035Label(gateway.Name))
            diagnostics.Error(path, $"the gateway's name `{gateway.Name}` must be a DNS-1035 label (a lowercase letter first, at most 63 characters) to name its Service: shorten the AgentSet or agent name");
        ValidateGatewayImage(agent, gateway, path, diagnostics);
        ValidateResources(settings.Resources, $"{path}.resources", diagnostics);
        ValidateTolerations(settings.Tolerations, $"{path}.tolerations", diagnostics);
        if (settings.ServiceAccountName is { Length: > 0 } account && !Dns1123Subdomain(account))
            diagnostics.Error($"{path}.serviceAccountName", $"`{account}` is not a valid service account name");
        ValidateGatewayPod(set, settings, path, diagnostics);
    }

    /// <summary>The platforms with any setting, by their field names.</summary>
    private static IEnumerable<string> PlatformsSet(GatewaySettings settings)
    {
        if (settings.Telegram != new TelegramSettings()) yield return "telegram";
        if (settings.Line != new LineSettings()) yield return "line";
        if (settings.Teams.AppId is not null || settings.Teams.AppSecret is not null) yield return "teams";
        if (settings.Feishu.AppId is not null || settings.Feishu.AppSecret is not null) yield return "feishu";
        if (settings.GoogleChat.On) yield return "googleChat";
        if (settings.WeCom.CorpId is not null || settings.WeCom.Secret is not null) yield return "wecom";
    }

    /// <summary>Settings the chart would silently drop because their platform is not on.</summary>
    private static void ValidatePlatformBlocks(GatewaySettings settings, string path, Diagnostics diagnostics)
    {
        var telegram = settings.Telegram;
        if (!telegram.On && (telegram.SecretToken is not null || telegram.WebhookPath is not null))
            diagnostics.Error($"{path}.telegram", "secretToken and webhookPath are used only with botToken (the Telegram adapter is on when the bot token is set): set botTokenSecretRef");
        var line = settings.Line;
        if (!line.On && (line.ChannelAccessToken is not null || line.GroupMentionKeyword is not null))
            diagnostics.Error($"{path}.line", "channelAccessToken and groupMentionKeyword are used only with channelSecret (the LINE adapter is on when the channel secret is set): set channelSecretSecretRef");
        if ((settings.Teams.AppId is null) != (settings.Teams.AppSecret is null))
            diagnostics.Error($"{path}.teams", settings.Teams.AppId is null
                ? "needs appId with appSecret: the Teams adapter is on only with both"
                : "needs the Teams app secret with appId: set appSecretSecretRef: {name, key} (an existing Secret), appSecretExternalSecret, or appSecret");
        if ((settings.Feishu.AppId is null) != (settings.Feishu.AppSecret is null))
            diagnostics.Error($"{path}.feishu", settings.Feishu.AppId is null
                ? "needs appId with appSecret: the Feishu adapter is on only with both"
                : "needs the Feishu app secret with appId: set appSecretSecretRef: {name, key} (an existing Secret), appSecretExternalSecret, or appSecret");
        var wecom = settings.WeCom;
        if ((wecom.CorpId is null) != (wecom.Secret is null))
            diagnostics.Error($"{path}.wecom", wecom.CorpId is null
                ? "needs corpId with secret: the WeCom adapter is on only with both"
                : "needs the WeCom app secret with corpId: set secretSecretRef: {name, key} (an existing Secret), secretExternalSecret, or secret");
        else if (!wecom.On && (wecom.Token is not null || wecom.EncodingAesKey is not null || wecom.AgentId is not null || wecom.WebhookPath is not null
            || wecom.StreamingEnabled is not null || wecom.DebounceSecs is not null))
            diagnostics.Error($"{path}.wecom", "token, encodingAesKey, agentId, webhookPath, streamingEnabled and debounceSecs are used only with corpId and secret (the WeCom adapter is on when both are set)");
        if (wecom.On && wecom.AgentId is null)
            diagnostics.Error($"{path}.wecom.agentId", "is required when the WeCom adapter is on (corpId and secret set): the app's agent ID");
        // Only the length is named: the key is a secret value.
        if (wecom.EncodingAesKey?.Inline is { Length: > 0 } aesKey && aesKey.Length != Gateway.WeCom.EncodingAesKeyLength)
            diagnostics.Error($"{path}.wecom.encodingAesKey", $"must be {Gateway.WeCom.EncodingAesKeyLength} characters long (the one given is not)");
        var chat = settings.GoogleChat;
        if (chat.UseAdc && chat.AdcTargetServiceAccount is null)
            diagnostics.Error($"{path}.googleChat.adcTargetServiceAccount", "is required when useAdc is true: the email of the Chat app's service account, which the gateway's own service account impersonates");
        else if (!chat.UseAdc && chat.AdcTargetServiceAccount is not null)
            diagnostics.Warning($"{path}.googleChat.adcTargetServiceAccount", "has no effect unless useAdc is true");
    }

    /// <summary>A gateway rendered here serves gateway.platform: that platform's credentials must be there.</summary>
    private static void ValidatePlatformCredentials(GatewaySettings settings, string path, Diagnostics diagnostics)
    {
        var why = $" (gateway.platform is {settings.Platform})";
        switch (settings.Platform)
        {
            case "telegram" when !settings.Telegram.On:
                diagnostics.Error($"{path}.telegram", $"needs {Gateway.Telegram.BotToken.What}{why}: set botTokenSecretRef: {{name, key}} (an existing Secret), botTokenExternalSecret, or botToken");
                break;
            case "line" when !settings.Line.On:
                diagnostics.Error($"{path}.line", $"needs {Gateway.Line.ChannelSecret.What}{why}: set channelSecretSecretRef: {{name, key}} (an existing Secret), channelSecretExternalSecret, or channelSecret");
                break;
            case "line" when settings.Line.ChannelAccessToken is null:
                diagnostics.Warning($"{path}.line", "has no channelAccessToken: the gateway receives LINE messages but cannot reply");
                break;
            case "teams" when !settings.Teams.On && settings.Teams == new TeamsSettings():
                diagnostics.Error($"{path}.teams", $"needs appId and {Gateway.Teams.AppSecret.What}{why}");
                break;
            case "feishu" when !settings.Feishu.On && settings.Feishu.AppId is null && settings.Feishu.AppSecret is null:
                diagnostics.Error($"{path}.feishu", $"needs appId and {Gateway.Feishu.AppSecret.What}{why}");
                break;
            case "wecom" when !settings.WeCom.On && settings.WeCom.CorpId is null && settings.WeCom.Secret is null:
                diagnostics.Error($"{path}.wecom", $"needs corpId and {Gateway.WeCom.Secret.What}{why}");
                break;
            case "googlechat" when !settings.GoogleChat.On:
                diagnostics.Error($"{path}.googleChat", $"needs audience, saKeyJson, accessToken or useAdc{why}");
                break;
        }
    }

    private static void ValidateGatewayImage(ResolvedAgent agent, ResolvedGateway gateway, string path, Diagnostics diagnostics)
    {
        var settings = gateway.Settings;
        if (string.IsNullOrEmpty(settings.Tag) && agent.ImageTag.StartsWith("sha256:", StringComparison.Ordinal))
        {
            diagnostics.Error($"{path}.tag", "is required: the broker's image is pinned by digest, which names no gateway release; set the gateway's tag (or digest)");
            return;
        }
        ValidateImage(gateway.Image, path, diagnostics, repositoryField: "image", tagField: "tag");
    }

    /// <summary>The gateway's extra containers and volumes: names, pinned images, volume sources, mounts of its own volumes.</summary>
    private static void ValidateGatewayPod(AgentSetDefinition set, GatewaySettings settings, string path, Diagnostics diagnostics)
    {
        var containers = new HashSet<string>(GatewayLayout.OwnContainers, StringComparer.Ordinal);
        for (var i = 0; i < settings.ExtraContainers.Count; i++)
        {
            var container = settings.ExtraContainers[i];
            var where = $"{path}.extraContainers[{i}]";
            var name = container.Name ?? "";
            if (!IsDns1123Label(name))
                diagnostics.Error($"{where}.name", $"`{name}` must be a DNS-1123 label (lowercase letters, digits and '-')");
            else if (!containers.Add(name))
                diagnostics.Error($"{where}.name", $"`{name}` is already the name of a container of the gateway (its own is `{GatewayLayout.Container}`)");
            if (string.IsNullOrEmpty(container.Image)) diagnostics.Error($"{where}.image", "is required");
            else CheckPinnedImage(container.Image, $"{where}.image", diagnostics);
            if (container.SecurityContext is { } context) PodValidator.WarnRelaxed(context, $"{where}.securityContext", diagnostics);
        }
        var volumes = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < settings.ExtraVolumes.Count; i++)
        {
            var volume = settings.ExtraVolumes[i];
            var where = $"{path}.extraVolumes[{i}]";
            var name = volume.Name ?? "";
            if (!IsDns1123Label(name))
                diagnostics.Error($"{where}.name", $"`{name}` must be a DNS-1123 label (lowercase letters, digits and '-')");
            else if (GatewayLayout.OwnVolumes.Contains(name, StringComparer.Ordinal))
                diagnostics.Error($"{where}.name", $"`{name}` is the name of the gateway's own volume ({string.Join(", ", GatewayLayout.OwnVolumes)})");
            else if (!volumes.Add(name))
                diagnostics.Error($"{where}.name", $"`{name}` is already the name of another volume of the gateway");
            PodValidator.CheckSource(set, volume, where, diagnostics);
        }
        var mounted = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < settings.ExtraVolumeMounts.Count; i++)
        {
            var mount = settings.ExtraVolumeMounts[i];
            var where = $"{path}.extraVolumeMounts[{i}]";
            if (!volumes.Contains(mount.Name ?? ""))
                diagnostics.Error($"{where}.name", $"`{mount.Name}` is not a volume of gateway.extraVolumes");
            if (MountPaths.Canonical(mount.MountPath ?? "") is not { } canonical)
                diagnostics.Error($"{where}.mountPath", $"`{mount.MountPath}` must be an absolute path without '.' or '..'");
            else if (MountPaths.Overlap(canonical, PodLayout.TmpDir))
                diagnostics.Error($"{where}.mountPath", $"`{mount.MountPath}` collides with the gateway's own mount at `{PodLayout.TmpDir}`");
            else if (!mounted.Add(canonical))
                diagnostics.Error($"{where}.mountPath", $"`{mount.MountPath}` is already the mount path of another volume");
        }
        // A sidecar's mounts name volumes of the pod: the gateway's own or extraVolumes.
        for (var i = 0; i < settings.ExtraContainers.Count; i++)
        {
            var mounts = settings.ExtraContainers[i].VolumeMounts ?? [];
            for (var j = 0; j < mounts.Count; j++)
            {
                if (!volumes.Contains(mounts[j].Name ?? "") && !GatewayLayout.OwnVolumes.Contains(mounts[j].Name ?? "", StringComparer.Ordinal))
                    diagnostics.Error($"{path}.extraContainers[{i}].volumeMounts[{j}].name", $"`{mounts[j].Name}` is not a volume of the gateway's pod (gateway.extraVolumes)");
            }
        }
        if (settings.Teams is { On: true, ConversationRegistryPath: { } registry } && registry.StartsWith('/')
            && !settings.ExtraVolumeMounts.Any(m => MountPaths.Canonical(m.MountPath ?? "") is { } mounted && MountPaths.Canonical(registry) is { } file && MountPaths.IsInside(file, mounted)))
            diagnostics.Warning($"{path}.teams.conversationRegistryPath",
                "is on no volume of the gateway (its root filesystem is read-only and nothing is created for the registry): mount durable storage above it with extraVolumes and extraVolumeMounts");
    }
}

internal static partial class AgentSetValidator
{
    // A Service's name: a DNS-1035 label, which starts with a letter.
    [System.Text.RegularExpressions.GeneratedRegex(@"\A[a-z]([-a-z0-9]*[a-z0-9])?\z")]
    private static partial System.Text.RegularExpressions.Regex Dns1035LabelPattern();

    private static bool Dns1035Label(string name) => Dns1035LabelPattern().IsMatch(name);
}
