using AgentSetFn.Api;
using KrmFn;
using YamlDotNet.RepresentationModel;

namespace AgentSetFn.Validation;

// Reading the operator fields of an agent: networkPolicy, livenessProbe, cronjobs
// and the ExternalSecret token sources. Shape only; their meaning is checked in
// AgentSetValidator.Operations.
internal static partial class AgentSetReader
{
    public static readonly string[] SecretStoreKinds = ["SecretStore", "ClusterSecretStore"];

    private static NetworkPolicySettings ReadNetworkPolicy(MappingReader? policy)
    {
        if (policy is null) return new NetworkPolicySettings();
        policy.RejectUnknownFields("enabled", "extraEgress");
        return new NetworkPolicySettings
        {
            Enabled = policy.Bool("enabled") ?? false,
            ExtraEgress = ReadKubernetes(policy, "extraEgress", "list of NetworkPolicy egress rules",
                KubernetesJsonContext.Default.ListV1NetworkPolicyEgressRule) ?? [],
        };
    }

    /// <summary>livenessProbe: `enabled` plus Kubernetes Probe fields laid over the default probe.</summary>
    private static LivenessProbeSettings ReadLivenessProbe(MappingReader agent)
    {
        if (agent.Mapping("livenessProbe") is not { } probe) return new LivenessProbeSettings();
        var fields = new YamlMappingNode();
        foreach (var (key, value) in probe.Node.Children)
        {
            if ((key as YamlScalarNode)?.Value != "enabled") fields.Children[key] = value;
        }
        // The probe fields without `enabled`, read through the models under the same path.
        var probeOnly = new MappingReader(new YamlMappingNode { { "livenessProbe", fields } }, agent.Path, agent.Diagnostics);
        return new LivenessProbeSettings
        {
            Enabled = probe.Bool("enabled") ?? true,
            Overrides = fields.Children.Count == 0 ? null
                : ReadKubernetes(probeOnly, "livenessProbe", "probe", KubernetesJsonContext.Default.V1Probe),
        };
    }

    /// <summary>
    /// Every entry is kept, with "" for a missing field (reported here), so that the
    /// validator's paths keep their list index.
    /// </summary>
    private static List<ScheduledPrompt> ReadCronjobs(MappingReader agent)
    {
        var result = new List<ScheduledPrompt>();
        foreach (var reader in agent.Entries("cronjobs", "{name, schedule, channel, prompt}"))
        {
            reader.RejectUnknownFields("name", "schedule", "channel", "prompt", "timezone", "platform");
            string Required(string field, string example, bool text = false)
            {
                var value = text ? reader.Text(field) : reader.String(field);
                if (string.IsNullOrEmpty(value) && reader.Raw(field) is null or YamlScalarNode)
                    agent.Diagnostics.Error(reader.FieldPath(field), $"is required: {example}");
                return value ?? "";
            }
            result.Add(new ScheduledPrompt(
                Required("name", "a name for the prompt, shown as its sender (e.g. daily-summary)"),
                Required("schedule", "five cron fields, e.g. \"0 9 * * MON-FRI\""),
                Required("channel", "the channel ID to post in (Discord: quoted digits; Slack: e.g. C0123456789)"),
                Required("prompt", "the text sent to the agent", text: true),
                reader.String("timezone"),
                reader.OneOf("platform", OpenabOptions.CronPlatform)));
        }
        return result;
    }

    private static ExternalSecretSource? ReadTokenExternalSecret(MappingReader? source)
    {
        if (source is null) return null;
        source.RejectUnknownFields("secretStoreRef", "remoteKey", "property");
        var (name, kind) = ReadSecretStoreRef(source);
        return new ExternalSecretSource(name, kind, RemoteKey(source), source.String("property"));
    }

    private static S3CredentialsExternalSecret? ReadS3ExternalSecret(MappingReader? source)
    {
        if (source is null) return null;
        source.RejectUnknownFields("secretStoreRef", "remoteKey", "accessKeyIdProperty", "secretAccessKeyProperty");
        var (name, kind) = ReadSecretStoreRef(source);
        return new S3CredentialsExternalSecret(name, kind, RemoteKey(source),
            source.String("accessKeyIdProperty") is { Length: > 0 } id ? id : "AWS_ACCESS_KEY_ID",
            source.String("secretAccessKeyProperty") is { Length: > 0 } key ? key : "AWS_SECRET_ACCESS_KEY");
    }

    private static string RemoteKey(MappingReader source)
    {
        var key = source.String("remoteKey");
        if (string.IsNullOrEmpty(key))
            source.Diagnostics.Error(source.FieldPath("remoteKey"), "is required: the secret's key (name or path) in the external store");
        return key ?? "";
    }

    private static (string Name, string Kind) ReadSecretStoreRef(MappingReader source)
    {
        var store = source.Mapping("secretStoreRef");
        if (store is null)
        {
            if (source.Raw("secretStoreRef") is null)
                source.Diagnostics.Error(source.FieldPath("secretStoreRef"), "is required: {name, kind} of the SecretStore or ClusterSecretStore to read from");
            return ("", SecretStoreKinds[0]);
        }
        store.RejectUnknownFields("name", "kind");
        var name = store.String("name") ?? "";
        if (name.Length == 0)
            store.Diagnostics.Error(store.FieldPath("name"), "is required: the name of the SecretStore or ClusterSecretStore");
        else if (!AgentSetValidator.IsDns1123Subdomain(name))
            store.Diagnostics.Error(store.FieldPath("name"), $"`{name}` is not a valid store name (a DNS-1123 subdomain)");
        var kind = store.String("kind") is { Length: > 0 } k ? k : SecretStoreKinds[0];
        if (!SecretStoreKinds.Contains(kind, StringComparer.Ordinal))
            store.Diagnostics.Error(store.FieldPath("kind"), $"must be SecretStore (default) or ClusterSecretStore, got `{kind}`");
        return (name, kind);
    }
}
