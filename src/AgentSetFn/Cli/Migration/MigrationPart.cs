using KrmFn;
using YamlDotNet.RepresentationModel;
using static AgentSetFn.Cli.Migration.ChartValues;

namespace AgentSetFn.Cli.Migration;

/// <summary>
/// What every part of the migration shares: copying a value as written unless it looks like a
/// credential, and noting what is not carried over.
/// </summary>
internal abstract class MigrationPart(NotCarriedOver notes)
{
    protected void Note(string note) => notes.Add(note);

    protected void CopyAsIs(YamlMappingNode source, string field, YamlMappingNode target, string path)
    {
        if (source.Children.TryGetValue(field, out var value) && !IsEmpty(value)) AddChecked(target, field, value, path);
    }

    /// <summary>
    /// `reactions` and `markdown` as written. The chart writes only reactions' enabled,
    /// removeAfterReply and toolDisplay into config.toml; emojis, timing and markdown in the values
    /// were left out (openab's defaults ran), and the AgentSet writes them: a note says so.
    /// </summary>
    protected void CopyReactionsAndMarkdown(YamlMappingNode source, YamlMappingNode target, string prefix)
    {
        CopyAsIs(source, "reactions", target, $"{prefix}reactions");
        CopyAsIs(source, "markdown", target, $"{prefix}markdown");
        var reactions = target.Children.TryGetValue("reactions", out var r) ? r as YamlMappingNode : null;
        foreach (var (field, value) in new[] { ("reactions.emojis", Child(reactions, "emojis")), ("reactions.timing", Child(reactions, "timing")), ("markdown", Child(target, "markdown")) })
        {
            if (value is not null && !IsEmpty(value))
                Note($"{prefix}{field}: copied, though the chart never wrote it into config.toml (openab's defaults ran); the AgentSet writes it");
        }
    }

    /// <summary>
    /// The chart's `stt` under the same names. Its apiKey is never copied (it would land in git):
    /// the AgentSet reads it from a Secret the user creates, named in a note. The chart writes
    /// [stt] only when enabled, and so does the AgentSet.
    /// </summary>
    protected void CopyStt(YamlMappingNode source, YamlMappingNode target, string setName, string key, string prefix)
    {
        if (Map(source, "stt") is not { } stt || Switch(stt, "enabled") is not true) return;
        var result = new YamlMappingNode { { "enabled", Plain("true") } };
        if (Scalar(stt, "apiKey") is { Length: > 0 })
        {
            var secretName = $"{setName}-{key}-stt";
            result.Add("apiKeySecretRef", new YamlMappingNode { { "name", secretName }, { "key", "api-key" } });
            Note($"{prefix}stt.apiKey: not copied (it would land in git); create the Secret: kubectl create secret generic {secretName} --from-literal=api-key=...");
        }
        foreach (var field in new[] { "model", "baseUrl", "echoTranscript" }) CopyAsIs(stt, field, result, $"{prefix}stt.{field}");
        NoteUnknown(stt, ["enabled", "apiKey", "model", "baseUrl", "echoTranscript"], $"{prefix}stt.");
        target.Add("stt", result);
    }

    /// <summary>
    /// Credentials of the chart's values, never copied (they would land in git): each one set
    /// becomes `&lt;field&gt;SecretRef` to <paramref name="secretName"/> under its chart key, with a
    /// note; the keys are added to <paramref name="keys"/> for <see cref="NoteCreateSecret"/>.
    /// </summary>
    protected void CredentialsAsSecretRefs(YamlMappingNode source, YamlMappingNode target, IEnumerable<(string Field, string Key)> credentials,
        string secretName, string path, List<string> keys)
    {
        foreach (var (field, secretKey) in credentials.Where(c => Scalar(source, c.Field) is { Length: > 0 }))
        {
            target.Add($"{field}SecretRef", new YamlMappingNode { { "name", secretName }, { "key", secretKey } });
            Note($"{path}.{field}: not copied (it would land in git); kept in Secret {secretName}, key {secretKey}");
            keys.Add(secretKey);
        }
    }

    /// <summary>The `kubectl create secret` line for the Secret the SecretRefs name, when any does.</summary>
    protected void NoteCreateSecret(string path, string what, string secretName, IReadOnlyList<string> keys)
    {
        if (keys.Count > 0)
            Note($"{path}: create the Secret of {what}: kubectl create secret generic {secretName} " + string.Join(" ", keys.Select(k => $"--from-literal={k}=...")));
    }

    /// <summary>
    /// A value the chart printed as it is (a quoted `"true"` or `"9000"` works there) as the
    /// AgentSet types it: unquoted when it is a boolean or an integer, else as written, for the
    /// AgentSet's validation to name.
    /// </summary>
    protected static void Unquote(YamlMappingNode target, string field)
    {
        if (target.Children.TryGetValue(field, out var value) && value is YamlScalarNode { Value: { } text }
            && (text is "true" or "false" || YamlScalars.IsInteger(text)))
            target.Children[field] = Plain(text);
    }

    private static YamlNode? Child(YamlMappingNode? node, string key) =>
        node is not null && node.Children.TryGetValue(key, out var value) ? value : null;

    /// <summary>A value copied as written, unless a string in it looks like a credential: then it is left out, with a note (never the value).</summary>
    protected void AddChecked(YamlMappingNode target, string field, YamlNode value, string path)
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

    /// <summary>One note per key of <paramref name="node"/> that no part of the migration reads.</summary>
    protected void NoteUnknown(YamlMappingNode node, string[] known, string prefix)
    {
        foreach (var key in node.Children.Keys.Select(k => ((YamlScalarNode)k).Value ?? ""))
        {
            // A section the values turn off (the chart's gateway, stt... with enabled: false) loses nothing.
            if (!known.Contains(key, StringComparer.Ordinal) && !IsEmpty(node.Children[key])
                && !(node.Children[key] is YamlMappingNode section && IsFalse(section, "enabled")))
                Note($"{prefix}{key}");
        }
    }
}
