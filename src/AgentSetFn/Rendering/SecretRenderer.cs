using System.Text;
using AgentSetFn.Api;
using k8s.Models;

namespace AgentSetFn.Rendering;

/// <summary>The agent's Secret, rendered only for an inline botToken.</summary>
internal static class SecretRenderer
{
    public const string TokenKey = "discord-bot-token";

    public static V1Secret? Render(ResolvedAgent agent)
    {
        var token = agent.Definition.Discord.BotToken;
        if (string.IsNullOrEmpty(token)) return null;
        return new V1Secret
        {
            ApiVersion = "v1",
            Kind = "Secret",
            Metadata = ObjectMetadata.For(agent),
            Type = "Opaque",
            Data = new Dictionary<string, byte[]>(StringComparer.Ordinal) { [TokenKey] = Encoding.UTF8.GetBytes(token) },
        };
    }
}
