using System.Text.Json;
using AgentSetFn.Api;
using KrmFn;
using AgentSetFn.Layout;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Serialization.Metadata;
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
            var configMap = AgentObjects.HasConfigMap(agent) ? ConfigMapRenderer.Render(agent) : null;
            var secret = SecretRenderer.Render(agent);
            var deployment = DeploymentRenderer.Render(agent, ConfigHash(configMap, secret));
            if (configMap is not null)
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

    /// <summary>
    /// The optional kinds, after the Deployment: the agent's ServiceAccount; NetworkPolicy; the native LINE adapter's Service; the gateway's Deployment and
    /// Service; the Secrets of inline values the agent's other pods read (the gateway's); the
    /// gateway's NetworkPolicy; then the ExternalSecrets.
    /// </summary>
    private static IEnumerable<GeneratedObject> OperatorObjects(ResolvedAgent agent)
    {
        if (ServiceAccountRenderer.Render(agent) is { } account)
            yield return new(ServiceAccountRenderer.Kind, account.Metadata.Name, agent.Key, account, KubernetesJsonContext.Default.V1ServiceAccount);
        if (NetworkPolicyRenderer.Render(agent) is { } policy)
            yield return new("NetworkPolicy", policy.Metadata.Name, agent.Key, policy, KubernetesJsonContext.Default.V1NetworkPolicy);
        if (LineServiceRenderer.Render(agent) is { } lineService)
            yield return new(LineServiceRenderer.Kind, lineService.Metadata.Name, agent.Key, lineService, KubernetesJsonContext.Default.V1Service);
        if (agent.Gateway is { Deployed: true } gateway)
        {
            var deployment = GatewayRenderer.Deployment(agent, gateway);
            yield return new("Deployment", gateway.Name, agent.Key, deployment, KubernetesJsonContext.Default.V1Deployment, AgentObjects.GatewayFileName("Deployment"));
            var service = GatewayRenderer.Service(agent, gateway);
            yield return new("Service", gateway.Name, agent.Key, service, KubernetesJsonContext.Default.V1Service, AgentObjects.GatewayFileName("Service"));
        }
        foreach (var own in AgentObjects.OwnSecrets(agent).Where(s => s.FileName is not null))
        {
            var secret = SecretRenderer.Render(agent, own);
            yield return new("Secret", secret.Metadata.Name, agent.Key, secret, KubernetesJsonContext.Default.V1Secret, own.FileName);
        }
        if (NetworkPolicyRenderer.Gateway(agent) is { } gatewayPolicy)
            yield return new("NetworkPolicy", gatewayPolicy.Metadata.Name, agent.Key, gatewayPolicy, KubernetesJsonContext.Default.V1NetworkPolicy, AgentObjects.GatewayFileName("NetworkPolicy"));
        foreach (var (externalSecret, fileName) in ExternalSecrets(agent))
            yield return new(ExternalSecretRenderer.Kind, externalSecret.Metadata.Name, agent.Key, externalSecret, KubernetesJsonContext.Default.ExternalSecret, fileName);
    }

    /// <summary>The Discord token's ExternalSecret, then the S3 keys' and the secret values' (each with a file name of its own).</summary>
    private static IEnumerable<(ExternalSecret Object, string? FileName)> ExternalSecrets(ResolvedAgent agent)
    {
        if (ExternalSecretRenderer.DiscordToken(agent) is { } token) yield return (token, null);
        if (ExternalSecretRenderer.S3Credentials(agent) is { } s3) yield return (s3, ExternalSecretRenderer.S3FileName);
        foreach (var value in ExternalSecretRenderer.SecretValues(agent)) yield return value;
    }

    /// <summary>sha256 over the agent's ConfigMap data and Secret data, key by key (see <see cref="AgentObjects.ConfigHash"/>).</summary>
    internal static string ConfigHash(V1ConfigMap? configMap, V1Secret? secret) =>
        AgentObjects.ConfigHash(configMap?.Data ?? new Dictionary<string, string>(StringComparer.Ordinal), secret?.Data);
}
