using AgentSetFn.Access;
using AgentSetFn.Api;
using AgentSetFn.Layout;
using AgentSetFn.Rendering;
using k8s.Models;

namespace AgentSetFn.Checklist;

// What a cluster must already have before an AgentSet's pods can start, derived from the AgentSet
// alone: its resolved agents and the objects it renders. Built once (SetChecklist.Of) and then
// written as text, as JSON or as KRM info results; none of the writers derives anything itself.

/// <summary>
/// One place a pod reads a Secret: a key (<see cref="Key"/>) or, with Key null, the whole Secret
/// (envFrom, a volume without items, an image pull secret).
/// </summary>
/// <param name="Field">The field below spec.agents.&lt;agent&gt; that names it, or null for a Kubernetes field of a container the user added.</param>
/// <param name="What">What it holds or how it is read ("the Discord bot token").</param>
/// <param name="Variable">The environment variable the pod reads it into, or null (a file, or the whole Secret).</param>
/// <param name="Read">How the pod reads it.</param>
internal sealed record SecretUse(string Agent, string? Key, string? Field, string What, string? Variable, SecretRead Read = SecretRead.Key);

/// <summary>How a pod reads a Secret.</summary>
internal enum SecretRead
{
    /// <summary>One key, into a variable or a file.</summary>
    Key,
    /// <summary>Every key, as variables (envFrom).</summary>
    EnvFrom,
    /// <summary>Every key, as files (a volume without items).</summary>
    Files,
    /// <summary>Registry credentials (imagePullSecrets).</summary>
    ImagePull,
}

/// <summary>A Secret the AgentSet references but does not render: it must exist before the pods start.</summary>
/// <param name="Keys">Every key the pods read, in the order first read.</param>
internal sealed record NeededSecret(string Name, IReadOnlyList<string> Keys, IReadOnlyList<SecretUse> Uses)
{
    /// <summary>Named in imagePullSecrets: a kubernetes.io/dockerconfigjson Secret.</summary>
    public bool DockerRegistry => Uses.Any(u => u.Read == SecretRead.ImagePull);

    /// <summary>Read whole (envFrom or a volume): keys beyond <see cref="Keys"/> are the user's to choose.</summary>
    public bool WholeSecret => Uses.Any(u => u.Read is SecretRead.EnvFrom or SecretRead.Files);

    /// <summary>
    /// The `kubectl create secret` line that makes it, with a placeholder for each value (never a
    /// value): one line for all its keys. Unreplaced, a `&lt;placeholder&gt;` is a shell syntax error,
    /// so a line pasted as it is creates nothing.
    /// </summary>
    public string Command(string? ns)
    {
        // Names and keys may come from the user's own containers, which the function passes through
        // unchecked: each is quoted as one word. A placeholder stays unquoted (that is what makes it
        // a syntax error), so it holds only characters no shell gives a meaning to.
        var create = $"kubectl create secret {(DockerRegistry ? "docker-registry" : "generic")} {Shell.Quote(Name)}{FirstLoginGuide.NamespaceFlag(ns)}";
        if (DockerRegistry) return create + " --docker-server=<server> --docker-username=<username> --docker-password=<password>";
        var literals = Keys.Select(key => $" {Shell.Quote($"--from-literal={key}=")}<{Placeholder(key)}>");
        // Read whole and no key known: the user's variables (envFrom) or files (a volume).
        var whole = Keys.Count > 0 ? "" : Uses.Any(u => u.Read == SecretRead.EnvFrom) ? " --from-env-file=<file>" : " --from-file=<file>";
        return create + string.Concat(literals) + whole;
    }

    /// <summary>The variable the key is read into when the pods agree on one, else the key.</summary>
    private string Placeholder(string key)
    {
        var name = Uses.Where(u => u.Key == key).Select(u => u.Variable).Distinct().ToList() is [{ } variable] ? variable : key;
        return name.Length > 0 && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.') ? name : "value";
    }
}

/// <summary>A Secret the function renders from inline values: it lands in git with the rendered files.</summary>
internal sealed record RenderedSecret(string Name, string Agent, IReadOnlyList<SecretUse> Uses);

/// <summary>An ExternalSecret the function renders, the store the External Secrets Operator reads it from, and the Secret it writes.</summary>
internal sealed record ExternalSecretNeed(string Name, string Agent, string ApiVersion, string StoreKind, string StoreName, IReadOnlyList<string> Keys, string Secret);

/// <summary>A kind of object the function emits that a CustomResourceDefinition must provide.</summary>
internal sealed record CrdNeed(string Kind, string ApiVersion, IReadOnlyList<string> Objects);

/// <summary>A Kubernetes feature a rendered object uses, and the release that has it on by default.</summary>
/// <param name="Part">The container (or "pod securityContext") of <paramref name="Deployment"/> that uses it.</param>
internal sealed record FeatureNeed(KubernetesVersion Version, string Feature, string Deployment, string Part);

/// <summary>A feature and every place that uses it.</summary>
internal sealed record FeatureUse(KubernetesVersion Version, string Feature, IReadOnlyList<FeatureNeed> Where);

/// <summary>A bucket and the prefixes the set's agents keep their logins under.</summary>
/// <param name="Endpoint">The S3 endpoint, or null for AWS.</param>
internal sealed record BucketNeed(string? Endpoint, string Bucket, string? Region, IReadOnlyList<string> Prefixes);

/// <summary>Where one agent's persisted paths go, and with which credentials.</summary>
/// <param name="CredentialsSecret">The Secret with the S3 keys, or null: the pod's own identity through <see cref="ServiceAccount"/>.</param>
/// <param name="ServiceAccount">The pod's service account, or null for the namespace's default.</param>
/// <param name="Who">How the agent reaches its prefix: its own ServiceAccount and role, the keys' Secret, or the pod's identity.</param>
/// <param name="Access">The commands that give it exactly its prefix (<see cref="StorageAccessSetup.Commands"/>, as `agentset policy --setup` prints them);
/// for a keys' user shared by several agents, under the first of them by name only, for them all.</param>
/// <param name="Shared">For a keys' Secret that several agents read: which, where their user's commands are, and the warning; else null.</param>
internal sealed record StorageNeed(string? Endpoint, string Bucket, string? Region, string Prefix, string? CredentialsSecret, string? ServiceAccount,
    BackupMode Backup, int SyncIntervalSeconds, IReadOnlyList<string> Paths, string Who, IReadOnlyList<string> Access, string? Shared)
{
    /// <summary>s3://bucket/prefix/, as the backup syncs it.</summary>
    public string Uri => $"s3://{Bucket}/{Prefix}/";

    /// <summary>The commands of <see cref="Access"/>, as the checklist shows them: without the script's blank and comment lines.</summary>
    public IEnumerable<string> AccessCommands => Access.Where(l => l.Length > 0 && !l.StartsWith('#'));
}

/// <summary>A Deployment the set renders and the service account its pod runs as (null: the namespace's default).</summary>
/// <param name="Rendered">The AgentSet renders the ServiceAccount itself (persistence.s3.serviceAccount), so it need not exist.</param>
internal sealed record ServiceAccountUse(string Agent, string Deployment, string? ServiceAccount, bool Rendered);

/// <summary>One agent: its Deployment, CLI, storage and first login.</summary>
/// <param name="HomeClaim">persistence.existingClaim: a PersistentVolumeClaim that must exist, or null.</param>
internal sealed record AgentChecklist(string Key, string Deployment, string Cli, StorageNeed? Storage, string? HomeClaim, LoginGuide Login);

/// <summary>Everything one AgentSet needs from the cluster, in the order a first day goes.</summary>
internal sealed record SetChecklist(
    string Name,
    string? Namespace,
    string? File,
    KubernetesVersion MinimumKubernetes,
    IReadOnlyList<FeatureUse> Features,
    IReadOnlyList<CrdNeed> Crds,
    IReadOnlyList<ExternalSecretNeed> ExternalSecrets,
    IReadOnlyList<NeededSecret> Secrets,
    IReadOnlyList<RenderedSecret> InlineSecrets,
    IReadOnlyList<BucketNeed> Buckets,
    IReadOnlyList<ServiceAccountUse> ServiceAccounts,
    IReadOnlyList<AgentChecklist> Agents)
{
    /// <summary>The checklist of a valid AgentSet (<paramref name="validated"/> has no errors).</summary>
    public static SetChecklist Of(ValidatedAgentSet validated)
    {
        var set = validated.Set!;
        var agents = validated.Agents.OrderBy(a => a.Key, StringComparer.Ordinal).ToList();
        var objects = validated.Objects.ToList();
        var uses = agents.SelectMany(agent => PodSecrets.Uses(agent, objects.Where(o => o.Agent == agent.Key))).ToList();

        var rendered = objects.Where(o => o.Model is V1Secret).Select(o => o.Name).ToHashSet(StringComparer.Ordinal);
        var externalSecrets = objects.Where(o => o.Model is ExternalSecret).Select(o => (o.Agent, Object: (ExternalSecret)o.Model))
            .Select(e => new ExternalSecretNeed(e.Object.Metadata.Name, e.Agent, e.Object.ApiVersion, e.Object.Spec.SecretStoreRef.Kind ?? "SecretStore",
                e.Object.Spec.SecretStoreRef.Name, [.. e.Object.Spec.Data.Select(d => d.SecretKey)], e.Object.Spec.Target.Name))
            .ToList();
        var fetched = externalSecrets.Select(e => e.Secret).ToHashSet(StringComparer.Ordinal);

        var needed = uses.Where(u => !rendered.Contains(u.Secret) && !fetched.Contains(u.Secret))
            .GroupBy(u => u.Secret, StringComparer.Ordinal)
            .Select(g => new NeededSecret(g.Key,
                [.. g.Select(u => u.Use.Key).OfType<string>().Distinct(StringComparer.Ordinal)],
                [.. g.Select(u => u.Use).Distinct()]))
            .ToList();
        var inline = objects.Where(o => o.Model is V1Secret).Select(o => new RenderedSecret(o.Name, o.Agent,
                [.. uses.Where(u => u.Secret == o.Name && u.Use.Agent == o.Agent).Select(u => u.Use).Distinct()]))
            .ToList();

        var features = objects.Select(o => o.Model).OfType<V1Deployment>().SelectMany(KubernetesFeatures.Used)
            .GroupBy(f => (f.Version, f.Feature))
            .OrderByDescending(g => g.Key.Version)
            .Select(g => new FeatureUse(g.Key.Version, g.Key.Feature, [.. g.Distinct()]))
            .ToList();
        return new SetChecklist(
            set.Name,
            string.IsNullOrEmpty(set.Namespace) ? null : set.Namespace,
            set.Source.Path,
            features.Select(f => f.Version).Append(KubernetesFeatures.Baseline).Max(),
            features,
            CrdsOf(objects),
            externalSecrets,
            needed,
            inline,
            BucketsOf(agents),
            ServiceAccountsOf(objects),
            [.. agents.Select(agent => new AgentChecklist(agent.Key, agent.Name, agent.Command, Storage(agent, agents), agent.HomeClaim, FirstLoginGuide.For(agent)))]);
    }

    /// <summary>Every emitted kind outside Kubernetes' own API groups, with the objects of it.</summary>
    private static List<CrdNeed> CrdsOf(List<GeneratedObject> objects) =>
    [
        .. objects.Select(o => (o.Kind, o.Name, ApiVersion: ApiVersionOf(o.Model)))
            .Where(o => !KubernetesFeatures.IsBuiltIn(o.ApiVersion))
            .GroupBy(o => (o.Kind, o.ApiVersion))
            .Select(g => new CrdNeed(g.Key.Kind, g.Key.ApiVersion, [.. g.Select(o => o.Name)])),
    ];

    private static string ApiVersionOf(object model) => model switch
    {
        k8s.IKubernetesObject kubernetes => kubernetes.ApiVersion,
        ExternalSecret external => external.ApiVersion,
        _ => throw new NotSupportedException($"no apiVersion for {model.GetType().Name}"),
    };

    private static List<BucketNeed> BucketsOf(List<ResolvedAgent> agents) =>
    [
        .. agents.Where(a => a.S3.Enabled)
            .GroupBy(a => (a.S3EndpointUrl, a.S3.Bucket))
            .Select(g => new BucketNeed(g.Key.S3EndpointUrl, g.Key.Bucket, g.First().S3Region, [.. g.Select(a => a.S3Prefix + "/")])),
    ];

    private static List<ServiceAccountUse> ServiceAccountsOf(List<GeneratedObject> objects)
    {
        var rendered = objects.Where(o => o.Model is V1ServiceAccount).Select(o => o.Name).ToHashSet(StringComparer.Ordinal);
        return
        [
            .. objects.Where(o => o.Model is V1Deployment).Select(o => (o.Agent, o.Name, Account: ((V1Deployment)o.Model).Spec.Template.Spec.ServiceAccountName))
                .Select(d => new ServiceAccountUse(d.Agent, d.Name, d.Account, d.Account is not null && rendered.Contains(d.Account))),
        ];
    }

    private static StorageNeed? Storage(ResolvedAgent agent, List<ResolvedAgent> agents)
    {
        if (!agent.S3.Enabled) return null;
        // Exactly one dialect covers an agent: AWS S3, or the S3-compatible store at its endpoint.
        var dialect = StoragePolicy.Covers(agent, PolicyDialect.Aws) ? PolicyDialect.Aws : PolicyDialect.Minio;
        var accesses = StorageAccess.Of(agents, dialect);
        var access = accesses.Single(a => a.Agent == agent);
        // One keys' Secret is one user with every reader's prefix: its commands once, under the first reader by name.
        var group = StorageAccessSetup.KeyGroups(accesses).FirstOrDefault(g => g.Contains(access)) ?? [access];
        var first = group[0].Agent.Key;
        var shared = group.Count == 1 ? null
            : $"Secret {access.CredentialsSecret} is read by {string.Join(", ", group.Select(a => a.Agent.Key))}, one user for them all"
              + (first == agent.Key ? "" : $", set up under agent {first}") + $"; {StorageAccessSetup.SharingWarning}";
        return new StorageNeed(agent.S3EndpointUrl, agent.S3.Bucket, agent.S3Region, agent.S3Prefix,
            agent.S3CredentialsSecret.Length > 0 ? agent.S3CredentialsSecret : null,
            agent.PodServiceAccount,
            agent.S3.Backup, agent.S3.SyncIntervalSeconds, agent.PersistPaths,
            access.Who, first == agent.Key ? StorageAccessSetup.Commands(group) : [], shared);
    }
}

/// <summary>
/// The Secrets an agent's rendered pods read, found in the pods themselves (env secretKeyRef,
/// envFrom, secret and projected volumes, imagePullSecrets), so every reference is listed however
/// it was written; each is described by the field the function wired it from.
/// </summary>
internal static class PodSecrets
{
    public static IEnumerable<(string Secret, SecretUse Use)> Uses(ResolvedAgent agent, IEnumerable<GeneratedObject> objects)
    {
        var described = Described(agent);
        foreach (var pod in objects.Select(o => o.Model).OfType<V1Deployment>().Select(d => d.Spec.Template.Spec))
        {
            foreach (var container in (pod.InitContainers ?? []).Concat(pod.Containers ?? []))
            {
                foreach (var env in container.Env ?? [])
                {
                    if (env.ValueFrom?.SecretKeyRef is { Name: { Length: > 0 } name, Key: { Length: > 0 } key } reference && reference.Optional != true)
                        yield return (name, Describe(described, agent, name, key, env.Name, $"`{env.Name}` of container `{container.Name}`"));
                }
                foreach (var source in container.EnvFrom ?? [])
                {
                    if (source.SecretRef is { Name: { Length: > 0 } name, Optional: not true })
                        yield return (name, new SecretUse(agent.Key, null, null, $"every key, as variables of container `{container.Name}` (envFrom)", null, SecretRead.EnvFrom));
                }
            }
            foreach (var volume in pod.Volumes ?? [])
            {
                var secrets = new List<(string Name, IList<V1KeyToPath>? Items)>();
                if (volume.Secret is { SecretName: { Length: > 0 } secretName, Optional: not true } secret) secrets.Add((secretName, secret.Items));
                foreach (var source in volume.Projected?.Sources ?? [])
                {
                    if (source.Secret is { Name: { Length: > 0 } projected, Optional: not true }) secrets.Add((projected, source.Secret.Items));
                }
                foreach (var (name, items) in secrets)
                {
                    if (items is { Count: > 0 })
                    {
                        foreach (var item in items)
                            yield return (name, Describe(described, agent, name, item.Key, null, $"file `{item.Path}` of volume `{volume.Name}`"));
                    }
                    else
                    {
                        yield return (name, new SecretUse(agent.Key, null, null, $"every key, as files of volume `{volume.Name}`", null, SecretRead.Files));
                    }
                }
            }
            foreach (var pull in pod.ImagePullSecrets ?? [])
            {
                if (pull.Name is { Length: > 0 } name)
                    yield return (name, new SecretUse(agent.Key, null, "imagePullSecrets", "registry credentials to pull the images", null, SecretRead.ImagePull));
            }
        }
    }

    private static SecretUse Describe(Dictionary<(string Secret, string Key), (string Field, string What)> described, ResolvedAgent agent,
        string secret, string key, string? variable, string fallback) =>
        described.TryGetValue((secret, key), out var d) ? new(agent.Key, key, d.Field, d.What, variable) : new(agent.Key, key, null, fallback, variable);

    /// <summary>
    /// The field and meaning of each Secret key the function wires: the chat tokens and the S3 keys
    /// (the pod layout's), the secret values (<see cref="ResolvedAgent.Secrets"/>), the workspace
    /// token and secretEnv.
    /// </summary>
    private static Dictionary<(string Secret, string Key), (string Field, string What)> Described(ResolvedAgent agent)
    {
        var described = new Dictionary<(string, string), (string, string)>();
        void Add(SecretKeyReference source, string field, string what)
        {
            if (source is { Name: { Length: > 0 } name, Key: { Length: > 0 } key }) described.TryAdd((name, key), (field, what));
        }
        foreach (var (token, source) in PodLayout.ChatTokens(agent)) Add(source, token.Field, token.What);
        foreach (var secret in agent.Secrets) Add(secret.Source, secret.Field, secret.What);
        foreach (var key in PodLayout.S3Keys(agent))
            Add(key.Source, "persistence.s3.credentialsSecret", key.Variable == SecretKeys.AwsAccessKeyId ? "the S3 access key ID" : "the S3 secret access key");
        if (agent.GitToken is { } git) Add(git, "workspace.secretRef", "the workspace's git token");
        for (var i = 0; i < agent.Definition.SecretEnv.Count; i++)
        {
            var entry = agent.Definition.SecretEnv[i];
            Add(new SecretKeyReference(entry.SecretName, entry.SecretKey), $"secretEnv[{i}]", $"`{entry.Name}` in the agent's environment");
        }
        return described;
    }
}
