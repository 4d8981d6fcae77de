using System.Text.RegularExpressions;
using AgentSetFn.Api;
using KrmFn;

namespace AgentSetFn.Validation;

/// <summary>
/// line (openab's native LINE adapter, `[line]`): both credentials while it is written (openab's
/// LineConfig requires both: without one it cannot parse config.toml and never starts), LINE's ID
/// forms, a port the non-root container can bind, and a Service name Kubernetes accepts.
/// </summary>
internal static partial class AgentSetValidator
{
    [GeneratedRegex(@"\A" + AgentSetApi.Line.UserIdForm + @"\z")]
    private static partial Regex LineUserId();

    [GeneratedRegex(@"\A" + AgentSetApi.Line.GroupIdForm + @"\z")]
    private static partial Regex LineGroupId();

    /// <summary>A LINE user (U), group (C) or room (R) ID.</summary>
    internal static bool IsLineId(string id) => LineUserId().IsMatch(id) || LineGroupId().IsMatch(id);

    /// <summary>Ports below this need a capability (NET_BIND_SERVICE) the hardened container drops, on runtimes that keep the kernel's default.</summary>
    private const int FirstUnprivilegedPort = 1024;

    private static void ValidateLine(ResolvedAgent agent, string path, Diagnostics diagnostics)
    {
        var line = agent.Definition.Line;
        var agentPath = path;
        path = $"{path}.{AgentSetApi.Line.Object.Name}";
        SecretValueChecks.Validate(line.ChannelAccessToken, AgentSetApi.Line.ChannelAccessToken, path, required: line.Enabled, diagnostics);
        SecretValueChecks.Validate(line.ChannelSecret, AgentSetApi.Line.ChannelSecret, path, required: line.Enabled, diagnostics);
        if (!line.Enabled)
        {
            if (line.ChannelAccessToken is not null || line.ChannelSecret is not null)
                diagnostics.Warning($"{path}.enabled", "is false: [line] is not written, so the LINE credentials are not wired and no LINE webhook is served");
            return;
        }
        ValidateIds(line.AllowedUsers, $"{path}.allowedUsers", LineUserId().IsMatch, "LINE user", "LINE user IDs are U and 32 hex digits, e.g. U0123456789abcdef0123456789abcdef", diagnostics);
        ValidateIds(line.AllowedGroups, $"{path}.allowedGroups", LineGroupId().IsMatch, "LINE group or room",
            "LINE group IDs are C and 32 hex digits, room IDs R and 32 hex digits", diagnostics);
        WarnUselessAllowAll(line.AllowAllUsers, line.AllowedUsers, path, "allowAllUsers", "allowedUsers", "to no one", diagnostics);
        WarnUselessAllowAll(line.AllowAllGroups, line.AllowedGroups, path, "allowAllGroups", "allowedGroups", "in no group or room (1:1 chats still work)", diagnostics);
        if (line.WebhookPort < FirstUnprivilegedPort)
            diagnostics.Warning($"{path}.webhookPort", $"{line.WebhookPort} is below {FirstUnprivilegedPort}: openab runs as non-root without capabilities, so it can bind it only "
                + "where the container runtime allows unprivileged ports; use 8080 (the Service can still be reached through an Ingress on 443)");
        // The pod's containers share one network namespace and one set of port names.
        foreach (var (field, container) in PodValidator.UserContainers(agent.Definition))
        {
            var ports = container.Ports ?? [];
            for (var j = 0; j < ports.Count; j++)
            {
                if (ports[j].ContainerPort == line.WebhookPort && (ports[j].Protocol ?? "TCP") == "TCP")
                    diagnostics.Error($"{agentPath}.{field}.ports[{j}].containerPort",
                        $"{line.WebhookPort} is line.webhookPort, where openab serves LINE's webhooks: two containers of one pod cannot listen on one port");
                if (ports[j].Name == AgentSetApi.Line.PortName)
                    diagnostics.Error($"{agentPath}.{field}.ports[{j}].name",
                        $"`{AgentSetApi.Line.PortName}` names openab's LINE webhook port: port names are unique in a pod");
            }
        }
        if (agent.LineService is { } service && (service.Length > 63 || !Dns1035Label(service)))
            diagnostics.Error(path, $"the LINE Service's name `{service}` must be a DNS-1035 label (a lowercase letter first, at most 63 characters): "
                + (string.IsNullOrEmpty(agent.Definition.NameOverride) ? "shorten the AgentSet or agent name, or set nameOverride" : "shorten nameOverride"));
        diagnostics.Info(path, $"openab serves LINE's webhooks on Service {agent.LineService} port {line.WebhookPort}: LINE calls an HTTPS URL with a public certificate, "
            + "so put an Ingress or a tunnel in front of it (docs/gateway.md#native-line-adapter)");
    }
}
