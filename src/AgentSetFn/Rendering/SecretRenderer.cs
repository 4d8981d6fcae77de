using System.Text;
using AgentSetFn.Api;
using k8s.Models;

namespace AgentSetFn.Rendering;

/// <summary>The agent's Secret, rendered only when a token is written inline.</summary>
internal static class SecretRenderer
{
    // The chart's key names, so a Secret moved over from the chart keeps working.
    public const string TokenKey = "discord-bot-token";
    public const string SlackBotTokenKey = "slack-bot-token";
    public const string SlackAppTokenKey = "slack-app-token";

    /// <summary>The agent's own Secret: its inline tokens, under the agent's name.</summary>
    public static string SecretName(ResolvedAgent agent) => agent.Name;

    public static V1Secret? Render(ResolvedAgent agent)
    {
        var data = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var (key, token) in InlineTokens(agent.Definition))
            data[key] = Encoding.UTF8.GetBytes(token);
        if (data.Count == 0) return null;
        return new V1Secret
        {
            ApiVersion = "v1",
            Kind = "Secret",
            Metadata = Metadata(agent),
            Type = "Opaque",
            Data = data,
        };
    }

    private static V1ObjectMeta Metadata(ResolvedAgent agent)
    {
        var metadata = ObjectMetadata.For(agent);
        metadata.Name = SecretName(agent);
        return metadata;
    }

    /// <summary>The inline tokens of the platforms that are on, by their key in the agent's Secret.</summary>
    private static IEnumerable<(string Key, string Token)> InlineTokens(AgentDefinition definition)
    {
        if (definition.Discord is { Enabled: true, BotToken: { Length: > 0 } discord }) yield return (TokenKey, discord);
        if (definition.Slack is { Enabled: true } slack)
        {
            if (slack.BotToken is { Length: > 0 } bot) yield return (SlackBotTokenKey, bot);
            if (slack.AppToken is { Length: > 0 } app) yield return (SlackAppTokenKey, app);
        }
    }
}
