using YamlDotNet.RepresentationModel;
using static AgentSetFn.Cli.Migration.ChartValues;

namespace AgentSetFn.Cli.Migration;

/// <summary>
/// The chart's cronjobs as the AgentSet's: message is the prompt, senderName the name
/// (default openab-cron, numbered when repeated, since names are unique), enabled and threadId
/// as written. A message with `${` (expanded by openab from its environment) or one that looks
/// like a secret is not copied: the prompt is left out, so validation asks for it. The chart's
/// `cron` (user cron) is copied as the AgentSet's `cron`.
/// </summary>
internal sealed class CronjobMigration(NotCarriedOver notes) : MigrationPart(notes)
{
    public void CopyCronjobs(YamlMappingNode agent, YamlMappingNode target, string path)
    {
        if (Map(agent, "cron") is { } cron) CopyUsercron(cron, target, $"{path}.cron");
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
            if (Job(jobs.Children[i], $"{path}.cronjobs[{i}]", names) is { } copy) result.Add(copy);
        }
        if (result.Children.Count > 0) target.Add("cronjobs", result);
    }

    /// <summary>One job as the AgentSet's, its name added to <paramref name="names"/>; null when it is left out.</summary>
    private YamlMappingNode? Job(YamlNode node, string where, List<string> names)
    {
        if (node is not YamlMappingNode job)
        {
            Note($"{where}: not a mapping; not copied");
            return null;
        }
        var copy = new YamlMappingNode { { "name", Quoted(UniqueName(job, where, names)) } };
        if (job.Children.TryGetValue("schedule", out var schedule)) AddChecked(copy, "schedule", schedule, $"{where}.schedule");
        CopyId(job, "channel", copy, where);
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
        // Written only when off: on is openab's default and the AgentSet's.
        if (IsFalse(job, "enabled")) copy.Add("enabled", Plain("false"));
        CopyId(job, "threadId", copy, where);
        NoteUnknown(job, ["enabled", "senderName", "schedule", "channel", "message", "timezone", "platform", "threadId"], $"{where}.");
        return copy;
    }

    /// <summary>The job's senderName (openab-cron by default), numbered when an earlier job has it.</summary>
    private string UniqueName(YamlMappingNode job, string where, List<string> names)
    {
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
        return unique;
    }

    /// <summary>The chart's user cron: usercronEnabled and usercronPath, each when set (the chart's defaults are off and empty).</summary>
    private void CopyUsercron(YamlMappingNode cron, YamlMappingNode target, string path)
    {
        var copy = new YamlMappingNode();
        if (Scalar(cron, "usercronEnabled") is { } enabled && enabled.Equals("true", StringComparison.OrdinalIgnoreCase)) copy.Add("usercronEnabled", Plain("true"));
        if (cron.Children.TryGetValue("usercronPath", out var file) && !IsEmpty(file)) AddChecked(copy, "usercronPath", file, $"{path}.usercronPath");
        if (copy.Children.Count > 0) target.Add("cron", copy);
        NoteUnknown(cron, ["usercronEnabled", "usercronPath"], $"{path}.");
    }

    /// <summary>A channel or thread ID, quoted; an unquoted number is kept as the chart read it, so validation names it.</summary>
    private void CopyId(YamlMappingNode job, string field, YamlMappingNode copy, string where)
    {
        if (!job.Children.TryGetValue(field, out var node) || IsEmpty(node)) return;
        if (node is not YamlScalarNode id)
        {
            Note($"{where}.{field}: not an ID; not copied" + (field == "channel" ? ", so the AgentSet fails validation until you write it" : ""));
            return;
        }
        var text = id.Value ?? "";
        if (IsUnquotedNumber(id, text))
        {
            // As for ID lists: the chart read an unquoted ID as a float64; kept as read, so validation names it.
            var asRead = AsChartReadIt(text);
            copy.Add(field, Quoted(asRead));
            Note($"{where}.{field}: `{Describe(text)}` is an unquoted number, which the chart read as the float {asRead} (digits lost); kept as that, so the AgentSet fails validation until you write the real ID as a quoted string");
        }
        else
        {
            AddChecked(copy, field, Quoted(text), $"{where}.{field}");
        }
    }
}
