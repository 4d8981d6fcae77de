using KrmFn;
using YamlDotNet.RepresentationModel;
using static AgentSetFn.Cli.Migration.ChartValues;

namespace AgentSetFn.Cli.Migration;

/// <summary>
/// The `agents:` map chart: the chart-wide image and security contexts become the AgentSet's
/// defaults (when they differ from the chart's), and each agent is mapped on its own.
/// </summary>
internal sealed class AgentsForm(NotCarriedOver notes) : MigrationPart(notes)
{
    private readonly AgentFields _fields = new(notes);
    private readonly EnvMigration _env = new(notes);
    private readonly ChatMigration _chat = new(notes);
    private readonly CronjobMigration _cronjobs = new(notes);
    private readonly ConfigTomlMigration _configToml = new(notes);
    private readonly RuntimeMigration _runtime = new(notes);
    private readonly GatewayMigration _gateway = new(notes);

    // The chart's default security contexts, as its values.yaml wrote them before and since
    // v0.8.3 (seccompProfile, readOnlyRootFilesystem); agentset's own hardening covers each.
    private static readonly string[] ChartDefaultPodSecurityContexts =
    [
        "{runAsNonRoot: true, runAsUser: 1000, runAsGroup: 1000, fsGroup: 1000}",
        "{runAsNonRoot: true, runAsUser: 1000, runAsGroup: 1000, fsGroup: 1000, seccompProfile: {type: RuntimeDefault}}",
    ];

    private static readonly string[] ChartDefaultContainerSecurityContexts =
    [
        "{allowPrivilegeEscalation: false, capabilities: {drop: [ALL]}}",
        "{allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: {drop: [ALL]}}",
    ];

    public void Migrate(YamlMappingNode values, YamlMappingNode agentsMap, YamlMappingNode agents, YamlMappingNode spec, string setName)
    {
        var defaults = new YamlMappingNode();
        if (Map(values, "image") is { } image && !IsChartDefaultImage(image)) _fields.CopyImage(image, defaults, "image");
        foreach (var context in new[] { "podSecurityContext", "containerSecurityContext" })
        {
            // agentset hardens every pod on its own; only a value that differs from the chart's default matters.
            if (Map(values, context) is { } sc && !IsChartDefaultSecurityContext(context, sc)) AddChecked(defaults, context, sc, context);
        }
        if (defaults.Children.Count > 0) spec.Add("defaults", defaults);
        var fullnameOverride = Scalar(values, "fullnameOverride") is { Length: > 0 } fullname ? fullname : null;
        if (fullnameOverride is null && Scalar(values, "nameOverride") is { Length: > 0 } chartName)
            Note($"nameOverride: `{Describe(chartName)}`: the chart named each agent <release>-{Describe(chartName)}-<agent> (<release>-<agent> when the release name contains it); "
                + $"the AgentSet names them {setName}-<agent>: set an agent's nameOverride to keep a name");
        NoteUnknown(values, ["image", "podSecurityContext", "containerSecurityContext", "agents", "nameOverride", "fullnameOverride"], "");

        foreach (var (keyNode, node) in agentsMap.Children)
        {
            var key = ((YamlScalarNode)keyNode).Value ?? "";
            var path = $"agents.{key}";
            if (node is not YamlMappingNode agent)
            {
                Note($"{path}: not a mapping");
                continue;
            }
            agents.Add(key, Agent(agent, key, path, fullnameOverride, setName));
        }
    }

    /// <summary>One agent of the map, as the AgentSet's agent of the same key.</summary>
    private YamlMappingNode Agent(YamlMappingNode agent, string key, string path, string? fullnameOverride, string setName)
    {
        var result = new YamlMappingNode();
        if (Switch(agent, "enabled") is false) result.Add("enabled", Plain("false"));
        CopyName(agent, result, fullnameOverride, setName, key, path);
        if (Scalar(agent, "image") is { Length: > 0 } imageText && _fields.ImageFromString(imageText, Scalar(agent, "command"), $"{path}.image") is { } image) result.Add("image", image);
        foreach (var field in AgentFields.SameFields) _fields.Copy(agent, field, result, $"{path}.{field}", skipWhenPreset: false);
        var envSecret = $"{setName}-{key}-env";
        var moved = _env.MigrateEnv(result, $"{path}.", [(Map(agent, "env"), $"{path}.env")], agent.Children.TryGetValue("secretEnv", out var secretEnv) ? secretEnv : null, envSecret);
        foreach (var field in EnvMigration.ExtraFields) _env.CopyExtra(agent, field, result, $"{path}.{field}", envSecret, moved);
        _env.NoteMovedSecrets($"{path}.", envSecret, moved);
        _chat.CopyDiscord(Map(agent, "discord"), result, setName, key, $"{path}.discord");
        CopyAsIs(agent, "inheritEnv", result, $"{path}.inheritEnv");
        _chat.CopySlack(Map(agent, "slack"), result, setName, key, $"{path}.slack");
        _gateway.CopyGateway(Map(agent, "gateway"), result, setName, key, $"{path}.gateway");
        _chat.CopyLine(Map(agent, "line"), result, setName, key, $"{path}.line");
        if (!result.Children.ContainsKey("discord") && !result.Children.ContainsKey("slack") && !result.Children.ContainsKey("gateway") && !result.Children.ContainsKey("line"))
            Note($"{path}: neither discord, slack, gateway nor line is enabled; an AgentSet agent needs one of them");
        CopyAsIs(agent, "pool", result, $"{path}.pool");
        CopyReactionsAndMarkdown(agent, result, $"{path}.");
        CopyStt(agent, result, setName, key, $"{path}.");
        _fields.CopyPersistence(Map(agent, "persistence"), result, $"{path}.persistence", key);
        _cronjobs.CopyCronjobs(agent, result, path);
        _configToml.Copy(agent, result, $"{path}.{ConfigTomlMigration.Field}");
        _runtime.CopyConfigUrl(agent, result, path);
        _runtime.CopyHooks(agent, result, path);
        NoteUnknown(agent, ["enabled", "nameOverride", "image", .. AgentFields.SameFields, "env", "discord", "inheritEnv", "slack", "gateway", "line", "pool", "reactions", "markdown", "stt", "secretEnv", "persistence",
            "cron", "cronjobs", "configUrl", "hooks", .. EnvMigration.ExtraFields, ConfigTomlMigration.Field], $"{path}.");
        return result;
    }

    /// <summary>
    /// The agent's name: its own nameOverride as written; else, under the chart's
    /// fullnameOverride, the chart's name for it (fullnameOverride-agent, at most 63 characters),
    /// when that differs from the AgentSet's set-agent.
    /// </summary>
    private void CopyName(YamlMappingNode agent, YamlMappingNode target, string? fullnameOverride, string setName, string key, string path)
    {
        if (agent.Children.TryGetValue("nameOverride", out var own) && !IsEmpty(own))
        {
            // Copied as written (the AgentSet checks it is a DNS label), unless it looks like a credential.
            AddChecked(target, "nameOverride", own, $"{path}.nameOverride");
            return;
        }
        if (fullnameOverride is null) return;
        var chartName = HelmTrunc63($"{HelmTrunc63(fullnameOverride)}-{key}");
        if (chartName != $"{setName}-{key}") AddChecked(target, "nameOverride", new YamlScalarNode(chartName), "fullnameOverride");
    }

    // Helm's `trunc 63 | trimSuffix "-"`, as the chart's names are made.
    private static string HelmTrunc63(string name)
    {
        var cut = name[..Math.Min(63, name.Length)];
        return cut.EndsWith('-') ? cut[..^1] : cut;
    }

    private static bool IsChartDefaultImage(YamlMappingNode image) =>
        Scalar(image, "repository") is null or "" or "ghcr.io/openabdev/openab" && Scalar(image, "tag") is null or ""
        && Scalar(image, "pullPolicy") is null or "" or "IfNotPresent";

    // Compared as YAML, not as text: flow or block style and key order do not change a context.
    private static bool IsChartDefaultSecurityContext(string name, YamlMappingNode context) =>
        (name == "podSecurityContext" ? ChartDefaultPodSecurityContexts : ChartDefaultContainerSecurityContexts)
            .Any(d => SameYaml(ResourceListIo.ParseDocuments(d)[0], context));
}
