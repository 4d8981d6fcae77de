using System.Globalization;
using AgentSetFn.Api;
using KrmFn;
using AgentSetFn.Validation;
using YamlDotNet.RepresentationModel;

namespace AgentSetFn.Cli;

/// <summary>
/// `agentset migrate VALUES.yaml`: the openab Helm chart's values as an AgentSet. Both forms:
/// the single-agent chart (agent-broker: top-level `agent`, `agent.preset`, `image`,
/// `discord`, `pool`, `reactions`, `persistence`) and the `agents:` map. Everything that has no
/// AgentSet equivalent is listed, never dropped silently; tokens are never copied.
/// </summary>
internal sealed class HelmValuesMigration
{
    private readonly List<string> _notes = [];

    /// <summary>The AgentSet as YAML, headed by comments listing what was not carried over.</summary>
    public sealed record Result(string AgentSetYaml, IReadOnlyList<string> Notes);

    private static readonly Dictionary<string, string> PresetCommands = new(StringComparer.Ordinal)
    {
        ["kiro"] = "kiro-cli",
        ["claude"] = "claude-agent-acp",
        ["codex"] = "codex-acp",
        ["gemini"] = "gemini",
    };

    // Fields an agent of either form carries over as they are (same name, same meaning).
    private static readonly string[] SameFields =
        ["command", "args", "workingDir", "envFrom", "agentsMd", "resources", "nodeSelector", "tolerations", "affinity"];

    public static Result Migrate(YamlMappingNode values, string file, string name, string? ns)
    {
        var migration = new HelmValuesMigration();
        var spec = new YamlMappingNode();
        var agents = new YamlMappingNode();
        if (values.Children.TryGetValue("agents", out var map) && map is YamlMappingNode agentsMap)
            migration.AgentsForm(values, agentsMap, agents, spec, name);
        else
            migration.SingleAgentForm(values, agents, name);

        var metadata = new YamlMappingNode { { "name", name } };
        if (!string.IsNullOrEmpty(ns)) metadata.Add("namespace", ns);
        metadata.Add("annotations", new YamlMappingNode { { "config.kubernetes.io/local-config", Quoted("true") } });
        if (spec.Children.Count > 0) spec = new YamlMappingNode(spec.Children.Prepend(new(new YamlScalarNode("agents"), agents)));
        else spec.Add("agents", agents);
        var resource = new YamlMappingNode
        {
            { "apiVersion", AgentSetReader.ApiVersion },
            { "kind", AgentSetReader.Kind },
            { "metadata", metadata },
            { "spec", spec },
        };

        var header = new List<string> { $"# Migrated from {file} by `agentset migrate`. Review it, then render it." };
        if (migration._notes.Count > 0)
        {
            header.Add("# Not carried over (no AgentSet equivalent, or on purpose):");
            header.AddRange(migration._notes.Select(n => $"#   - {n}"));
        }
        return new Result(string.Join('\n', header) + "\n" + ResourceListIo.Emit([resource]), migration._notes);
    }

    private void SingleAgentForm(YamlMappingNode values, YamlMappingNode agents, string setName)
    {
        var agent = Map(values, "agent") ?? new YamlMappingNode();
        var preset = Scalar(agent, "preset");
        string? command;
        if (!string.IsNullOrEmpty(preset))
        {
            command = PresetCommands.GetValueOrDefault(preset);
            if (command is null) Note($"agent.preset `{preset}` is not one of {string.Join(", ", PresetCommands.Keys)}; kiro-cli is used");
        }
        else
        {
            command = Scalar(agent, "command");
        }
        command ??= "kiro-cli";
        var key = KeyFor(command);
        var result = new YamlMappingNode { { "command", command } };

        if (Map(values, "image") is { } image) CopyImage(image, result, "image");
        foreach (var field in SameFields.Where(f => f != "command"))
        {
            // The chart read args/workingDir from `agent`, the rest from the top level.
            var source = field is "args" or "workingDir" ? agent : values;
            Copy(source, field, result, field is "args" or "workingDir" ? $"agent.{field}" : field, skipWhenPreset: preset is { Length: > 0 } && field is "args" or "workingDir");
        }
        NoteMovedSecrets("", $"{setName}-{key}-env", MigrateEnv(result, "", [(Map(agent, "env"), "agent.env"), (Map(values, "env"), "env")], null, $"{setName}-{key}-env"));
        CopyDiscord(Map(values, "discord"), result, setName, key, "discord");
        CopyAsIs(values, "pool", result, "pool");
        CopyAsIs(values, "reactions", result, "reactions");
        CopyPersistence(Map(values, "persistence"), result, "persistence", null);
        NoteReplicasAndStrategy(values, "");
        NoteUnknown(values, ["image", "replicas", "strategy", "resources", "persistence", "discord", "agent", "pool", "reactions",
            "agentsMd", "env", "envFrom", "nodeSelector", "tolerations", "affinity"], "");
        NoteUnknown(agent, ["preset", "command", "args", "workingDir", "env"], "agent.");
        agents.Add(key, result);
    }

    private void AgentsForm(YamlMappingNode values, YamlMappingNode agentsMap, YamlMappingNode agents, YamlMappingNode spec, string setName)
    {
        var defaults = new YamlMappingNode();
        if (Map(values, "image") is { } image && !IsChartDefaultImage(image)) CopyImage(image, defaults, "image");
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
            var result = new YamlMappingNode();
            if (Scalar(agent, "enabled") is "false") result.Add("enabled", Plain("false"));
            CopyName(agent, result, fullnameOverride, setName, key, path);
            if (Scalar(agent, "image") is { Length: > 0 } imageText) result.Add("image", ImageFromString(imageText));
            foreach (var field in SameFields) Copy(agent, field, result, $"{path}.{field}", skipWhenPreset: false);
            var envSecret = $"{setName}-{key}-env";
            var moved = MigrateEnv(result, $"{path}.", [(Map(agent, "env"), $"{path}.env")], agent.Children.TryGetValue("secretEnv", out var secretEnv) ? secretEnv : null, envSecret);
            foreach (var field in ExtraFields) CopyExtra(agent, field, result, $"{path}.{field}", envSecret, moved);
            NoteMovedSecrets($"{path}.", envSecret, moved);
            CopyDiscord(Map(agent, "discord"), result, setName, key, $"{path}.discord");
            CopyAsIs(agent, "inheritEnv", result, $"{path}.inheritEnv");
            CopySlack(Map(agent, "slack"), result, setName, key, $"{path}.slack");
            if (!result.Children.ContainsKey("discord") && !result.Children.ContainsKey("slack"))
                Note($"{path}: neither discord nor slack is enabled; an AgentSet agent needs one of them (the chart's other adapters have no equivalent)");
            CopyAsIs(agent, "pool", result, $"{path}.pool");
            CopyAsIs(agent, "reactions", result, $"{path}.reactions");
            CopyPersistence(Map(agent, "persistence"), result, $"{path}.persistence", key);
            CopyCronjobs(agent, result, path);
            NoteUnknown(agent, ["enabled", "nameOverride", "image", .. SameFields, "env", "discord", "inheritEnv", "slack", "pool", "reactions", "secretEnv", "persistence",
                "cron", "cronjobs", .. ExtraFields], $"{path}.");
            agents.Add(key, result);
        }
    }

    // The chat options whose chart values mean the same in an AgentSet, in the
    // chart's order; the ID lists among them are checked, the rest copied as written.
    private static readonly string[] DiscordOptions =
    [
        "allowedChannels", "allowedUsers", "allowAllChannels", "allowAllUsers", "allowBotMessages", "trustedBotIds",
        "allowedRoleIds", "allowUserMessages", "allowDm", "maxBotTurns", "messageProcessingMode", "maxBufferedMessages", "maxBatchTokens",
    ];

    private static readonly string[] SlackOptions = [.. DiscordOptions.Where(o => o is not ("allowedRoleIds" or "allowDm"))];

    private static readonly string[] IdLists = ["allowedChannels", "allowedUsers", "trustedBotIds", "allowedRoleIds"];

    private static bool IsSnowflake(string id) => id.Length is >= 17 and <= 20 && id.All(char.IsAsciiDigit);

    private void CopyDiscord(YamlMappingNode? discord, YamlMappingNode agent, string setName, string key, string path)
    {
        // The chart's discord.enabled: false means no Discord at all (a Slack-only agent).
        if (discord is not null && Scalar(discord, "enabled") is "false") return;
        // Never copy a token: it would land in git. Point at a Secret the user creates instead.
        var secretName = $"{setName}-{key}-discord";
        if (discord is not null && Scalar(discord, "botToken") is { Length: > 0 })
            Note($"{path}.botToken: not copied (it would land in git); create the Secret: kubectl create secret generic {secretName} --from-literal=token=...");
        var result = new YamlMappingNode { { "botTokenSecretRef", new YamlMappingNode { { "name", secretName }, { "key", "token" } } } };
        if (discord is not null)
        {
            CopyChatOptions(discord, result, DiscordOptions, path, IsSnowflake, "a Discord ID (17-20 digits)");
            NoteUnknown(discord, ["enabled", "botToken", .. DiscordOptions], $"{path}.");
        }
        agent.Add("discord", result);
    }

    /// <summary>
    /// The chart's `slack` (when enabled): tokens become Secret references, to the chart's
    /// existingSecret (keys slack-bot-token, slack-app-token) or to a Secret the user creates.
    /// </summary>
    private void CopySlack(YamlMappingNode? slack, YamlMappingNode agent, string setName, string key, string path)
    {
        if (slack is null || Scalar(slack, "enabled") is not "true") return;
        var result = new YamlMappingNode { { "enabled", Plain("true") } };
        if (Scalar(slack, "existingSecret") is { Length: > 0 } existing)
        {
            result.Add("botTokenSecretRef", new YamlMappingNode { { "name", existing }, { "key", "slack-bot-token" } });
            result.Add("appTokenSecretRef", new YamlMappingNode { { "name", existing }, { "key", "slack-app-token" } });
        }
        else
        {
            var secretName = $"{setName}-{key}-slack";
            foreach (var token in new[] { "botToken", "appToken" }.Where(t => Scalar(slack, t) is { Length: > 0 }))
                Note($"{path}.{token}: not copied (it would land in git); create the Secret: kubectl create secret generic {secretName} --from-literal=bot-token=xoxb-... --from-literal=app-token=xapp-...");
            result.Add("botTokenSecretRef", new YamlMappingNode { { "name", secretName }, { "key", "bot-token" } });
            result.Add("appTokenSecretRef", new YamlMappingNode { { "name", secretName }, { "key", "app-token" } });
        }
        CopyChatOptions(slack, result, SlackOptions, path, AgentSetValidator.IsSlackId, "a Slack ID (e.g. C0123456789, U0123456789)");
        // openab's default is true; only turning it off is a choice agentset cannot carry.
        if (Scalar(slack, "assistantMode") is "false") Note($"{path}.assistantMode: `false` (no AgentSet option; openab's default, true, applies)");
        NoteUnknown(slack, ["enabled", "botToken", "appToken", "existingSecret", "assistantMode", .. SlackOptions], $"{path}.");
        agent.Add("slack", result);
    }

    private void CopyChatOptions(YamlMappingNode source, YamlMappingNode target, string[] options, string path, Func<string, bool> isId, string what)
    {
        foreach (var option in options)
        {
            if (!IdLists.Contains(option, StringComparer.Ordinal))
            {
                // Same name and meaning; the AgentSet's validation checks the value on render.
                CopyAsIs(source, option, target, $"{path}.{option}");
                continue;
            }
            // An ID that is not usable is kept, never left out: an empty list would let every
            // channel or user in. The AgentSet then fails validation at that entry until it is filled in.
            if (!source.Children.TryGetValue(option, out var node) || IsEmpty(node)) continue;
            if (node is not YamlSequenceNode ids)
            {
                target.Add(option, node);
                Note($"{path}.{option}: not a list of IDs; kept as written, so the AgentSet fails validation until you write the list");
                continue;
            }
            var kept = new YamlSequenceNode();
            for (var i = 0; i < ids.Children.Count; i++)
            {
                var entry = $"{path}.{option}[{i}]";
                if (ids.Children[i] is not YamlScalarNode id || YamlScalars.IsNull(id))
                {
                    kept.Add(ids.Children[i]);
                    Note($"{entry}: not an ID; kept as written, so the AgentSet fails validation until you write {what}");
                    continue;
                }
                var text = id.Value ?? "";
                if (YamlScalars.IsPlain(id) && (YamlScalars.IsInteger(text) || YamlScalars.IsFloat(text)))
                {
                    // The chart read an unquoted ID as a float64 and lost its last digits; so
                    // does the migration, on purpose: the digits written may not be the real ID.
                    var asRead = double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number)
                        ? number.ToString("R", CultureInfo.InvariantCulture).ToLowerInvariant() : text;
                    kept.Add(Quoted(asRead));
                    Note($"{entry}: `{Describe(text)}` is an unquoted number, which the chart read as the float {asRead} (digits lost); kept as that, so the AgentSet fails validation until you write the real ID as a quoted string");
                }
                else if (isId(text))
                {
                    kept.Add(Quoted(text));
                }
                else if (SecretShapes.IsSecretValue(text))
                {
                    kept.Add(Quoted("FILL-IN"));
                    Note($"{entry}: looks like a secret, not an ID; not copied: FILL-IN stands in its place, so the AgentSet fails validation until you write {what}");
                }
                else
                {
                    kept.Add(Quoted(text));
                    Note($"{entry}: `{Describe(text)}` is not {what}; kept, so the AgentSet fails validation until you write the real ID");
                }
            }
            target.Add(option, kept);
        }
    }

    private void CopyPersistence(YamlMappingNode? persistence, YamlMappingNode agent, string path, string? key)
    {
        if (persistence is null) return;
        if (Scalar(persistence, "existingClaim") is { Length: > 0 } claim)
        {
            agent.Add("persistence", new YamlMappingNode { { "existingClaim", claim } });
        }
        else if (Scalar(persistence, "enabled") is not "false")
        {
            // The chart's PVC carries its selector labels; see "Migrating from the Helm chart" in the README.
            var find = key is null ? "kubectl get pvc -l app.kubernetes.io/instance=<release>"
                : $"kubectl get pvc -l app.kubernetes.io/instance=<release>,app.kubernetes.io/component={key}";
            Note($"{path}: the chart kept the home on a PVC it created; set persistence.existingClaim to that PVC's name ({find}) to keep its logins, or enable persistence.s3");
        }
        foreach (var field in new[] { "storageClass", "size" })
        {
            if (Scalar(persistence, field) is { Length: > 0 } value) Note($"{path}.{field}: `{value}` (agentset creates no PVC)");
        }
        NoteUnknown(persistence, ["enabled", "existingClaim", "storageClass", "size"], $"{path}.");
    }

    /// <summary>
    /// The chart's env and secretEnv as the agent's. A variable whose name or value looks like a
    /// secret is never copied (the chart put env into a ConfigMap; an AgentSet lands in git): it
    /// becomes a secretEnv reference to <paramref name="secretName"/>, with a note saying how to
    /// create that Secret. The chart's secretEnv entries are references already; only their
    /// name, secretName and secretKey are copied, never another field or another form.
    /// </summary>
    private List<string> MigrateEnv(YamlMappingNode agent, string prefix, (YamlMappingNode? Env, string Path)[] sources, YamlNode? chartSecretEnv, string secretName)
    {
        // The chart passed agent.env to config.toml and env to the container; an AgentSet's env does both.
        var env = new YamlMappingNode();
        var secretEnv = new YamlSequenceNode();
        var moved = new List<string>();
        if (chartSecretEnv is YamlSequenceNode entries)
        {
            for (var i = 0; i < entries.Children.Count; i++)
            {
                var where = $"{prefix}secretEnv[{i}]";
                if (entries.Children[i] is not YamlMappingNode entry)
                {
                    Note($"{where}: not a {{name, secretName, secretKey}} entry; not copied (it may hold a secret)");
                    continue;
                }
                var reference = new YamlMappingNode();
                foreach (var field in new[] { "name", "secretName", "secretKey" })
                {
                    if (Scalar(entry, field) is { } value) reference.Add(field, value);
                }
                foreach (var other in entry.Children.Keys.Select(k => (k as YamlScalarNode)?.Value ?? "").Where(k => k is not ("name" or "secretName" or "secretKey")))
                    Note($"{where}.{other}: not copied (secretEnv takes name, secretName and secretKey; the value may be a secret)");
                secretEnv.Add(reference);
            }
        }
        else if (chartSecretEnv is not null && !IsEmpty(chartSecretEnv))
        {
            Note($"{prefix}secretEnv: not a list of {{name, secretName, secretKey}}; not copied (it may hold secrets)");
        }

        foreach (var (source, path) in sources)
        {
            if (source is null) continue;
            foreach (var (nameNode, value) in source.Children)
            {
                var name = (nameNode as YamlScalarNode)?.Value ?? "";
                if (env.Children.ContainsKey(name) || moved.Contains(name, StringComparer.Ordinal)) continue;
                if (value is not YamlScalarNode scalar)
                {
                    Note($"{path}.{name}: not a string; not copied");
                    continue;
                }
                var text = YamlScalars.IsNull(scalar) ? "" : scalar.Value ?? "";
                if (text.Length > 0 && (SecretShapes.IsSecretName(name) || SecretShapes.IsSecretValue(text)))
                {
                    moved.Add(name);
                    secretEnv.Add(new YamlMappingNode { { "name", name }, { "secretName", secretName }, { "secretKey", name } });
                    continue;
                }
                env.Add(name, Quoted(text));
            }
        }
        if (env.Children.Count > 0) agent.Add("env", env);
        if (secretEnv.Children.Count > 0) agent.Add("secretEnv", secretEnv);
        return moved;
    }

    /// <summary>One note, with one command creating the Secret, for every variable moved out of the values (the agent's env and its extra containers').</summary>
    private void NoteMovedSecrets(string prefix, string secretName, List<string> moved)
    {
        if (moved.Count == 0) return;
        moved = [.. moved.Distinct(StringComparer.Ordinal)];
        Note($"{prefix}env: {string.Join(", ", moved)} not copied (the name or value looks like a secret and would land in git); "
            + $"each is now a reference to the Secret: kubectl create secret generic {secretName} {string.Join(' ', moved.Select(n => $"--from-literal={n}=..."))}");
    }

    // Kubernetes objects the chart added to the pod as written; so does an AgentSet.
    private static readonly string[] ExtraFields = ["extraInitContainers", "extraContainers", "extraVolumes", "extraVolumeMounts"];

    /// <summary>
    /// An extra container list, volume list or mount list as written, except that a container's
    /// env variable whose name or value looks like a secret becomes a secretKeyRef to
    /// <paramref name="secretName"/> (added to <paramref name="moved"/>); any other string that
    /// looks like a credential leaves the field out, with a note (AddChecked).
    /// </summary>
    private void CopyExtra(YamlMappingNode agent, string field, YamlMappingNode target, string path, string secretName, List<string> moved)
    {
        if (!agent.Children.TryGetValue(field, out var value) || IsEmpty(value)) return;
        if (field is "extraInitContainers" or "extraContainers" && value is YamlSequenceNode containers)
        {
            var copied = new YamlSequenceNode();
            foreach (var container in containers.Children)
                copied.Add(container is YamlMappingNode c ? WithSecretEnvMoved(c, secretName, moved) : container);
            value = copied;
        }
        AddChecked(target, field, value, path);
    }

    private static YamlMappingNode WithSecretEnvMoved(YamlMappingNode container, string secretName, List<string> moved)
    {
        if (!container.Children.TryGetValue("env", out var envNode) || envNode is not YamlSequenceNode env) return container;
        var newEnv = new YamlSequenceNode();
        foreach (var entry in env.Children)
        {
            if (entry is YamlMappingNode variable && Scalar(variable, "name") is { Length: > 0 } name && Scalar(variable, "value") is { Length: > 0 } text
                && (SecretShapes.IsSecretName(name) || SecretShapes.IsSecretValue(text)))
            {
                moved.Add(name);
                newEnv.Add(new YamlMappingNode
                {
                    { "name", name },
                    { "valueFrom", new YamlMappingNode { { "secretKeyRef", new YamlMappingNode { { "name", secretName }, { "key", name } } } } },
                });
                continue;
            }
            newEnv.Add(entry);
        }
        return new YamlMappingNode(container.Children.Select(kv => ((YamlScalarNode)kv.Key).Value == "env" ? new KeyValuePair<YamlNode, YamlNode>(kv.Key, newEnv) : kv));
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

    /// <summary>
    /// The chart's cronjobs as the AgentSet's: message is the prompt, senderName the name
    /// (default openab-cron, numbered when repeated, since names are unique). A message with
    /// `${` (expanded by openab from its environment) or one that looks like a secret is not
    /// copied: the prompt is left out, so validation asks for it. A job the chart turned off is
    /// left out (the AgentSet would run it); threadId has no AgentSet field.
    /// </summary>
    private void CopyCronjobs(YamlMappingNode agent, YamlMappingNode target, string path)
    {
        if (Map(agent, "cron") is { } cron && (Scalar(cron, "usercronEnabled") is "true" || Scalar(cron, "usercronPath") is { Length: > 0 }))
            Note($"{path}.cron: usercron (a hot-reloaded cronjob.toml) has no AgentSet equivalent; write its jobs as cronjobs");
        if (!agent.Children.TryGetValue("cronjobs", out var node) || IsEmpty(node)) return;
        if (node is not YamlSequenceNode jobs)
        {
            Note($"{path}.cronjobs: not a list; not copied");
            return;
        }
        var result = new YamlSequenceNode();
        var names = new List<string>();
        for (var i = 0; i < jobs.Children.Count; i++)
        {
            var where = $"{path}.cronjobs[{i}]";
            if (jobs.Children[i] is not YamlMappingNode job)
            {
                Note($"{where}: not a mapping; not copied");
                continue;
            }
            if (IsFalse(job, "enabled"))
            {
                Note($"{where}: `enabled: false` (an AgentSet has no per-job switch); left out, write it again under cronjobs to run it");
                continue;
            }
            var name = "openab-cron";
            if (Scalar(job, "senderName") is { Length: > 0 } sender)
            {
                if (SecretShapes.IsSecretValue(sender)) Note($"{where}.senderName: looks like a secret; not copied (openab-cron, the chart's default, is used)");
                else name = sender;
            }
            var unique = name;
            for (var n = 2; names.Contains(unique, StringComparer.Ordinal); n++) unique = $"{name}-{n}";
            if (unique != name) Note($"{where}.senderName: `{Describe(name)}` repeats (names are unique in an AgentSet); written as `{unique}`");
            names.Add(unique);
            var copy = new YamlMappingNode { { "name", Quoted(unique) } };
            if (job.Children.TryGetValue("schedule", out var schedule)) AddChecked(copy, "schedule", schedule, $"{where}.schedule");
            CopyCronChannel(job, copy, where);
            if (Scalar(job, "message") is { Length: > 0 } message)
            {
                if (message.Contains("${", StringComparison.Ordinal))
                    Note($"{where}.message: contains `${{` (openab filled it in from its environment); not copied, so the AgentSet fails validation until you write the prompt");
                else if (SecretShapes.IsSecretValue(message))
                    Note($"{where}.message: looks like a secret; not copied, so the AgentSet fails validation until you write the prompt");
                else
                    copy.Add("prompt", Quoted(message));
            }
            if (job.Children.TryGetValue("timezone", out var timezone) && !IsEmpty(timezone)) AddChecked(copy, "timezone", timezone, $"{where}.timezone");
            // discord is openab's default platform and the AgentSet's: written only when it is another.
            if (job.Children.TryGetValue("platform", out var platform) && !IsEmpty(platform) && Scalar(job, "platform") != "discord")
                AddChecked(copy, "platform", platform, $"{where}.platform");
            if (job.Children.TryGetValue("threadId", out var thread) && !IsEmpty(thread))
                Note($"{where}.threadId: no AgentSet field (openab opens a new thread on each run)");
            NoteUnknown(job, ["enabled", "senderName", "schedule", "channel", "message", "timezone", "platform", "threadId"], $"{where}.");
            result.Add(copy);
        }
        if (result.Children.Count > 0) target.Add("cronjobs", result);
    }

    private void CopyCronChannel(YamlMappingNode job, YamlMappingNode copy, string where)
    {
        if (!job.Children.TryGetValue("channel", out var node) || IsEmpty(node)) return;
        if (node is not YamlScalarNode channel)
        {
            Note($"{where}.channel: not a channel ID; not copied, so the AgentSet fails validation until you write it");
            return;
        }
        var text = channel.Value ?? "";
        if (YamlScalars.IsPlain(channel) && (YamlScalars.IsInteger(text) || YamlScalars.IsFloat(text)))
        {
            // As for ID lists: the chart read an unquoted ID as a float64; kept as read, so validation names it.
            var asRead = double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number)
                ? number.ToString("R", CultureInfo.InvariantCulture).ToLowerInvariant() : text;
            copy.Add("channel", Quoted(asRead));
            Note($"{where}.channel: `{Describe(text)}` is an unquoted number, which the chart read as the float {asRead} (digits lost); kept as that, so the AgentSet fails validation until you write the real ID as a quoted string");
        }
        else
        {
            AddChecked(copy, "channel", Quoted(text), $"{where}.channel");
        }
    }

    private void CopyImage(YamlMappingNode image, YamlMappingNode target, string path)
    {
        var repository = Scalar(image, "repository");
        if (repository is "ghcr.io/thepagent/agent-broker")
        {
            Note("image: the old chart's default broker image; agentset's pinned openab image is used instead");
            return;
        }
        var result = new YamlMappingNode();
        if (!string.IsNullOrEmpty(repository)) result.Add("repository", repository);
        if (Scalar(image, "tag") is { Length: > 0 } tag) result.Add("tag", Quoted(tag));
        if (Scalar(image, "pullPolicy") is { Length: > 0 } policy && policy != "IfNotPresent") Note($"{path}.pullPolicy: `{policy}` (agentset uses IfNotPresent)");
        if (result.Children.Count > 0) target.Add("image", result);
    }

    private static YamlMappingNode ImageFromString(string image)
    {
        // repository[:tag] or repository@sha256:digest; a ':' before the last '/' is a registry port.
        var at = image.IndexOf('@', StringComparison.Ordinal);
        if (at > 0) return new YamlMappingNode { { "repository", image[..at] }, { "tag", Quoted(image[(at + 1)..]) } };
        var colon = image.LastIndexOf(':');
        if (colon > image.LastIndexOf('/')) return new YamlMappingNode { { "repository", image[..colon] }, { "tag", Quoted(image[(colon + 1)..]) } };
        return new YamlMappingNode { { "repository", image } };
    }

    private void Copy(YamlMappingNode source, string field, YamlMappingNode target, string path, bool skipWhenPreset)
    {
        // `args: []` means "no arguments", unlike a missing args (the CLI's defaults): keep it.
        if (!source.Children.TryGetValue(field, out var value) || (IsEmpty(value) && field != "args")) return;
        if (skipWhenPreset)
        {
            Note($"{path}: ignored, as the chart did when agent.preset is set (the preset's defaults apply)");
            return;
        }
        AddChecked(target, field, value, path);
    }

    private void CopyAsIs(YamlMappingNode source, string field, YamlMappingNode target, string path)
    {
        if (source.Children.TryGetValue(field, out var value) && !IsEmpty(value)) AddChecked(target, field, value, path);
    }

    /// <summary>A value copied as written, unless a string in it looks like a credential: then it is left out, with a note (never the value).</summary>
    private void AddChecked(YamlMappingNode target, string field, YamlNode value, string path)
    {
        if (SecretIn(value, path) is { } where)
        {
            Note($"{where}: looks like a secret; {path} not copied (it would land in git): move the secret into a Secret and write {path} again");
            return;
        }
        target.Add(field, value);
    }

    /// <summary>The path of the first string under <paramref name="node"/> that looks like a credential, or null.</summary>
    private static string? SecretIn(YamlNode node, string path) => node switch
    {
        YamlScalarNode s => s.Value is { } v && SecretShapes.IsSecretValue(v) ? path : null,
        YamlSequenceNode q => q.Children.Select((child, i) => SecretIn(child, $"{path}[{i}]")).FirstOrDefault(p => p is not null),
        YamlMappingNode m => m.Children.Select(kv => SecretIn(kv.Value, $"{path}.{(kv.Key as YamlScalarNode)?.Value}")).FirstOrDefault(p => p is not null),
        _ => null,
    };

    private void NoteReplicasAndStrategy(YamlMappingNode values, string prefix)
    {
        if (Scalar(values, "replicas") is { } replicas && replicas != "1") Note($"{prefix}replicas: `{replicas}` (an agent is one pod: its sessions live in it)");
        if (Map(values, "strategy") is { } strategy && Scalar(strategy, "type") is { } type && type != "Recreate")
            Note($"{prefix}strategy.type: `{type}` (agentset always uses Recreate)");
    }

    private void NoteUnknown(YamlMappingNode node, string[] known, string prefix)
    {
        foreach (var key in node.Children.Keys.Select(k => ((YamlScalarNode)k).Value ?? ""))
        {
            // A section the values turn off (the chart's gateway, stt... with enabled: false) loses nothing.
            if (!known.Contains(key, StringComparer.Ordinal) && !IsEmpty(node.Children[key])
                && !(node.Children[key] is YamlMappingNode section && IsFalse(section, "enabled")))
                Note($"{prefix}{key}");
        }
    }

    private void Note(string note) => _notes.Add(note);

    private static bool IsChartDefaultImage(YamlMappingNode image) =>
        Scalar(image, "repository") is null or "" or "ghcr.io/openabdev/openab" && Scalar(image, "tag") is null or ""
        && Scalar(image, "pullPolicy") is null or "" or "IfNotPresent";

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

    // Compared as YAML, not as text: flow or block style and key order do not change a context.
    private static bool IsChartDefaultSecurityContext(string name, YamlMappingNode context) =>
        (name == "podSecurityContext" ? ChartDefaultPodSecurityContexts : ChartDefaultContainerSecurityContexts)
            .Any(d => SameYaml(ResourceListIo.ParseDocuments(d)[0], context));

    private static bool SameYaml(YamlNode a, YamlNode b) => (a, b) switch
    {
        (YamlScalarNode x, YamlScalarNode y) => x.Value == y.Value,
        (YamlSequenceNode x, YamlSequenceNode y) => x.Children.Count == y.Children.Count && x.Children.Zip(y.Children).All(p => SameYaml(p.First, p.Second)),
        (YamlMappingNode x, YamlMappingNode y) => x.Children.Count == y.Children.Count
            && x.Children.All(kv => y.Children.TryGetValue(kv.Key, out var other) && SameYaml(kv.Value, other)),
        _ => false,
    };

    private static string KeyFor(string command) => KnownClis.Find(command) is { } cli
        ? PresetCommands.FirstOrDefault(p => p.Value == cli.Command).Key ?? "agent"
        : "agent";

    // A value from the values file, shown in a note: IDs and sizes, never secrets (tokens are not described).
    private static string Describe(string text) => text.Length > 40 ? text[..40] + "..." : text;

    private static bool IsEmpty(YamlNode node) => node switch
    {
        YamlScalarNode s => YamlScalars.IsNull(s) || (s.Value ?? "").Length == 0,
        YamlMappingNode m => m.Children.Count == 0,
        YamlSequenceNode q => q.Children.Count == 0,
        _ => false,
    };

    private static bool IsFalse(YamlMappingNode node, string key) =>
        node.Children.TryGetValue(key, out var value) && value is YamlScalarNode s && YamlScalars.TryBool(s, out var b) && !b;

    private static YamlMappingNode? Map(YamlMappingNode node, string key) =>
        node.Children.TryGetValue(key, out var value) ? value as YamlMappingNode : null;

    private static string? Scalar(YamlMappingNode node, string key) =>
        node.Children.TryGetValue(key, out var value) && value is YamlScalarNode s && !YamlScalars.IsNull(s) ? s.Value : null;

    private static YamlScalarNode Quoted(string value) => new(value) { Style = YamlDotNet.Core.ScalarStyle.DoubleQuoted };

    private static YamlScalarNode Plain(string value) => new(value) { Style = YamlDotNet.Core.ScalarStyle.Plain };

    /// <summary>The CLI edge: read the file, print the AgentSet, notes on stderr.</summary>
    public static int Run(string file, string name, string? ns, FunctionIo io)
    {
        YamlMappingNode values;
        try
        {
            var documents = ResourceListIo.ParseDocuments(InputText.ReadFile(file));
            values = documents.Count == 1 && documents[0] is YamlMappingNode m ? m
                : throw new KrmInputException($"a Helm values file is one YAML mapping, got {documents.Count} document(s)");
        }
        catch (KrmInputException e)
        {
            io.Error.WriteLine($"error: ({file}): {e.Message}");
            return 1;
        }
        var result = Migrate(values, file, name, ns);
        io.Output.Write(result.AgentSetYaml);
        foreach (var note in result.Notes) io.Error.WriteLine($"warning: ({file}): not carried over: {note}");
        return 0;
    }
}
