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
        var secrets = OwnSecrets(agent);
        if (HasConfigMap(agent)) yield return ("ConfigMap", agent.Name);
        foreach (var secret in secrets.Where(s => s.FileName is null)) yield return ("Secret", secret.Name);
        yield return ("Deployment", agent.Name);
        if (agent.StorageIdentity is { Create: true } identity) yield return ("ServiceAccount", identity.ServiceAccount);
        if (agent.Definition.NetworkPolicy.Enabled) yield return ("NetworkPolicy", agent.Name);
        if (agent.LineService is { } lineService) yield return ("Service", lineService);
        if (agent.Gateway is { Deployed: true } gateway)
        {
            yield return ("Deployment", gateway.Name);
            yield return ("Service", gateway.Name);
        }
        foreach (var secret in secrets.Where(s => s.FileName is not null)) yield return ("Secret", secret.Name);
        if (agent.Gateway is { Deployed: true } && agent.Definition.NetworkPolicy.Enabled) yield return ("NetworkPolicy", agent.Gateway.Name);
        foreach (var secret in ExternalSecrets(agent))
        {
            yield return (ExternalSecretKind, secret);
            yield return ("Secret", secret);
        }
    }

    /// <summary>
    /// The ExternalSecrets, each named after the Secret it writes: the Discord token's, the S3
    /// keys', then one for each secret value written in its ExternalSecret form.
    /// </summary>
    public static IEnumerable<string> ExternalSecrets(ResolvedAgent agent)
    {
        if (agent.DiscordTokenExternalSecret is { } discord) yield return discord;
        if (agent.S3CredentialsFromExternalSecret) yield return agent.S3CredentialsSecret;
        foreach (var secret in ExternalSecretValues(agent)) yield return secret.Source.Name!;
    }

    /// <summary>The secret values an ExternalSecret of their own fetches, one per Secret.</summary>
    public static IEnumerable<WiredSecret> ExternalSecretValues(ResolvedAgent agent) =>
        agent.Secrets.Where(s => s.Form == SecretForm.External).DistinctBy(s => s.Source.Name, StringComparer.Ordinal);

    /// <summary>
    /// A Secret the function writes for inline values: the agent's own (<see cref="FileName"/>
    /// null: &lt;agent&gt;/secret.yaml), or one of another pod's of the agent (the gateway's),
    /// in a file named after it (secret-gateway.yaml).
    /// </summary>
    public sealed record OwnSecret(string Name, string? FileName, Dictionary<string, byte[]> Data);

    /// <summary>
    /// The Secrets the function writes for inline values, the agent's own first: its inline
    /// tokens and the inline secret values kept there; then one for each other Secret inline
    /// values are kept in, in the order first named. A Secret with no data is not written.
    /// </summary>
    public static IReadOnlyList<OwnSecret> OwnSecrets(ResolvedAgent agent)
    {
        var result = new List<OwnSecret>();
        var own = SecretData(agent);
        if (own.Count > 0) result.Add(new OwnSecret(agent.OwnSecretName, null, own));
        foreach (var group in agent.Secrets.Where(s => s.Inline is not null && s.Source.Name != agent.OwnSecretName)
                     .GroupBy(s => s.Source.Name!, StringComparer.Ordinal))
        {
            var name = group.Key;
            var suffix = name.StartsWith(agent.Name + "-", StringComparison.Ordinal) ? name[(agent.Name.Length + 1)..] : name;
            // The gateway's is named after the agent's key, not its nameOverride: its file is fixed.
            var file = name == agent.Gateway?.Name ? GatewayFileName("Secret") : $"secret-{suffix}";
            result.Add(new OwnSecret(name, file, DataOf(group)));
        }
        return result;
    }

    private static Dictionary<string, byte[]> DataOf(IEnumerable<WiredSecret> inline)
    {
        var data = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var secret in inline) data.TryAdd(secret.Source.Key!, Encoding.UTF8.GetBytes(secret.Inline!));
        return data;
    }

    /// <summary>The file of the gateway's object of a kind: &lt;agent&gt;/&lt;kind&gt;-gateway.yaml.</summary>
    public static string GatewayFileName(string kind) => $"{kind.ToLowerInvariant()}-gateway";

    /// <summary>The kinds the gateway renders, each in a file of its own.</summary>
    private static readonly string[] GatewayKinds = ["Deployment", "Service", "Secret", "NetworkPolicy"];

    /// <summary>
    /// The file names (without .yaml) besides the kind's own under which the function writes an
    /// object of <paramref name="kind"/>: the gateway's objects, the S3 keys' ExternalSecret, and
    /// an ExternalSecret for each key a secret value can be fetched into (<see cref="ExternalSecretFileName"/>).
    /// </summary>
    public static IEnumerable<string> OwnFileNames(string kind)
    {
        if (GatewayKinds.Contains(kind, StringComparer.Ordinal)) yield return GatewayFileName(kind);
        if (kind != ExternalSecretKind) yield break;
        yield return S3ExternalSecretFileName;
        // One ExternalSecret per secret value an agent may fetch: the agent pod's (the gateway's
        // token, stt.apiKey, line's credentials) and the gateway pod's.
        foreach (var key in AgentValueKeys) yield return ExternalSecretFileName(key);
        foreach (var key in ResolvedGateway.Credentials.Select(c => c.Key))
        {
            yield return ExternalSecretFileName(GatewayFilePrefix + key);
            // Where earlier versions of agentset put the gateway's: still the function's files, so a render replaces them.
            yield return ExternalSecretFileName(key);
        }
    }

    /// <summary>The keys of the secret values the agent's own pod reads, each of which an ExternalSecret may fetch.</summary>
    private static readonly string[] AgentValueKeys =
        [ResolvedGateway.TokenKey, SecretKeys.SttApiKey, AgentSetApi.Line.ChannelAccessTokenKey, AgentSetApi.Line.ChannelSecretKey];

    private const string GatewayFilePrefix = "gateway-";

    /// <summary>
    /// The file of the ExternalSecret that fetches a secret value: &lt;agent&gt;/externalsecret-&lt;key&gt;.yaml
    /// for the agent pod's values, externalsecret-gateway-&lt;key&gt;.yaml for the gateway pod's, so
    /// the two pods' values under one key (LINE's, of the gateway and of the native adapter) never share a file.
    /// </summary>
    public static string ExternalSecretFileName(WiredSecret secret) =>
        ExternalSecretFileName((secret.Readers.HasFlag(SecretReaders.Agent) ? "" : GatewayFilePrefix) + secret.Source.Key);

    private static string ExternalSecretFileName(string key) => $"{ExternalSecretKind.ToLowerInvariant()}-{key}";

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

    /// <summary>
    /// The agent's own Secret's data: its inline tokens, then the inline secret values kept
    /// there; empty when it has none (then no Secret is written).
    /// </summary>
    public static Dictionary<string, byte[]> SecretData(ResolvedAgent agent)
    {
        var data = agent.InlineTokens.ToDictionary(kv => kv.Key, kv => Encoding.UTF8.GetBytes(kv.Value), StringComparer.Ordinal);
        foreach (var (key, value) in DataOf(agent.Secrets.Where(s => s.Inline is not null && s.Source.Name == agent.OwnSecretName)))
            data.TryAdd(key, value);
        return data;
    }

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
