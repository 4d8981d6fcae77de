using KrmFn;
using YamlDotNet.RepresentationModel;
using static AgentSetFn.Cli.Migration.ChartValues;

namespace AgentSetFn.Cli.Migration;

/// <summary>
/// The chart's env, secretEnv and extra containers' env. A variable whose name or value looks
/// like a secret is never copied (the chart put env into a ConfigMap; an AgentSet lands in
/// git): it becomes a reference to the agent's env Secret, with one note saying how to create it.
/// </summary>
internal sealed class EnvMigration(NotCarriedOver notes) : MigrationPart(notes)
{
    // Kubernetes objects the chart added to the pod as written; so does an AgentSet.
    public static readonly string[] ExtraFields = ["extraInitContainers", "extraContainers", "extraVolumes", "extraVolumeMounts"];

    /// <summary>
    /// The chart's env and secretEnv as the agent's. A variable whose name or value looks like a
    /// secret becomes a secretEnv reference to <paramref name="secretName"/>; the names moved
    /// are returned, for <see cref="NoteMovedSecrets"/>. The chart's secretEnv entries are
    /// references already; only their name, secretName and secretKey are copied, never another
    /// field or another form.
    /// </summary>
    public List<string> MigrateEnv(YamlMappingNode agent, string prefix, (YamlMappingNode? Env, string Path)[] sources, YamlNode? chartSecretEnv, string secretName)
    {
        // The chart passed agent.env to config.toml and env to the container; an AgentSet's env does both.
        var env = new YamlMappingNode();
        var secretEnv = ChartSecretEnv(chartSecretEnv, prefix);
        var moved = new List<string>();
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

    /// <summary>The chart's secretEnv references: name, secretName and secretKey of each entry, nothing else.</summary>
    private YamlSequenceNode ChartSecretEnv(YamlNode? chartSecretEnv, string prefix)
    {
        var secretEnv = new YamlSequenceNode();
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
        return secretEnv;
    }

    /// <summary>One note, with one command creating the Secret, for every variable moved out of the values (the agent's env and its extra containers').</summary>
    public void NoteMovedSecrets(string prefix, string secretName, List<string> moved)
    {
        if (moved.Count == 0) return;
        moved = [.. moved.Distinct(StringComparer.Ordinal)];
        Note($"{prefix}env: {string.Join(", ", moved)} not copied (the name or value looks like a secret and would land in git); "
            + $"each is now a reference to the Secret: kubectl create secret generic {secretName} {string.Join(' ', moved.Select(n => $"--from-literal={n}=..."))}");
    }

    /// <summary>
    /// An extra container list, volume list or mount list as written, except that a container's
    /// env variable whose name or value looks like a secret becomes a secretKeyRef to
    /// <paramref name="secretName"/> (added to <paramref name="moved"/>); any other string that
    /// looks like a credential leaves the field out, with a note (AddChecked).
    /// </summary>
    public void CopyExtra(YamlMappingNode agent, string field, YamlMappingNode target, string path, string secretName, List<string> moved)
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
}
