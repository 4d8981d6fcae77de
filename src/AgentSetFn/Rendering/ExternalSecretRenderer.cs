using System.Text.Json.Serialization;
using AgentSetFn.Api;
using AgentSetFn.Layout;
using k8s.Models;

namespace AgentSetFn.Rendering;

// The External Secrets Operator's ExternalSecret (external-secrets.io/v1), the fields the
// function sets. Not in the Kubernetes models: a small typed model of its own, serialised
// through the source-generated KubernetesJsonContext like every other emitted kind.

internal sealed class ExternalSecret
{
    [JsonPropertyName("apiVersion")] public string ApiVersion { get; set; } = ExternalSecretRenderer.ApiVersion;
    [JsonPropertyName("kind")] public string Kind { get; set; } = ExternalSecretRenderer.Kind;
    [JsonPropertyName("metadata")] public V1ObjectMeta Metadata { get; set; } = new();
    [JsonPropertyName("spec")] public ExternalSecretSpec Spec { get; set; } = new();
}

internal sealed class ExternalSecretSpec
{
    [JsonPropertyName("refreshInterval")] public string? RefreshInterval { get; set; }
    [JsonPropertyName("secretStoreRef")] public ExternalSecretStoreRef SecretStoreRef { get; set; } = new();
    [JsonPropertyName("target")] public ExternalSecretTarget Target { get; set; } = new();
    [JsonPropertyName("data")] public List<ExternalSecretData> Data { get; set; } = [];
}

internal sealed class ExternalSecretStoreRef
{
    [JsonPropertyName("name")] public string Name { get; set; } = "";
    [JsonPropertyName("kind")] public string? Kind { get; set; }
}

internal sealed class ExternalSecretTarget
{
    [JsonPropertyName("name")] public string Name { get; set; } = "";
    [JsonPropertyName("creationPolicy")] public string? CreationPolicy { get; set; }
}

internal sealed class ExternalSecretData
{
    [JsonPropertyName("secretKey")] public string SecretKey { get; set; } = "";
    [JsonPropertyName("remoteRef")] public ExternalSecretRemoteRef RemoteRef { get; set; } = new();
}

internal sealed class ExternalSecretRemoteRef
{
    [JsonPropertyName("key")] public string Key { get; set; } = "";
    [JsonPropertyName("property")] public string? Property { get; set; }
}

/// <summary>
/// ExternalSecrets for the Discord token (discord.botTokenExternalSecret) and the S3 keys
/// (persistence.s3.credentialsExternalSecret). Each makes the operator write the Secret the
/// Deployment already reads, so the value never passes through git or this function, and no
/// Secret of the function's own is rendered for it.
/// </summary>
internal static class ExternalSecretRenderer
{
    public const string ApiVersion = "external-secrets.io/v1";
    public const string Kind = AgentObjects.ExternalSecretKind;
    public const string S3FileName = AgentObjects.S3ExternalSecretFileName;

    /// <summary>Produces Secret &lt;name&gt;-discord with key discord-bot-token.</summary>
    public static ExternalSecret? DiscordToken(ResolvedAgent agent) =>
        agent.DiscordTokenExternalSecret is { } name && agent.Definition.Discord.BotTokenExternalSecret is { } source
            ? Build(agent, name, source.StoreName, source.StoreKind, [(SecretKeys.DiscordBotToken, source.RemoteKey, source.Property)])
            : null;

    /// <summary>Produces Secret &lt;name&gt;-s3 with the two AWS keys the persistence containers read.</summary>
    public static ExternalSecret? S3Credentials(ResolvedAgent agent) =>
        agent.S3CredentialsFromExternalSecret && agent.S3.CredentialsExternalSecret is { } source
            ? Build(agent, agent.S3CredentialsSecret, source.StoreName, source.StoreKind,
                [(SecretKeys.AwsAccessKeyId, source.RemoteKey, source.AccessKeyIdProperty), (SecretKeys.AwsSecretAccessKey, source.RemoteKey, source.SecretAccessKeyProperty)])
            : null;

    /// <summary>One for each secret value written in its ExternalSecret form: Secret &lt;owner&gt;-&lt;key&gt; with that key.</summary>
    public static IEnumerable<(ExternalSecret Object, string FileName)> SecretValues(ResolvedAgent agent) =>
        AgentObjects.ExternalSecretValues(agent).Select(secret => (Build(agent, secret.Source.Name!, secret.External!.StoreName, secret.External.StoreKind,
            [(secret.Source.Key!, secret.External.RemoteKey, secret.External.Property)]), AgentObjects.ExternalSecretFileName(secret)));

    private static ExternalSecret Build(ResolvedAgent agent, string name, string storeName, string storeKind,
        IEnumerable<(string SecretKey, string RemoteKey, string? Property)> data)
    {
        return new ExternalSecret
        {
            Metadata = ObjectMetadata.For(agent, name),
            Spec = new ExternalSecretSpec
            {
                // The operator's default, written out so the file says when a rotation arrives.
                RefreshInterval = "1h",
                SecretStoreRef = new ExternalSecretStoreRef { Name = storeName, Kind = storeKind },
                // Owner: the Secret is the ExternalSecret's and goes with it (pruned together).
                Target = new ExternalSecretTarget { Name = name, CreationPolicy = "Owner" },
                Data = [.. data.Select(d => new ExternalSecretData
                {
                    SecretKey = d.SecretKey,
                    RemoteRef = new ExternalSecretRemoteRef { Key = d.RemoteKey, Property = string.IsNullOrEmpty(d.Property) ? null : d.Property },
                })],
            },
        };
    }
}
