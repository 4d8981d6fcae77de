using System.Text;
using System.Text.Json.Nodes;
using AgentSetFn.Api;
using AgentSetFn.Checklist;
using AgentSetFn.Layout;

namespace AgentSetFn.Access;

/// <summary>
/// The shell lines that give each agent its storage access (`agentset policy --setup`): per agent
/// with its own identity, an IAM role it alone can assume (IRSA's trust in its ServiceAccount's
/// token, or EKS Pod Identity's association) holding its policy; per keys' Secret, one IAM (or
/// MinIO) user with the policy of every agent that reads that Secret. No key is printed or made an
/// argument: it goes from `aws iam create-access-key` through a pipe into `kubectl create secret`.
/// Every value spliced into a command is a word made by <see cref="Shell.Quote"/> (or by
/// <see cref="Spliced"/>, which quotes the text around a shell variable the same way), and every
/// value in a comment has its control characters replaced, whatever validation let through.
/// </summary>
internal static class StorageAccessSetup
{
    public const string PolicyName = "agentset-s3";

    // Stand-ins for shell variables inside a text that is quoted around them (see Spliced).
    private const string OidcProvider = "\0OIDC_PROVIDER\0";
    private const string AccountId = "\0ACCOUNT_ID\0";
    private const string NamespaceVariable = "\0NAMESPACE\0";

    /// <summary>The script to review and run: a bash header, then <see cref="Commands"/>.</summary>
    public static IReadOnlyList<string> Lines(IReadOnlyList<StorageAccess> accesses) =>
        ["#!/bin/bash", "# Storage access for each agent's login (agentset policy --setup). Review, then run.", "set -euo pipefail", .. Commands(accesses)];

    /// <summary>The variables the commands read (each stops the script when unset), then the commands, per role or user.</summary>
    public static IReadOnlyList<string> Commands(IReadOnlyList<StorageAccess> accesses)
    {
        var lines = new List<string>();
        var identities = accesses.Where(a => a.Identity is not null).ToList();
        if (identities.Count > 0) lines.Add("""CLUSTER="${CLUSTER:?set CLUSTER to the name of the EKS cluster}" """.TrimEnd());
        // An AgentSet without a namespace is applied in one the setup can not know: whatever AWS
        // names after it (a role's trust, an association, a user) takes it from the shell.
        if (accesses.Any(a => a.Namespace is null && (a.Identity is not null || a.CredentialsSecret is not null)))
            lines.Add("""NAMESPACE="${NAMESPACE:?set NAMESPACE to the namespace the AgentSet is applied in}" """.TrimEnd());
        if (identities.Any(a => a.Identity!.RoleArn is null)) lines.Add("ACCOUNT_ID=$(aws sts get-caller-identity --query Account --output text)");
        if (identities.Any(a => a.Identity!.Mode == StorageIdentityMode.Irsa))
            lines.Add("""OIDC_PROVIDER=$(aws eks describe-cluster --name "$CLUSTER" --query cluster.identity.oidc.issuer --output text | sed 's|^https://||')""");
        var aliases = MinioAliases(accesses);
        foreach (var (endpoint, variable) in aliases)
        {
            if (aliases.Count > 1) lines.Add(Comment($"# {variable}: the MinIO server at {endpoint}"));
            lines.Add($"{variable}=\"${{{variable}:?set {variable} to the mc alias of the MinIO server}}\"");
        }

        foreach (var access in identities) lines.AddRange(Role(access));
        foreach (var group in KeyGroups(accesses))
            lines.AddRange(group[0].Dialect == PolicyDialect.Aws ? IamUser(group) : MinioUser(group, aliases[group[0].Agent.S3EndpointUrl ?? ""]));
        foreach (var access in accesses.Where(a => a.Identity is null && a.CredentialsSecret is null))
        {
            lines.Add("");
            lines.Add(Comment($"# {Where(access)}: {access.Who}; attach the policy to the role it runs as"));
            lines.Add(access.Dialect == PolicyDialect.Aws
                ? $"""aws iam put-role-policy --role-name "${"{"}ROLE:?set ROLE to the role the pod runs as{"}"}" --policy-name {Shell.Quote($"{PolicyName}-{access.Agent.Name}")} --policy-document {Shell.Quote(StoragePolicy.Compact(access.Policy))}"""
                : "# an S3-compatible store takes keys: set persistence.s3.credentialsSecret");
        }
        return lines;
    }

    /// <summary>
    /// The agents that read one keys' Secret (in one namespace, and for MinIO at one server): one
    /// user serves them all, so its policy is every one of theirs, in the order given.
    /// </summary>
    public static IReadOnlyList<IReadOnlyList<StorageAccess>> KeyGroups(IEnumerable<StorageAccess> accesses) =>
    [
        .. accesses.Where(a => a.Identity is null && a.CredentialsSecret is not null)
            .GroupBy(a => (a.Namespace, Secret: a.CredentialsSecret!, Endpoint: a.Dialect == PolicyDialect.Minio ? a.Agent.S3EndpointUrl : null))
            .Select(g => (IReadOnlyList<StorageAccess>)[.. g]),
    ];

    /// <summary>The chosen accesses and every other one sharing a keys' Secret with them: a shared user's policy must hold all their prefixes.</summary>
    public static IReadOnlyList<StorageAccess> WithSharers(IReadOnlyList<StorageAccess> chosen, IReadOnlyList<StorageAccess> all)
    {
        var groups = KeyGroups(all).Where(g => g.Any(chosen.Contains)).SelectMany(g => g).ToHashSet();
        return [.. all.Where(a => chosen.Contains(a) || groups.Contains(a))];
    }

    /// <summary>One mc alias variable per MinIO server: MINIO_ALIAS for one, MINIO_ALIAS_1, _2... (by endpoint) for several.</summary>
    private static Dictionary<string, string> MinioAliases(IReadOnlyList<StorageAccess> accesses)
    {
        var endpoints = accesses.Where(a => a.Dialect == PolicyDialect.Minio && a.Identity is null && a.CredentialsSecret is not null)
            .Select(a => a.Agent.S3EndpointUrl ?? "").Distinct().Order(StringComparer.Ordinal).ToList();
        return endpoints.Select((e, i) => (e, Variable: endpoints.Count == 1 ? "MINIO_ALIAS" : $"MINIO_ALIAS_{i + 1}"))
            .ToDictionary(p => p.e, p => p.Variable, StringComparer.Ordinal);
    }

    private static string Where(StorageAccess access) => $"{access.Agent.Set.Name}/{access.Agent.Key} at s3://{access.Bucket}/{access.KeyPrefix}";

    /// <summary>A comment line: a control character (a newline above all) would end it and start a command.</summary>
    private static string Comment(string text) => new([.. text.Select(c => char.IsControl(c) ? '?' : c)]);

    /// <summary>
    /// One shell word: the text single-quoted by <see cref="Shell.Quote"/>, except where it holds a
    /// stand-in for a variable, which becomes that variable in double quotes.
    /// </summary>
    private static string Spliced(string text)
    {
        var word = new StringBuilder();
        foreach (var part in text.Split('\0'))
        {
            if (part.Length == 0) continue;
            word.Append($"\0{part}\0" is OidcProvider or AccountId or NamespaceVariable ? $"\"${part}\"" : Shell.Quote(part));
        }
        return word.Length == 0 ? "''" : word.ToString();
    }

    /// <summary>The namespace as text to splice: the set's, or the NAMESPACE variable's stand-in.</summary>
    private static string NamespaceOf(StorageAccess access) => access.Namespace ?? NamespaceVariable;

    /// <summary>`--namespace` for kubectl: the set's, else none (kubectl's current namespace, like the rest of the checklist).</summary>
    private static string KubectlNamespace(StorageAccess access) => access.Namespace is { } ns ? $" --namespace {Shell.Quote(ns)}" : "";

    /// <summary>The agent's own role: trusted by its ServiceAccount alone, holding its policy alone.</summary>
    private static IEnumerable<string> Role(StorageAccess access)
    {
        var identity = access.Identity!;
        var role = Shell.Quote(identity.Role.Name);
        yield return "";
        yield return Comment($"# {Where(access)}: {access.Who}");
        var path = identity.Role.Path == "/" ? "" : $" --path {Shell.Quote(identity.Role.Path)}";
        yield return $"aws iam create-role --role-name {role}{path} --assume-role-policy-document {Spliced(Trust(access))}";
        yield return $"aws iam put-role-policy --role-name {role} --policy-name {PolicyName} --policy-document {Shell.Quote(StoragePolicy.Compact(access.Policy))}";
        if (identity.Mode == StorageIdentityMode.PodIdentity)
        {
            var arn = identity.RoleArn ?? $"arn:{StoragePolicy.Partition(access.Agent, access.Dialect)}:iam::{AccountId}:role/{identity.Role.Name}";
            yield return $"""aws eks create-pod-identity-association --cluster-name "$CLUSTER" --namespace {Spliced(NamespaceOf(access))} --service-account {Shell.Quote(access.ServiceAccount!)} --role-arn {Spliced(arn)}""";
        }
    }

    /// <summary>
    /// Who may assume the role. IRSA: web identities of the cluster's OIDC provider whose token is
    /// the agent's ServiceAccount's, for STS. Pod Identity: the EKS service, which checks the association.
    /// </summary>
    private static string Trust(StorageAccess access)
    {
        if (access.Identity!.Mode == StorageIdentityMode.PodIdentity)
        {
            return StoragePolicy.Compact(new JsonObject
            {
                ["Version"] = StoragePolicy.Version,
                ["Statement"] = new JsonArray(new JsonObject
                {
                    ["Effect"] = "Allow",
                    ["Principal"] = new JsonObject { ["Service"] = "pods.eks.amazonaws.com" },
                    ["Action"] = new JsonArray("sts:AssumeRole", "sts:TagSession"),
                }),
            });
        }
        // The provider, the account (without roleArn) and the namespace (without one in the set)
        // come from the shell: stand-ins replaced after serialising (JSON escapes a NUL, so they are
        // put back), then spliced in as variables.
        var account = access.Identity.Role.Account ?? AccountId;
        var trust = StoragePolicy.Compact(new JsonObject
        {
            ["Version"] = StoragePolicy.Version,
            ["Statement"] = new JsonArray(new JsonObject
            {
                ["Effect"] = "Allow",
                ["Principal"] = new JsonObject { ["Federated"] = $"arn:{StoragePolicy.Partition(access.Agent, access.Dialect)}:iam::{account}:oidc-provider/{OidcProvider}" },
                ["Action"] = "sts:AssumeRoleWithWebIdentity",
                ["Condition"] = new JsonObject
                {
                    ["StringEquals"] = new JsonObject
                    {
                        [$"{OidcProvider}:sub"] = $"system:serviceaccount:{NamespaceOf(access)}:{access.ServiceAccount}",
                        [$"{OidcProvider}:aud"] = AwsIdentity.IrsaToken.Audience,
                    },
                },
            }),
        });
        return trust.Replace("\\u0000", "\0", StringComparison.Ordinal);
    }

    /// <summary>An IAM user per keys' Secret, with the policy of the agents that read it; its keys go straight into the Secret.</summary>
    private static IEnumerable<string> IamUser(IReadOnlyList<StorageAccess> group)
    {
        var (secret, user) = UserOf(group);
        yield return "";
        yield return Comment($"# Secret {group[0].NamespaceShown}/{secret}: the keys of {Agents(group)}");
        yield return $"aws iam create-user --user-name {user}";
        yield return $"aws iam put-user-policy --user-name {user} --policy-name {PolicyName} --policy-document {Shell.Quote(StoragePolicy.Compact(StoragePolicy.Document(group.Select(a => a.Agent), PolicyDialect.Aws)))}";
        var createKey = $"aws iam create-access-key --user-name {user} --query 'AccessKey.[AccessKeyId,SecretAccessKey]' --output text";
        // A command, not a comment: the checklist shows commands only, and this step must not be lost.
        if (group.Any(a => a.Agent.S3CredentialsFromExternalSecret))
            yield return $"{createKey}  # the ExternalSecret fetches the keys: store these two ({SecretKeys.AwsAccessKeyId}, {SecretKeys.AwsSecretAccessKey}) in the external store";
        else
            yield return $"""{createKey} | awk '{"{"}print "{SecretKeys.AwsAccessKeyId}=" $1; print "{SecretKeys.AwsSecretAccessKey}=" $2{"}"}' | kubectl create secret generic {Shell.Quote(secret)}{KubectlNamespace(group[0])} --from-env-file=/dev/stdin""";
    }

    /// <summary>A MinIO policy per keys' Secret, attached to the user whose access key the Secret holds.</summary>
    private static IEnumerable<string> MinioUser(IReadOnlyList<StorageAccess> group, string alias)
    {
        var (secret, user) = UserOf(group);
        yield return "";
        yield return Comment($"# Secret {group[0].NamespaceShown}/{secret}: the keys of {Agents(group)}; the MinIO user is the Secret's {SecretKeys.AwsAccessKeyId}");
        yield return $"""echo {Shell.Quote(StoragePolicy.Compact(StoragePolicy.Document(group.Select(a => a.Agent), PolicyDialect.Minio)))} | mc admin policy create "${alias}" {user} /dev/stdin""";
        yield return $"""mc admin policy attach "${alias}" {user} --user "$(kubectl get secret {Shell.Quote(secret)}{KubectlNamespace(group[0])} -o jsonpath='{"{"}.data.{SecretKeys.AwsAccessKeyId}{"}"}' | base64 -d)" """.TrimEnd();
    }

    /// <summary>The Secret, and its user's (or MinIO policy's) name as a shell word: `namespace-secret`, shortened to IAM's limit.</summary>
    private static (string Secret, string User) UserOf(IReadOnlyList<StorageAccess> group)
    {
        var secret = group[0].CredentialsSecret!;
        return (secret, group[0].Namespace is { } ns ? Shell.Quote(IamRole.FitName($"{ns}-{secret}")) : Spliced($"{NamespaceVariable}-{secret}"));
    }

    /// <summary>The agents sharing one Secret, with the warning sharing deserves.</summary>
    public static string Agents(IReadOnlyList<StorageAccess> group) => group.Count == 1
        ? $"agent {group[0].Agent.Set.Name}/{group[0].Agent.Key}"
        : $"agents {string.Join(", ", group.Select(a => $"{a.Agent.Set.Name}/{a.Agent.Key}"))} ({SharingWarning})";

    public const string SharingWarning = "each can read the others' logins: give each agent a Secret of its own, or persistence.s3.serviceAccount";
}
