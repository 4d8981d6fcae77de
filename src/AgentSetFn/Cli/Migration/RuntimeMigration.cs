using YamlDotNet.RepresentationModel;
using static AgentSetFn.Cli.Migration.ChartValues;

namespace AgentSetFn.Cli.Migration;

/// <summary>
/// The chart's configUrl and lifecycle hooks, which the AgentSet names alike. A URL with user
/// info or one that looks like a secret is not copied (the AgentSet would put it in the
/// Deployment or the ConfigMap); an inline script with `${` is copied, with a note, since
/// agentset refuses it where openab filled it in from its environment.
/// </summary>
internal sealed class RuntimeMigration(NotCarriedOver notes) : MigrationPart(notes)
{
    private static readonly string[] HookFields = ["script", "inline", "url", "sha256", "timeoutSeconds", "onFailure"];

    public void CopyConfigUrl(YamlMappingNode agent, YamlMappingNode target, string path)
    {
        if (!agent.Children.TryGetValue("configUrl", out var node) || IsEmpty(node)) return;
        if (HasUserInfo(Scalar(agent, "configUrl")))
        {
            Note($"{path}.configUrl: holds credentials (user info before '@'); not copied (the Deployment would show them): serve the config without credentials in its URL and write configUrl again");
            return;
        }
        AddChecked(target, "configUrl", node, $"{path}.configUrl");
    }

    public void CopyHooks(YamlMappingNode agent, YamlMappingNode target, string path)
    {
        if (Map(agent, "hooks") is not { } hooks) return;
        var copy = new YamlMappingNode();
        foreach (var name in new[] { "preBoot", "preShutdown" })
        {
            if (Hook(Map(hooks, name), $"{path}.hooks.{name}") is { } hook) copy.Add(name, hook);
        }
        if (copy.Children.Count > 0) target.Add("hooks", copy);
        NoteUnknown(hooks, ["preBoot", "preShutdown"], $"{path}.hooks.");
    }

    private YamlMappingNode? Hook(YamlMappingNode? hook, string where)
    {
        if (hook is null || hook.Children.Count == 0) return null;
        var copy = new YamlMappingNode();
        foreach (var field in HookFields)
        {
            if (!hook.Children.TryGetValue(field, out var value) || IsEmpty(value)) continue;
            if (field == "url" && HasUserInfo(Scalar(hook, "url")))
            {
                Note($"{where}.url: holds credentials (user info before '@'); not copied (config.toml is a ConfigMap): write a URL without them");
                continue;
            }
            if (field == "inline" && Scalar(hook, "inline") is { } script && script.Contains("${", StringComparison.Ordinal))
                Note($"{where}.inline: contains `${{`, which openab filled in from its environment when it read config.toml; agentset refuses it: write $NAME without braces (the script's shell expands it)");
            AddChecked(copy, field, value, $"{where}.{field}");
        }
        NoteUnknown(hook, HookFields, $"{where}.");
        return copy.Children.Count > 0 ? copy : null;
    }

    /// <summary>Whether the authority (up to the first '/' after the scheme) holds a '@'.</summary>
    private static bool HasUserInfo(string? url)
    {
        if (url is null || url.IndexOf("://", StringComparison.Ordinal) is not (var scheme and >= 0)) return false;
        var rest = url[(scheme + 3)..];
        var slash = rest.IndexOf('/', StringComparison.Ordinal);
        return (slash < 0 ? rest : rest[..slash]).Contains('@', StringComparison.Ordinal);
    }
}
