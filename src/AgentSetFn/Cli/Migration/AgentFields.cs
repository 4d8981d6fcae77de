using AgentSetFn.Api;
using YamlDotNet.RepresentationModel;
using static AgentSetFn.Cli.Migration.ChartValues;

namespace AgentSetFn.Cli.Migration;

/// <summary>An agent's fields both chart forms carry: the ones of the same name, the image, persistence.</summary>
internal sealed class AgentFields(NotCarriedOver notes) : MigrationPart(notes)
{
    // Fields an agent of either form carries over as they are (same name, same meaning).
    public static readonly string[] SameFields =
        ["command", "args", "workingDir", "envFrom", "agentsMd", "resources", "nodeSelector", "tolerations", "affinity"];

    public void Copy(YamlMappingNode source, string field, YamlMappingNode target, string path, bool skipWhenPreset)
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

    public void CopyImage(YamlMappingNode image, YamlMappingNode target, string path)
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

    /// <summary>
    /// An agent's `image` string as an image mapping; null, with a note, for openab's own repository of the
    /// agent's CLI without a tag (the chart's `ghcr.io/openabdev/openab-grok`): the chart completed it with
    /// its appVersion, and agentset names that CLI's image at its release as the release names it (a
    /// per-CLI repository would be wrong from 0.9 on).
    /// </summary>
    public YamlMappingNode? ImageFromString(string image, string? command, string path)
    {
        var reference = ImageReference.Parse(image);
        if (reference.Tag is { } tag) return new YamlMappingNode { { "repository", reference.Repository! }, { "tag", Quoted(tag) } };
        var cli = KnownClis.Find(string.IsNullOrEmpty(command) ? KnownClis.All[0].Command : command);
        if (cli is not null && image == OpenabReleases.PerCliRepository(cli.ImageVariant))
        {
            Note($"{path}: `{image}` is openab's image for {cli.Command} without a tag; agentset names it at its release ({OpenabReleases.Image(null, cli).Text}): set image.tag to pin another");
            return null;
        }
        return new YamlMappingNode { { "repository", image } };
    }

    public void CopyPersistence(YamlMappingNode? persistence, YamlMappingNode agent, string path, string? key)
    {
        if (persistence is null) return;
        if (Scalar(persistence, "existingClaim") is { Length: > 0 } claim)
        {
            agent.Add("persistence", new YamlMappingNode { { "existingClaim", claim } });
        }
        else if (Switch(persistence, "enabled") is not false)
        {
            // The chart's PVC carries its selector labels; see docs/migration.md, "Cutting over from a Helm release".
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
}
