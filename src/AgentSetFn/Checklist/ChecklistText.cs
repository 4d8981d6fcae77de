using AgentSetFn.Api;
using KrmFn;

namespace AgentSetFn.Checklist;

/// <summary>`agentset checklist`'s plain text: per AgentSet, the cluster, the Secrets, the storage, then each agent's first login.</summary>
internal static class ChecklistText
{
    public static void Write(IReadOnlyList<SetChecklist> sets, TextWriter output)
    {
        for (var i = 0; i < sets.Count; i++)
        {
            if (i > 0) output.Write('\n');
            Write(sets[i], output);
        }
    }

    private static void Write(SetChecklist set, TextWriter output)
    {
        // Every line passes through Printable: a name or path with a control character stays one line.
        void Line(int indent, string text) => output.Write(new string(' ', indent * 2) + KrmResult.Printable(text) + "\n");
        var ns = set.Namespace;

        Line(0, $"AgentSet {set.Name} in namespace {ns ?? "(none: kubectl's current namespace)"}{(set.File is null ? "" : $" ({set.File})")}");
        Line(0, "");
        Line(0, "Cluster");
        Line(1, $"Kubernetes {set.MinimumKubernetes} or newer:");
        foreach (var feature in set.Features)
            Line(2, $"{feature.Version}: {feature.Feature} (Deployment {string.Join(", ", feature.Where.Select(w => w.Deployment).Distinct(StringComparer.Ordinal))})");
        if (set.Crds.Count == 0) Line(1, "CustomResourceDefinitions: none");
        foreach (var crd in set.Crds)
            Line(1, $"CustomResourceDefinition of {crd.Kind} ({crd.ApiVersion}) must be installed, for: {string.Join(", ", crd.Objects)}");
        foreach (var store in set.ExternalSecrets.GroupBy(e => (e.StoreKind, e.StoreName)))
        {
            Line(1, $"{store.Key.StoreKind} {store.Key.StoreName} (External Secrets Operator) must exist; it is read by:");
            foreach (var external in store)
                Line(2, $"ExternalSecret {external.Name} ({external.ApiVersion}): keys {string.Join(", ", external.Keys)} into Secret {external.Secret} (agent {external.Agent})");
        }
        var named = set.ServiceAccounts.Where(s => s.ServiceAccount is not null).ToList();
        if (named.Count == 0) Line(1, "Service accounts: none to create; every pod runs as the namespace's default (with no API token mounted)");
        foreach (var account in named.GroupBy(s => s.ServiceAccount!, StringComparer.Ordinal))
            Line(1, $"ServiceAccount {account.Key} {(account.First().Rendered ? "is rendered by the AgentSet" : "must exist")} (Deployment {string.Join(", ", account.Select(a => a.Deployment))})");

        Line(0, "");
        Line(0, "Secrets to create before the pods start (referenced, not rendered)");
        if (set.Secrets.Count == 0) Line(1, "none");
        foreach (var secret in set.Secrets)
        {
            Line(1, $"{secret.Name}{(secret.DockerRegistry ? " (docker-registry)" : "")}{(secret.WholeSecret ? " (read whole: every key you put in it reaches the pod)" : "")}");
            foreach (var use in secret.Uses) Line(2, Describe(use));
            Line(2, secret.Command(ns));
        }

        Line(0, "");
        Line(0, "Secrets rendered from inline values (they land in git with the rendered files; prefer a SecretRef)");
        if (set.InlineSecrets.Count == 0) Line(1, "none");
        foreach (var secret in set.InlineSecrets)
        {
            Line(1, $"{secret.Name} (agent {secret.Agent})");
            foreach (var use in secret.Uses) Line(2, Describe(use));
        }

        Line(0, "");
        Line(0, "Storage");
        if (set.Buckets.Count == 0) Line(1, "none: persistence.s3 is off for every agent");
        foreach (var bucket in set.Buckets)
        {
            Line(1, $"bucket {bucket.Bucket} at {bucket.Endpoint ?? "AWS"}{(bucket.Region is null ? "" : $", region {bucket.Region}")}: prefixes {string.Join(", ", bucket.Prefixes)}");
            Line(2, $"if it does not exist: aws s3 mb{(bucket.Endpoint is { } e ? $" --endpoint-url {Shell.Quote(e)}" : "")}{(bucket.Region is { } r ? $" --region {Shell.Quote(r)}" : "")} {Shell.Quote($"s3://{bucket.Bucket}")}");
        }

        foreach (var agent in set.Agents)
        {
            Line(0, "");
            Line(0, $"Agent {agent.Key}: Deployment {agent.Deployment}, CLI {agent.Cli}");
            if (agent.Storage is { } storage)
            {
                Line(1, $"Storage: {storage.Uri}{(storage.Endpoint is null ? "" : $" at {storage.Endpoint}")}, through {storage.Who}");
                Line(2, $"the backup syncs only below that prefix; backup: {(storage.Backup == BackupMode.Sidecar ? $"sidecar, every {storage.SyncIntervalSeconds}s and at stop" : "preStop, at stop")}");
                Line(2, $"paths: {string.Join(", ", storage.Paths)}");
                Line(2, "access to this prefix only (agentset policy --setup prints these for every agent):");
                if (storage.Shared is { } shared) Line(3, $"# {shared}");
                foreach (var command in storage.AccessCommands) Line(3, command);
            }
            else
            {
                Line(1, "Storage: persistence.s3 is off");
            }
            if (agent.HomeClaim is { } claim) Line(1, $"Home: PersistentVolumeClaim {claim} must exist");
            WriteLogin(agent.Login, Line);
        }
    }

    private static void WriteLogin(LoginGuide login, Action<int, string> line)
    {
        line(1, "First login");
        if (login.Cli is not { } cli)
        {
            line(2, "the CLI is not in agentset's table: its login is not known; log in as its own docs say, inside the agent container");
            return;
        }
        var step = 1;
        if (login.LoginCommand is { } command)
        {
            line(2, $"{step++}. {command}");
            line(3, cli.FirstLogin.Steps);
        }
        else
        {
            line(2, $"{step++}. no login command is known for {cli.Command}");
        }
        foreach (var file in login.Files)
            line(3, $"writes {file.Path}{(file.Persisted ? "" : " (not in the persisted paths: lost when the pod goes)")}");
        // The sidecar uploads while the pod runs: confirm, then restart. backup: preStop uploads only as the pod stops: restart, then confirm.
        var restartFirst = login.BackupLog is null && login.ListCommands.Count > 0;
        if (restartFirst) line(2, $"{step++}. {login.RestartCommand}   # openab starts the CLI with its login; the old pod's final backup uploads it");
        if (login.BackupLog is not null || login.ListCommands.Count > 0)
        {
            line(2, $"{step++}. confirm the backup:");
            if (login.BackupLog is { } logs) line(3, $"{logs}   # look for: {login.BackedUpLine} ...");
            foreach (var list in login.ListCommands) line(3, list);
        }
        if (!restartFirst) line(2, $"{step}. {login.RestartCommand}   # openab starts the CLI with its login");
        line(2, $"token refresh: {login.Refresh}");
        line(2, cli.FirstLogin.ApiKeyVariables.Count > 0
            ? $"instead of a login: {string.Join(" or ", cli.FirstLogin.ApiKeyVariables)} from a Secret, through secretEnv"
            : "instead of a login: none (the CLI reads no key from the environment)");
        line(2, $"source: {cli.FirstLogin.Source}");
    }

    private static string Describe(SecretUse use)
    {
        var key = use.Key is null ? "" : $"{use.Key}: ";
        var where = string.Join(", ", new[] { $"agent {use.Agent}", use.Field, use.Variable is null ? null : $"env {use.Variable}" }.OfType<string>());
        return $"{key}{use.What} ({where})";
    }
}
