using KrmFn;
using AgentSetFn.Validation;
using YamlDotNet.RepresentationModel;
using static AgentSetFn.Cli.Migration.ChartValues;

namespace AgentSetFn.Cli.Migration;

/// <summary>
/// The chart's `discord` and `slack`: tokens become Secret references (never copied), the chat
/// options of the same meaning are copied, and an ID the chart could not use is kept so that
/// validation names it.
/// </summary>
internal sealed class ChatMigration(NotCarriedOver notes) : MigrationPart(notes)
{
    // The chat options whose chart values mean the same in an AgentSet, in the
    // chart's order; the ID lists among them are checked, the rest copied as written.
    private static readonly string[] DiscordOptions =
    [
        "allowedChannels", "allowedUsers", "allowAllChannels", "allowAllUsers", "allowBotMessages", "trustedBotIds",
        "allowedRoleIds", "allowUserMessages", "allowDm", "maxBotTurns", "messageProcessingMode", "maxBufferedMessages", "maxBatchTokens",
    ];

    private static readonly string[] SlackOptions = [.. DiscordOptions.Where(o => o is not ("allowedRoleIds" or "allowDm")), "assistantMode"];

    private static readonly string[] IdLists = ["allowedChannels", "allowedUsers", "trustedBotIds", "allowedRoleIds", "allowedGroups"];

    // The chart's native `line` options (openab commit 53808bc) of the same meaning; the ID lists among them are checked.
    private static readonly string[] LineOptions = ["webhookPort", "serviceType", "allowedUsers", "allowedGroups", "allowAllUsers", "allowAllGroups"];


    private static bool IsSnowflake(string id) => id.Length is >= 17 and <= 20 && id.All(char.IsAsciiDigit);

    public void CopyDiscord(YamlMappingNode? discord, YamlMappingNode agent, string setName, string key, string path)
    {
        // The chart's discord.enabled: false means no Discord at all (a Slack-only agent).
        if (discord is not null && Switch(discord, "enabled") is false) return;
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
    /// The chart's native `line` (openab's LINE adapter), when enabled: its options of the same
    /// name, ID lists checked as the chat platforms' are; its channel token and secret never copied
    /// (they would land in git): each becomes a SecretRef to one Secret the user creates, under the chart's keys.
    /// </summary>
    public void CopyLine(YamlMappingNode? line, YamlMappingNode agent, string setName, string key, string path)
    {
        if (line is null || Switch(line, "enabled") is not true) return;
        var result = new YamlMappingNode { { "enabled", Plain("true") } };
        var secretName = $"{setName}-{key}-line";
        var keys = new List<string>();
        CredentialsAsSecretRefs(line, result, [("channelAccessToken", Api.AgentSetApi.Line.ChannelAccessTokenKey), ("channelSecret", Api.AgentSetApi.Line.ChannelSecretKey)],
            secretName, path, keys);
        NoteCreateSecret(path, "the LINE credentials", secretName, keys);
        CopyChatOptions(line, result, LineOptions, path, AgentSetValidator.IsLineId, "a LINE ID (U, C or R and 32 hex digits)");
        // The chart prints webhookPort into config.toml and the manifests as it is.
        Unquote(result, "webhookPort");
        NoteUnknown(line, ["enabled", "channelAccessToken", "channelSecret", .. LineOptions], $"{path}.");
        agent.Add("line", result);
    }

    /// <summary>
    /// The chart's `slack` (when enabled): tokens become Secret references, to the chart's
    /// existingSecret (keys slack-bot-token, slack-app-token) or to a Secret the user creates.
    /// </summary>
    public void CopySlack(YamlMappingNode? slack, YamlMappingNode agent, string setName, string key, string path)
    {
        if (slack is null || Switch(slack, "enabled") is not true) return;
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
        NoteUnknown(slack, ["enabled", "botToken", "appToken", "existingSecret", .. SlackOptions], $"{path}.");
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
            for (var i = 0; i < ids.Children.Count; i++) kept.Add(IdAsKept(ids.Children[i], $"{path}.{option}[{i}]", isId, what));
            target.Add(option, kept);
        }
    }

    /// <summary>One entry of an ID list: the ID, quoted; else what stands in its place (with a note), never nothing.</summary>
    private YamlNode IdAsKept(YamlNode node, string entry, Func<string, bool> isId, string what)
    {
        if (node is not YamlScalarNode id || YamlScalars.IsNull(id))
        {
            Note($"{entry}: not an ID; kept as written, so the AgentSet fails validation until you write {what}");
            return node;
        }
        var text = id.Value ?? "";
        if (IsUnquotedNumber(id, text))
        {
            // The chart read an unquoted ID as a float64 and lost its last digits; so
            // does the migration, on purpose: the digits written may not be the real ID.
            var asRead = AsChartReadIt(text);
            Note($"{entry}: `{Describe(text)}` is an unquoted number, which the chart read as the float {asRead} (digits lost); kept as that, so the AgentSet fails validation until you write the real ID as a quoted string");
            return Quoted(asRead);
        }
        if (isId(text)) return Quoted(text);
        if (SecretShapes.IsSecretValue(text))
        {
            Note($"{entry}: looks like a secret, not an ID; not copied: FILL-IN stands in its place, so the AgentSet fails validation until you write {what}");
            return Quoted("FILL-IN");
        }
        Note($"{entry}: `{Describe(text)}` is not {what}; kept, so the AgentSet fails validation until you write the real ID");
        return Quoted(text);
    }
}
