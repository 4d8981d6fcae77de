using System.Text.Json.Nodes;
using AgentSetFn.Api;
using AgentSetFn.Layout;

namespace AgentSetFn.Access;

/// <summary>
/// The shell lines that give each agent its storage access (`agentset policy --setup`): per agent
/// with its own identity, an IAM role it alone can assume (IRSA's trust in its ServiceAccount's
/// token, or EKS Pod Identity's association) holding its policy; per keys' Secret, an IAM (or
/// MinIO) user with the policy of the agents that read that Secret. No key is printed or made an
/// argument: it goes from `aws iam create-access-key` through a pipe into `kubectl create secret`. Every value spliced in
/// is a DNS name, an ARN, a bucket or a checked prefix, so single quotes hold them.
/// </summary>
internal static class StorageAccessSetup
{
    public const string PolicyName = "agentset-s3";

    /// <summary>The setup as a script to review and run: a bash header, then <see cref="Commands"/>.</summary>
    public static IReadOnlyList<string> Lines(IReadOnlyList<StorageAccess> accesses) =>
        ["#!/bin/bash", "# Storage access for each agent's login (agentset policy --setup). Review, then run.", "set -euo pipefail", .. Commands(accesses)];

    /// <summary>The variables the commands read (each stops the script when unset), then the commands, per role or user.</summary>
    public static IReadOnlyList<string> Commands(IReadOnlyList<StorageAccess> accesses)
    {
        var lines = new List<string>();
        var identities = accesses.Where(a => a.Identity is not null).ToList();
        if (identities.Count > 0) lines.Add("""CLUSTER="${CLUSTER:?set CLUSTER to the name of the EKS cluster}" """.TrimEnd());
        if (identities.Any(a => a.Identity!.RoleArn is null)) lines.Add("ACCOUNT_ID=$(aws sts get-caller-identity --query Account --output text)");
        if (identities.Any(a => a.Identity!.Mode == StorageIdentityMode.Irsa))
            lines.Add("""OIDC_PROVIDER=$(aws eks describe-cluster --name "$CLUSTER" --query cluster.identity.oidc.issuer --output text | sed 's|^https://||')""");
        if (accesses.Any(a => a.Dialect == PolicyDialect.Minio)) lines.Add("""MINIO_ALIAS="${MINIO_ALIAS:?set MINIO_ALIAS to the mc alias of the MinIO server}" """.TrimEnd());

        foreach (var access in identities) lines.AddRange(Role(access));
        foreach (var group in accesses.Where(a => a.Identity is null && a.CredentialsSecret is not null).GroupBy(a => (a.Namespace, Secret: a.CredentialsSecret!)))
            lines.AddRange(group.First().Dialect == PolicyDialect.Aws ? IamUser([.. group]) : MinioUser([.. group]));
        foreach (var access in accesses.Where(a => a.Identity is null && a.CredentialsSecret is null))
        {
            lines.Add("");
            lines.Add($"# {Where(access)}: {access.Who}; attach the policy to the role it runs as");
            lines.Add(access.Dialect == PolicyDialect.Aws
                ? $"""aws iam put-role-policy --role-name "${"{"}ROLE:?set ROLE to the role the pod runs as{"}"}" --policy-name {PolicyName}-{access.Agent.Name} --policy-document '{StoragePolicy.Compact(access.Policy)}'"""
                : "# an S3-compatible store takes keys: set persistence.s3.credentialsSecret");
        }
        return lines;
    }

    private static string Where(StorageAccess access) => $"{access.Agent.Set.Name}/{access.Agent.Key} at s3://{access.Bucket}/{access.KeyPrefix}";

    /// <summary>The agent's own role: trusted by its ServiceAccount alone, holding its policy alone.</summary>
    private static IEnumerable<string> Role(StorageAccess access)
    {
        var identity = access.Identity!;
        yield return "";
        yield return $"# {Where(access)}: {access.Who}";
        var path = access.RolePath == "/" ? "" : $" --path {access.RolePath}";
        yield return $"aws iam create-role --role-name {access.RoleName}{path} --assume-role-policy-document '{Trust(access)}'";
        yield return $"aws iam put-role-policy --role-name {access.RoleName} --policy-name {PolicyName} --policy-document '{StoragePolicy.Compact(access.Policy)}'";
        if (identity.Mode == StorageIdentityMode.PodIdentity)
        {
            // A role ARN built from ACCOUNT_ID is the one place a variable is expanded: in double quotes.
            var arn = identity.RoleArn ?? $"\"{access.RoleArn}\"";
            yield return $"""aws eks create-pod-identity-association --cluster-name "$CLUSTER" --namespace {access.Namespace} --service-account {access.ServiceAccount} --role-arn {arn}""";
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
        // The provider (and the account, without roleArn) come from the shell: spliced in after
        // serialising, between closed and reopened single quotes.
        const string provider = "{OIDC_PROVIDER}";
        const string accountVariable = "{ACCOUNT_ID}";
        var account = access.Identity.RoleArn is { } arn ? arn.Split(':')[4] : accountVariable;
        var trust = StoragePolicy.Compact(new JsonObject
        {
            ["Version"] = StoragePolicy.Version,
            ["Statement"] = new JsonArray(new JsonObject
            {
                ["Effect"] = "Allow",
                ["Principal"] = new JsonObject { ["Federated"] = $"arn:{StoragePolicy.Partition(access.Agent, access.Dialect)}:iam::{account}:oidc-provider/{provider}" },
                ["Action"] = "sts:AssumeRoleWithWebIdentity",
                ["Condition"] = new JsonObject
                {
                    ["StringEquals"] = new JsonObject
                    {
                        [$"{provider}:sub"] = $"system:serviceaccount:{access.Namespace}:{access.ServiceAccount}",
                        [$"{provider}:aud"] = AwsIdentity.IrsaToken.Audience,
                    },
                },
            }),
        });
        return trust.Replace(provider, "'\"$OIDC_PROVIDER\"'", StringComparison.Ordinal).Replace(accountVariable, "'\"$ACCOUNT_ID\"'", StringComparison.Ordinal);
    }

    /// <summary>An IAM user per keys' Secret, with the policy of the agents that read it; its keys go straight into the Secret.</summary>
    private static IEnumerable<string> IamUser(IReadOnlyList<StorageAccess> group)
    {
        var (ns, secret, user) = UserOf(group);
        yield return "";
        yield return $"# Secret {ns}/{secret}: the keys of {Agents(group)}";
        yield return $"aws iam create-user --user-name {user}";
        yield return $"aws iam put-user-policy --user-name {user} --policy-name {PolicyName} --policy-document '{StoragePolicy.Compact(StoragePolicy.Document(group.Select(a => a.Agent), PolicyDialect.Aws))}'";
        if (group.Any(a => a.Agent.S3CredentialsFromExternalSecret))
            yield return $"# the ExternalSecret fetches the keys: store the output of `aws iam create-access-key --user-name {user}` in the external store";
        else
            yield return $"""aws iam create-access-key --user-name {user} --query 'AccessKey.[AccessKeyId,SecretAccessKey]' --output text | awk '{"{"}print "{SecretKeys.AwsAccessKeyId}=" $1; print "{SecretKeys.AwsSecretAccessKey}=" $2{"}"}' | kubectl create secret generic {secret} --namespace {ns} --from-env-file=/dev/stdin""";
    }

    /// <summary>A MinIO policy per keys' Secret, attached to the user whose access key the Secret holds.</summary>
    private static IEnumerable<string> MinioUser(IReadOnlyList<StorageAccess> group)
    {
        var (ns, secret, user) = UserOf(group);
        yield return "";
        yield return $"# Secret {ns}/{secret}: the keys of {Agents(group)}; the MinIO user is the Secret's {SecretKeys.AwsAccessKeyId}";
        yield return $"""echo '{StoragePolicy.Compact(StoragePolicy.Document(group.Select(a => a.Agent), PolicyDialect.Minio))}' | mc admin policy create "$MINIO_ALIAS" {user} /dev/stdin""";
        yield return $"""mc admin policy attach "$MINIO_ALIAS" {user} --user "$(kubectl get secret {secret} --namespace {ns} -o jsonpath='{"{"}.data.{SecretKeys.AwsAccessKeyId}{"}"}' | base64 -d)" """.TrimEnd();
    }

    private static (string Namespace, string Secret, string User) UserOf(IReadOnlyList<StorageAccess> group) =>
        (group[0].Namespace, group[0].CredentialsSecret!, $"{group[0].Namespace}-{group[0].CredentialsSecret}");

    /// <summary>The agents sharing one Secret, with the warning sharing deserves.</summary>
    private static string Agents(IReadOnlyList<StorageAccess> group) => group.Count == 1
        ? $"agent {group[0].Agent.Set.Name}/{group[0].Agent.Key}"
        : $"agents {string.Join(", ", group.Select(a => $"{a.Agent.Set.Name}/{a.Agent.Key}"))} (each can read the others' logins: give each agent a Secret of its own, or persistence.s3.serviceAccount)";
}
