using System.Security.Cryptography;
using System.Text;
using AgentSetFn.Api;

namespace AgentSetFn.Layout;

/// <summary>
/// The objects an agent writes into its namespace, as data: their kinds and names, the labels
/// and annotations they share, and the data of its ConfigMap and Secret. The renderers turn
/// these into Kubernetes objects; validation checks names and sizes against the same data.
/// </summary>
internal static class AgentObjects
{
    public const string ExternalSecretKind = "ExternalSecret";

    /// <summary>The S3 keys' ExternalSecret's file: &lt;agent&gt;/externalsecret-s3.yaml (the token's is externalsecret.yaml).</summary>
    public const string S3ExternalSecretFileName = "externalsecret-s3";

    /// <summary>Names the AgentSet that owns a generated object: &lt;namespace&gt;/&lt;set&gt;.</summary>
    public const string OwnedByAnnotation = "agentset.dev/owned-by";
    public const string AgentAnnotation = "agentset.dev/agent";
    public const string ConfigHashAnnotation = "agentset.dev/config-hash";
    public const string ManagedByLabel = "app.kubernetes.io/managed-by";

    public const string ConfigKey = "config.toml";
    public const string AgentsMdKey = "AGENTS.md";

    /// <summary>
    /// What an agent writes, in output order: the kind and name of every object rendered for
    /// it, and the Secret each ExternalSecret of it makes the operator write. For the check that
    /// no two agents write one object.
    /// </summary>
    public static IEnumerable<(string Kind, string Name)> Writes(ResolvedAgent agent)
    {
        if (HasConfigMap(agent)) yield return ("ConfigMap", agent.Name);
        if (agent.InlineTokens.Count > 0) yield return ("Secret", agent.OwnSecretName);
        yield return ("Deployment", agent.Name);
        if (agent.Definition.NetworkPolicy.Enabled) yield return ("NetworkPolicy", agent.Name);
        foreach (var secret in ExternalSecrets(agent))
        {
            yield return (ExternalSecretKind, secret);
            yield return ("Secret", secret);
        }
    }

    /// <summary>The ExternalSecrets, each named after the Secret it writes: the Discord token's, then the S3 keys'.</summary>
    public static IEnumerable<string> ExternalSecrets(ResolvedAgent agent)
    {
        if (agent.DiscordTokenExternalSecret is { } discord) yield return discord;
        if (agent.S3CredentialsFromExternalSecret) yield return agent.S3CredentialsSecret;
    }

    /// <summary>The labels the Deployment selects its pod by. Never change for a live agent.</summary>
    public static Dictionary<string, string> SelectorLabels(ResolvedAgent agent) => new(StringComparer.Ordinal)
    {
        ["app.kubernetes.io/name"] = "agentset",
        ["app.kubernetes.io/instance"] = agent.Set.Name,
        ["app.kubernetes.io/component"] = agent.Key,
    };

    /// <summary>
    /// Whether the agent has a ConfigMap: not with configUrl, where openab fetches its config.toml
    /// itself (as the chart skips it); AGENTS.md then has nowhere to come from.
    /// </summary>
    public static bool HasConfigMap(ResolvedAgent agent) => agent.Definition.ConfigUrl is null;

    /// <summary>The ConfigMap's data: config.toml and, when set, AGENTS.md; none without a ConfigMap.</summary>
    public static Dictionary<string, string> ConfigData(ResolvedAgent agent)
    {
        if (!HasConfigMap(agent)) return new Dictionary<string, string>(StringComparer.Ordinal);
        var data = new Dictionary<string, string>(StringComparer.Ordinal) { [ConfigKey] = OpenabConfigToml.Write(agent) };
        if (agent.AgentsMd is { } agentsMd) data[AgentsMdKey] = agentsMd;
        return data;
    }

    /// <summary>The agent's own Secret's data: its inline tokens; empty when it has none (then no Secret is written).</summary>
    public static Dictionary<string, byte[]> SecretData(ResolvedAgent agent) =>
        agent.InlineTokens.ToDictionary(kv => kv.Key, kv => Encoding.UTF8.GetBytes(kv.Value), StringComparer.Ordinal);

    /// <summary>sha256 over the agent's ConfigMap data and Secret data, key by key: the pod rolls when it changes.</summary>
    public static string ConfigHash(IDictionary<string, string> configData, IDictionary<string, byte[]>? secretData)
    {
        var text = new StringBuilder();
        foreach (var (key, value) in configData.OrderBy(kv => kv.Key, StringComparer.Ordinal))
            text.Append("configmap/").Append(key).Append('\0').Append(value).Append('\0');
        foreach (var (key, value) in (secretData ?? new Dictionary<string, byte[]>()).OrderBy(kv => kv.Key, StringComparer.Ordinal))
            text.Append("secret/").Append(key).Append('\0').Append(Convert.ToBase64String(value)).Append('\0');
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }
}
