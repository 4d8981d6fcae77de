using AgentSetFn.Api;
using KrmFn;
using YamlDotNet.RepresentationModel;
using static AgentSetFn.Api.AgentSetApi;

namespace AgentSetFn.Validation;

// Reading the operator fields of an agent: networkPolicy, livenessProbe, cronjobs, cron,
// hooks and the ExternalSecret token sources. Shape only; their meaning is checked in
// AgentSetValidator.Operations.
internal static partial class AgentSetReader
{
    private static NetworkPolicySettings ReadNetworkPolicy(MappingReader? policy)
    {
        if (policy is null) return new NetworkPolicySettings();
        return new NetworkPolicySettings
        {
            Enabled = policy.BoolOrDefault(NetworkPolicy.Enabled),
            ExtraEgress = ReadKubernetes(policy, NetworkPolicy.ExtraEgress, KubernetesJsonContext.Default.ListV1NetworkPolicyEgressRule) ?? [],
        };
    }

    /// <summary>livenessProbe: `enabled` plus Kubernetes Probe fields laid over the default probe.</summary>
    private static LivenessProbeSettings ReadLivenessProbe(MappingReader agent)
    {
        if (agent.Object(LivenessProbe.Object) is not { } probe) return new LivenessProbeSettings();
        var fields = new YamlMappingNode();
        foreach (var (key, value) in probe.Node.Children)
        {
            if (!LivenessProbe.Object.Names.Contains((key as YamlScalarNode)?.Value, StringComparer.Ordinal)) fields.Children[key] = value;
        }
        // The probe fields without the function's own, read through the models under the same path.
        var name = LivenessProbe.Object.Name;
        var probeOnly = new MappingReader(new YamlMappingNode { { name, fields } }, agent.Path, agent.Diagnostics);
        return new LivenessProbeSettings
        {
            Enabled = probe.BoolOrDefault(LivenessProbe.Enabled),
            Overrides = fields.Children.Count == 0 ? null
                : ReadKubernetes(probeOnly, name, "probe", KubernetesJsonContext.Default.V1Probe),
        };
    }

    /// <summary>
    /// Every entry is kept, with "" for a missing field (reported here), so that the
    /// validator's paths keep their list index.
    /// </summary>
    private static List<ScheduledPrompt> ReadCronjobs(MappingReader agent)
    {
        var result = new List<ScheduledPrompt>();
        foreach (var reader in agent.Entries(Agent.Cronjobs, "{name, schedule, channel, prompt}"))
        {
            string Required(StringField field, string example)
            {
                var value = reader.String(field);
                if (string.IsNullOrEmpty(value) && reader.Raw(field.Name) is null or YamlScalarNode)
                    agent.Diagnostics.Error(reader.FieldPath(field.Name), $"is required: {example}");
                return value ?? "";
            }
            result.Add(new ScheduledPrompt(
                Required(Cronjob.Name, "a name for the prompt, shown as its sender (e.g. daily-summary)"),
                Required(Cronjob.Schedule, "five cron fields, e.g. \"0 9 * * MON-FRI\""),
                Required(Cronjob.Channel, "the channel ID to post in (Discord: quoted digits; Slack: e.g. C0123456789)"),
                Required(Cronjob.Prompt, "the text sent to the agent"),
                reader.String(Cronjob.Timezone),
                reader.OneOf(Cronjob.Platform),
                reader.BoolOrDefault(Cronjob.Enabled),
                NullIfEmpty(reader.String(Cronjob.ThreadId))));
        }
        return result;
    }

    /// <summary>An empty string is unset, as in the chart (`threadId: ""`, `configUrl: ""`).</summary>
    private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;

    private static CronSettings ReadCron(MappingReader? cron) => cron is null ? new CronSettings()
        : new CronSettings(cron.BoolOrDefault(Cron.UsercronEnabled), NullIfEmpty(cron.String(Cron.UsercronPath)));

    private static HookSettings ReadHooks(MappingReader? hooks) => hooks is null ? new HookSettings()
        : new HookSettings(ReadHook(hooks.Object(Hooks.PreBoot)), ReadHook(hooks.Object(Hooks.PreShutdown)));

    /// <summary>A hook as written; empty sources are unset, so "exactly one" counts what is there.</summary>
    private static LifecycleHook? ReadHook(MappingReader? hook) => hook is null ? null
        : new LifecycleHook(NullIfEmpty(hook.String(Hooks.Script)), NullIfEmpty(hook.String(Hooks.Inline)), NullIfEmpty(hook.String(Hooks.Url)),
            NullIfEmpty(hook.String(Hooks.Sha256)), hook.IntOrDefault(Hooks.TimeoutSeconds), hook.OneOf(Hooks.OnFailure) ?? Hooks.OnFailure.DefaultValue);

    private static ExternalSecretSource? ReadTokenExternalSecret(MappingReader? source)
    {
        if (source is null) return null;
        var (name, kind) = ReadSecretStoreRef(source);
        return new ExternalSecretSource(name, kind, RemoteKey(source, TokenExternalSecret.RemoteKey), source.String(TokenExternalSecret.Property));
    }

    private static S3CredentialsExternalSecret? ReadS3ExternalSecret(MappingReader? source)
    {
        if (source is null) return null;
        var (name, kind) = ReadSecretStoreRef(source);
        return new S3CredentialsExternalSecret(name, kind, RemoteKey(source, S3ExternalSecret.RemoteKey),
            NonEmptyOrDefault(source, S3ExternalSecret.AccessKeyIdProperty),
            NonEmptyOrDefault(source, S3ExternalSecret.SecretAccessKeyProperty));
    }

    /// <summary>The string, or the field's default when it is unset or empty.</summary>
    private static string NonEmptyOrDefault(MappingReader source, StringField field) =>
        source.String(field) is { Length: > 0 } value ? value : field.DefaultValue;

    private static string RemoteKey(MappingReader source, StringField field)
    {
        var key = source.String(field);
        if (string.IsNullOrEmpty(key))
            source.Diagnostics.Error(source.FieldPath(field.Name), "is required: the secret's key (name or path) in the external store");
        return key ?? "";
    }

    private static (string Name, string Kind) ReadSecretStoreRef(MappingReader source)
    {
        var store = source.Object(SecretStoreRef.Object);
        if (store is null)
        {
            if (source.Raw(SecretStoreRef.Object.Name) is null)
                source.Diagnostics.Error(source.FieldPath(SecretStoreRef.Object.Name), "is required: {name, kind} of the SecretStore or ClusterSecretStore to read from");
            return ("", SecretStoreRef.Kind.DefaultValue);
        }
        var name = store.String(SecretStoreRef.Name) ?? "";
        if (name.Length == 0)
            store.Diagnostics.Error(store.FieldPath(SecretStoreRef.Name.Name), "is required: the name of the SecretStore or ClusterSecretStore");
        else if (!AgentSetValidator.IsDns1123Subdomain(name))
            store.Diagnostics.Error(store.FieldPath(SecretStoreRef.Name.Name), $"`{name}` is not a valid store name (a DNS-1123 subdomain)");
        // Not OneOf: an empty kind is the default, and the message names the default.
        var kind = store.String(SecretStoreRef.Kind.Name) is { Length: > 0 } k ? k : SecretStoreRef.Kind.DefaultValue;
        if (!SecretStoreRef.Kind.Values.Contains(kind, StringComparer.Ordinal))
        {
            var allowed = SecretStoreRef.Kind.Values.Select(v => v == SecretStoreRef.Kind.Default ? $"{v} (default)" : v);
            store.Diagnostics.Error(store.FieldPath(SecretStoreRef.Kind.Name), $"must be {string.Join(" or ", allowed)}, got `{kind}`");
        }
        return (name, kind);
    }
}
