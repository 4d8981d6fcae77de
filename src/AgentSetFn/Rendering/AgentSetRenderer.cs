using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Serialization.Metadata;
using AgentSetFn.Api;
using KrmFn;
using k8s.Models;

namespace AgentSetFn.Rendering;

/// <summary>
/// One generated object with where it belongs. It stays a typed model until it is written,
/// and is serialised once then (<see cref="Item"/>).
/// </summary>
/// <param name="Model">The Kubernetes model (or ExternalSecret); <paramref name="TypeInfo"/> serialises it.</param>
/// <param name="FileName">The file's name without .yaml when an agent has two objects of one kind; null: the kind.</param>
internal sealed record GeneratedObject(string Kind, string Name, string Agent, object Model, JsonTypeInfo TypeInfo, string? FileName = null)
{
    /// <summary>The object for the output, with <paramref name="annotations"/> added to its metadata.</summary>
    public GeneratedItem Item(IReadOnlyList<KeyValuePair<string, string>> annotations) => new(Model, TypeInfo, annotations);

    /// <summary>
    /// Its file, one object per file: &lt;directory&gt;/&lt;agent&gt;/&lt;kind&gt;.yaml, where the directory
    /// is spec.output.directory or the set's name. One object per file keeps every path unique
    /// and lets a removed agent's files disappear as a whole.
    /// </summary>
    public string RelativePath(AgentSetDefinition set) => $"{set.FilesDirectory}/{Agent}/{FileName ?? Kind.ToLowerInvariant()}.yaml";
}

/// <summary>Renders every agent of a validated AgentSet, in a stable order.</summary>
internal static class AgentSetRenderer
{
    public static IReadOnlyList<GeneratedObject> Render(IReadOnlyList<ResolvedAgent> agents)
    {
        var objects = new List<GeneratedObject>();
        // Sorted by agent name so the output does not depend on the order agents were written.
        foreach (var agent in agents.OrderBy(a => a.Key, StringComparer.Ordinal))
        {
            var configMap = ConfigMapRenderer.Render(agent);
            var secret = SecretRenderer.Render(agent);
            var deployment = DeploymentRenderer.Render(agent, ConfigHash(configMap, secret));
            objects.Add(new("ConfigMap", agent.Name, agent.Key, configMap, KubernetesJsonContext.Default.V1ConfigMap));
            if (secret is not null)
                objects.Add(new("Secret", secret.Metadata.Name, agent.Key, secret, KubernetesJsonContext.Default.V1Secret));
            objects.Add(new("Deployment", agent.Name, agent.Key, deployment, KubernetesJsonContext.Default.V1Deployment));
            objects.AddRange(OperatorObjects(agent));
        }
        return objects;
    }

    /// <summary>
    /// The same objects in the same order, rendered lazily agent by agent, so that a writer
    /// streaming them holds one agent's objects at a time.
    /// </summary>
    public static IEnumerable<GeneratedObject> RenderEach(IReadOnlyList<ResolvedAgent> agents) =>
        agents.OrderBy(a => a.Key, StringComparer.Ordinal).SelectMany(agent => Render([agent]));

    /// <summary>The optional kinds, after the Deployment: NetworkPolicy, then the ExternalSecrets.</summary>
    private static IEnumerable<GeneratedObject> OperatorObjects(ResolvedAgent agent)
    {
        if (NetworkPolicyRenderer.Render(agent) is { } policy)
            yield return new("NetworkPolicy", policy.Metadata.Name, agent.Key, policy, KubernetesJsonContext.Default.V1NetworkPolicy);
        foreach (var (externalSecret, fileName) in ExternalSecrets(agent))
            yield return new(ExternalSecretRenderer.Kind, externalSecret.Metadata.Name, agent.Key, externalSecret, KubernetesJsonContext.Default.ExternalSecret, fileName);
    }

    /// <summary>The Discord token's ExternalSecret, then the S3 keys' (with its own file name).</summary>
    private static IEnumerable<(ExternalSecret Object, string? FileName)> ExternalSecrets(ResolvedAgent agent)
    {
        if (ExternalSecretRenderer.DiscordToken(agent) is { } token) yield return (token, null);
        if (ExternalSecretRenderer.S3Credentials(agent) is { } s3) yield return (s3, ExternalSecretRenderer.S3FileName);
    }

    /// <summary>
    /// What an agent writes into its namespace, in output order: the kind and name of every
    /// object Render makes, and the Secret each ExternalSecret makes the operator write. Only
    /// the small optional objects are built to know whether they are there; the ConfigMap and
    /// Deployment (always there) are not rendered. For the check that no two agents write one object.
    /// </summary>
    public static IEnumerable<(string Kind, string Name)> Writes(ResolvedAgent agent)
    {
        yield return ("ConfigMap", agent.Name);
        if (SecretRenderer.Render(agent) is { } secret) yield return ("Secret", secret.Metadata.Name);
        yield return ("Deployment", agent.Name);
        if (NetworkPolicyRenderer.Render(agent) is { } policy) yield return ("NetworkPolicy", policy.Metadata.Name);
        foreach (var (externalSecret, _) in ExternalSecrets(agent))
        {
            yield return (ExternalSecretRenderer.Kind, externalSecret.Metadata.Name);
            yield return ("Secret", externalSecret.Spec.Target.Name);
        }
    }

    /// <summary>sha256 over the agent's ConfigMap data and Secret data, key by key.</summary>
    internal static string ConfigHash(V1ConfigMap configMap, V1Secret? secret)
    {
        var text = new StringBuilder();
        foreach (var (key, value) in configMap.Data.OrderBy(kv => kv.Key, StringComparer.Ordinal))
            text.Append("configmap/").Append(key).Append('\0').Append(value).Append('\0');
        foreach (var (key, value) in (secret?.Data ?? new Dictionary<string, byte[]>()).OrderBy(kv => kv.Key, StringComparer.Ordinal))
            text.Append("secret/").Append(key).Append('\0').Append(Convert.ToBase64String(value)).Append('\0');
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }
}
