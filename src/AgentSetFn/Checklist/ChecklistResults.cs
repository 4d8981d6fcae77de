using AgentSetFn.Validation;
using KrmFn;

namespace AgentSetFn.Checklist;

/// <summary>
/// The checklist as KRM info results on the AgentSet, for kpt and kustomize users: one per Secret
/// to create, store, CustomResourceDefinition, bucket, service account and first login. Only when
/// the AgentSet asks with the annotation <see cref="Annotation"/>: "true", since kpt prints every
/// result on every run, and a day-one list repeated on each render would bury the warnings.
/// </summary>
internal static class ChecklistResults
{
    public const string Annotation = "agentset.dev/checklist";

    /// <summary>The results when the AgentSet's annotation asks for them: none without it, a warning for a value other than "true" or "false".</summary>
    public static IEnumerable<KrmResult> Requested(YamlDotNet.RepresentationModel.YamlMappingNode agentSet, ValidatedAgentSet validated)
    {
        var value = ResourceAnnotations.Get(agentSet, Annotation);
        if (value is null or "false") return [];
        if (value != "true")
            return [new KrmResult(Severity.Warning, $"must be \"true\" or \"false\", got \"{value}\"; no checklist is given", $"metadata.annotations.{Annotation}",
                validated.Set!.Source, AgentSetReader.Reference(validated.Set.Name, validated.Set.Namespace))];
        return For(SetChecklist.Of(validated), validated.Set!);
    }

    public static IEnumerable<KrmResult> For(SetChecklist set, AgentSetFn.Api.AgentSetDefinition definition)
    {
        var reference = AgentSetReader.Reference(set.Name, set.Namespace);
        KrmResult Info(string message, string? field) => new(Severity.Info, $"checklist: {message}", field, definition.Source, reference);
        static string? AgentField(string agent, string? field) => field is null ? $"spec.agents.{agent}" : $"spec.agents.{agent}.{field}";

        var features = set.Features.Select(f => $"{f.Feature} ({f.Version})");
        yield return Info($"needs Kubernetes {set.MinimumKubernetes} or newer: {string.Join("; ", features)}", null);
        foreach (var crd in set.Crds)
            yield return Info($"needs the CustomResourceDefinition of {crd.Kind} ({crd.ApiVersion}) for {string.Join(", ", crd.Objects)}", null);
        foreach (var external in set.ExternalSecrets)
            yield return Info($"ExternalSecret {external.Name} ({external.ApiVersion}) reads {external.StoreKind} {external.StoreName}: it must exist", $"spec.agents.{external.Agent}");
        foreach (var secret in set.Secrets)
        {
            var first = secret.Uses[0];
            yield return Info($"Secret {secret.Name} must exist before the pods start (keys: {(secret.Keys.Count == 0 ? "read whole" : string.Join(", ", secret.Keys))}): {secret.Command(set.Namespace)}",
                AgentField(first.Agent, first.Field));
        }
        foreach (var secret in set.InlineSecrets)
        {
            var first = secret.Uses.Count > 0 ? secret.Uses[0] : null;
            yield return Info($"Secret {secret.Name} is rendered from inline values: it lands in git with the rendered files; prefer a SecretRef",
                AgentField(secret.Agent, first?.Field));
        }
        foreach (var bucket in set.Buckets)
            yield return Info($"bucket {bucket.Bucket} at {bucket.Endpoint ?? "AWS"} must exist; prefixes {string.Join(", ", bucket.Prefixes)}", null);
        foreach (var account in set.ServiceAccounts.Where(a => a.ServiceAccount is not null && !a.Rendered))
            yield return Info($"ServiceAccount {account.ServiceAccount} must exist (Deployment {account.Deployment})", $"spec.agents.{account.Agent}");
        foreach (var agent in set.Agents.Where(a => a.Storage is not null))
            yield return Info($"agent {agent.Key} keeps its login at {agent.Storage!.Uri} through {agent.Storage.Who}; `agentset policy --setup` prints the commands that give it that prefix only",
                $"spec.agents.{agent.Key}.persistence.s3");
        foreach (var agent in set.Agents.Where(a => a.HomeClaim is not null))
            yield return Info($"PersistentVolumeClaim {agent.HomeClaim} must exist (the home of Deployment {agent.Deployment})", $"spec.agents.{agent.Key}.persistence.existingClaim");
        foreach (var agent in set.Agents)
        {
            var login = agent.Login;
            yield return Info(login.LoginCommand is { } command
                ? $"first login of {agent.Cli}: {command}; then {login.RestartCommand}"
                : $"first login of {agent.Cli}: no command known", $"spec.agents.{agent.Key}");
        }
    }
}
