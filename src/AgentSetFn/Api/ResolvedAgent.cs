using k8s.Models;

namespace AgentSetFn.Api;

/// <summary>
/// One agent with every default applied: what validation checks and the renderers render.
/// Built in one place so the two never disagree about a default.
/// </summary>
internal sealed record ResolvedAgent
{
    public required AgentSetDefinition Set { get; init; }
    public required AgentDefinition Definition { get; init; }
    /// <summary>The CLI table row for the command, or null for a command the table does not know.</summary>
    public KnownCli? Cli { get; init; }
    /// <summary>&lt;set&gt;-&lt;agent&gt; (or nameOverride): the name of the Deployment, ConfigMap and Secret.</summary>
    public required string Name { get; init; }
    public required string Command { get; init; }
    /// <summary>The broker image, both parts set (see <see cref="OpenabReleases.Image"/>).</summary>
    public required ImageReference BrokerImage { get; init; }
    /// <summary>The CLI's name in openab's image names (see <see cref="OpenabReleases.Variant"/>).</summary>
    public required string ImageVariant { get; init; }
    /// <summary>image.tag as written, or the CLI's default release: the release the image is checked against.</summary>
    public required string ImageTag { get; init; }
    public required IReadOnlyList<string> Args { get; init; }
    public required string WorkingDir { get; init; }
    public required IReadOnlyList<string> PersistPaths { get; init; }
    public required IReadOnlyList<string> ExcludePaths { get; init; }
    /// <summary>The S3 key prefix, without leading or trailing slashes.</summary>
    public required string S3Prefix { get; init; }
    public required ImageReference AwsCliImage { get; init; }
    /// <summary>The endpoint without a trailing '/', or null for AWS.</summary>
    public string? S3EndpointUrl { get; init; }
    /// <summary>The region as written; us-east-1 with an endpoint and no region; null for AWS's own default.</summary>
    public string? S3Region { get; init; }
    /// <summary>The agent container's resources: as written, or derived from the pool when empty.</summary>
    public V1ResourceRequirements? Resources { get; init; }
    /// <summary>What was derived when resources is empty and the CLI's footprint is known.</summary>
    public DerivedMemory? DerivedMemory { get; init; }
    /// <summary>The pod's grace period (see <see cref="GracePeriod.For"/>); null: Kubernetes' default.</summary>
    public long? TerminationGracePeriodSeconds { get; init; }
    /// <summary>An existing PersistentVolumeClaim mounted as the home, or null for an emptyDir.</summary>
    public string? HomeClaim { get; init; }
    /// <summary>AGENTS.md's text, or null when there is none.</summary>
    public string? AgentsMd { get; init; }
    /// <summary>inheritEnv, then the secretEnv names, each once, in the order first written (the chart's `concat | uniq`).</summary>
    public IReadOnlyList<string> InheritEnv { get; init; } = [];
    public ChatAccess DiscordAccess { get; init; } = new(true, true);
    public ChatAccess SlackAccess { get; init; } = new(true, true);

    /// <summary>The agent's own Secret: its inline tokens, under the agent's name.</summary>
    public string OwnSecretName => Name;
    /// <summary>The inline tokens of the platforms that are on, by their key in the agent's own Secret; none: no Secret.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> InlineTokens { get; init; } = [];
    /// <summary>
    /// The Secret the Discord token's ExternalSecret writes (&lt;name&gt;-discord), or null without
    /// one. Not the agent's own &lt;name&gt;, which still holds any inline Slack token.
    /// </summary>
    public string? DiscordTokenExternalSecret { get; init; }
    /// <summary>Where the pod reads each token of a platform that is on: the user's Secret, the ExternalSecret's or the agent's own.</summary>
    public SecretKeyReference? DiscordToken { get; init; }
    public SecretKeyReference? SlackBotToken { get; init; }
    public SecretKeyReference? SlackAppToken { get; init; }
    /// <summary>The Secret with the S3 keys: credentialsSecret, the ExternalSecret's, or "" (pod identity).</summary>
    public string S3CredentialsSecret { get; init; } = "";
    /// <summary>Whether an ExternalSecret fetches the S3 keys into <see cref="S3CredentialsSecret"/>.</summary>
    public bool S3CredentialsFromExternalSecret => S3.Enabled && S3.CredentialsExternalSecret is not null;
    /// <summary>The Secret key that holds the workspace's git token, or null without one.</summary>
    public SecretKeyReference? GitToken { get; init; }
    /// <summary>
    /// The secret values of the agent's fields declared with SecretField (Api/SecretValues.cs), as
    /// the pods read them: one list for the Deployments, the Secrets, the ExternalSecrets and the
    /// credential check.
    /// </summary>
    public IReadOnlyList<WiredSecret> Secrets { get; init; } = [];
    /// <summary>The agent's own AWS identity for its S3 prefix (persistence.s3.serviceAccount, S3 on), or null: keys or the node's identity.</summary>
    public StorageIdentity? StorageIdentity { get; init; }
    /// <summary>The pod's ServiceAccount: the storage identity's, else serviceAccountName; null: the namespace's default.</summary>
    public string? PodServiceAccount => StorageIdentity?.ServiceAccount ?? (string.IsNullOrEmpty(Definition.ServiceAccountName) ? null : Definition.ServiceAccountName);
    /// <summary>The agent's gateway (gateway.enabled), or null.</summary>
    public ResolvedGateway? Gateway { get; init; }
    /// <summary>The Service of the native LINE adapter (line.enabled), &lt;name&gt;-line as the chart names it, or null.</summary>
    public string? LineService => Definition.Line.Enabled ? Name + AgentSetApi.Line.ServiceSuffix : null;

    public string Key => Definition.Key;
    public string Image => BrokerImage.Text;
    public S3Settings S3 => Definition.Persistence.S3;

    /// <summary>Where the agent's login is kept in S3, or null when persistence.s3 is off.</summary>
    public S3Location? S3Location => S3.Enabled ? new S3Location(S3Location.StoreOf(S3.Endpoint), S3.Bucket, S3Location.Normalize(S3Prefix)) : null;

    public static ResolvedAgent Resolve(AgentSetDefinition set, AgentDefinition agent)
    {
        var command = string.IsNullOrEmpty(agent.Command) ? KnownClis.All[0].Command : agent.Command;
        var cli = KnownClis.Find(command);
        var s3 = agent.Persistence.S3;
        var prefix = (string.IsNullOrEmpty(s3.Prefix) ? $"{set.Name}/{agent.Key}" : s3.Prefix).Trim('/');
        var name = string.IsNullOrEmpty(agent.NameOverride) ? $"{set.Name}-{agent.Key}" : agent.NameOverride;
        // Explicit resources always win; only an empty resources is derived.
        var derived = agent.Resources is null ? DerivedMemory.For(cli, agent.Pool) : null;
        var variant = OpenabReleases.Variant(cli);
        var gateway = ResolvedGateway.Resolve(set, agent, OpenabReleases.Tag(agent.Image, cli));
        var discordExternalSecret = agent.Discord is { Enabled: true, BotTokenExternalSecret: not null } ? $"{name}-discord" : null;
        // An unknown CLI runs in the first row's image (kiro's), so it gets that image's home.
        var workingDir = string.IsNullOrEmpty(agent.WorkingDir) ? (cli ?? KnownClis.All[0]).WorkingDir : agent.WorkingDir.TrimEnd('/');
        return new ResolvedAgent
        {
            Set = set,
            Definition = agent,
            Cli = cli,
            Name = name,
            Command = command,
            ImageVariant = variant,
            BrokerImage = OpenabReleases.Image(agent.Image, cli),
            ImageTag = OpenabReleases.Tag(agent.Image, cli),
            // An explicit empty list means "no args"; only an unset field takes the default.
            Args = agent.Args ?? cli?.Args ?? [],
            WorkingDir = workingDir,
            PersistPaths = WithUsercronFile(agent.Persistence.Paths ?? cli?.PersistPaths ?? [], UsercronHomePath(agent, workingDir)),
            ExcludePaths = agent.Persistence.Exclude ?? cli?.ExcludePaths ?? [],
            S3Prefix = prefix,
            AwsCliImage = ImageReference.Resolve(s3.Image, Pinned.AwsCliRepository, Pinned.AwsCliTag),
            S3EndpointUrl = string.IsNullOrEmpty(s3.Endpoint) ? null : s3.Endpoint.TrimEnd('/'),
            // An endpoint of AWS S3 that names its region signs for that region; S3-compatible stores
            // ignore the region but the CLI wants one, and us-east-1 is their convention.
            S3Region = !string.IsNullOrEmpty(s3.Region) ? s3.Region
                : !string.IsNullOrEmpty(s3.Endpoint) ? AwsPartition.RegionOf(s3.Endpoint) ?? "us-east-1" : null,
            Resources = agent.Resources ?? derived?.ToResources(),
            DerivedMemory = derived,
            TerminationGracePeriodSeconds = GracePeriod.For(agent),
            HomeClaim = string.IsNullOrEmpty(agent.Persistence.ExistingClaim) ? null : agent.Persistence.ExistingClaim,
            AgentsMd = string.IsNullOrEmpty(agent.AgentsMd) ? null : agent.AgentsMd,
            InheritEnv = [.. agent.InheritEnv.Concat(agent.SecretEnv.Select(e => e.Name)).Where(new HashSet<string>(StringComparer.Ordinal).Add)],
            DiscordAccess = ChatAccess.Of(agent.Discord),
            SlackAccess = ChatAccess.Of(agent.Slack),
            InlineTokens = InlineTokensOf(agent),
            DiscordTokenExternalSecret = discordExternalSecret,
            DiscordToken = !agent.Discord.Enabled ? null
                : discordExternalSecret is not null ? new SecretKeyReference(discordExternalSecret, SecretKeys.DiscordBotToken)
                : TokenSource(agent.Discord.BotTokenSecretRef, name, SecretKeys.DiscordBotToken),
            SlackBotToken = agent.Slack.Enabled ? TokenSource(agent.Slack.BotTokenSecretRef, name, SecretKeys.SlackBotToken) : null,
            SlackAppToken = agent.Slack.Enabled ? TokenSource(agent.Slack.AppTokenSecretRef, name, SecretKeys.SlackAppToken) : null,
            S3CredentialsSecret = s3.CredentialsExternalSecret is not null ? $"{name}-s3" : s3.CredentialsSecret,
            // The reader gives secretRef.key its default (AgentSetApi.Workspace.SecretKey).
            GitToken = agent.Workspace?.SecretRef,
            Gateway = gateway,
            Secrets = SecretsOf(agent, gateway, name),
            StorageIdentity = s3 is { Enabled: true, ServiceAccount: { Mode: { } mode } account }
                ? new StorageIdentity(mode, account.Name ?? name, account.Create, account.RoleArn, account.Annotations, IamRole.Of(account.RoleArn, name))
                : null,
        };
    }

    /// <summary>
    /// The user cron file relative to the home, when openab reads one there: usercronPath resolves
    /// against $HOME/.openab/ (openab's src/main.rs) unless absolute. Null without user cron, or
    /// when the file is outside the home.
    /// </summary>
    public static string? UsercronHomePath(AgentDefinition agent, string workingDir)
    {
        if (agent.Cron is not { UsercronEnabled: true, UsercronPath: { Length: > 0 } path }) return null;
        if (!path.StartsWith('/')) return $"{UsercronDirectory}/{path}";
        return path.StartsWith(workingDir + "/", StringComparison.Ordinal) ? path[(workingDir.Length + 1)..] : null;
    }

    /// <summary>openab's directory for a relative usercron_path, under $HOME.</summary>
    public const string UsercronDirectory = ".openab";

    /// <summary>The persisted paths, plus the user cron file unless a path already keeps it: the agent's schedules survive a restart like its login.</summary>
    private static IReadOnlyList<string> WithUsercronFile(IReadOnlyList<string> paths, string? usercron)
    {
        // No paths at all (a CLI without defaults) stays an error of its own.
        if (usercron is null || paths.Count == 0) return paths;
        bool Keeps(string p) => p.TrimEnd('/') is var dir && (usercron == dir || usercron.StartsWith(dir + "/", StringComparison.Ordinal));
        return paths.Any(Keeps) ? paths : [.. paths, usercron];
    }

    /// <summary>
    /// The agent's secret values (fields declared with SecretField), each wired to its variable
    /// and Secret key by <see cref="WiredSecret.Resolve"/>; a field that is unset adds nothing.
    /// Each secret-valued field adds its wiring here, in the order of the catalog.
    /// </summary>
    private static List<WiredSecret> SecretsOf(AgentDefinition agent, ResolvedGateway? gateway, string name)
    {
        var secrets = new List<WiredSecret>();
        // gateway.token and the gateway's platform credentials (ResolvedGateway.Credentials).
        if (agent.Gateway.Enabled && gateway is not null) secrets.AddRange(gateway.Secrets(name));
        // [stt].api_key: wired only while [stt] is written.
        if (agent.Stt.Enabled && WiredSecret.Resolve(agent.Stt.ApiKey, "stt.apiKey", AgentSetApi.Stt.ApiKey.What, AgentSetApi.Stt.ApiKeyVariable,
                SecretReaders.Agent, name, SecretKeys.SttApiKey) is { } sttApiKey)
            secrets.Add(sttApiKey);
        // [line]'s channel token and secret: wired only while [line] is written, into openab's environment.
        if (agent.Line.Enabled)
        {
            foreach (var (value, field, catalog, variable, key) in new[]
                     {
                         (agent.Line.ChannelAccessToken, "line.channelAccessToken", AgentSetApi.Line.ChannelAccessToken, AgentSetApi.Line.ChannelAccessTokenVariable, AgentSetApi.Line.ChannelAccessTokenKey),
                         (agent.Line.ChannelSecret, "line.channelSecret", AgentSetApi.Line.ChannelSecret, AgentSetApi.Line.ChannelSecretVariable, AgentSetApi.Line.ChannelSecretKey),
                     })
            {
                if (WiredSecret.Resolve(value, field, catalog.What, variable, SecretReaders.Agent, name, key) is { } wired) secrets.Add(wired);
            }
        }
        return secrets;
    }

    /// <summary>The user's Secret when referenced, else the inline token's key in the agent's own Secret.</summary>
    private static SecretKeyReference TokenSource(SecretKeyReference? reference, string ownSecret, string inlineKey) =>
        reference ?? new SecretKeyReference(ownSecret, inlineKey);

    private static List<KeyValuePair<string, string>> InlineTokensOf(AgentDefinition agent)
    {
        var tokens = new List<KeyValuePair<string, string>>();
        if (agent.Discord is { Enabled: true, BotToken: { Length: > 0 } discord }) tokens.Add(new(SecretKeys.DiscordBotToken, discord));
        if (agent.Slack is { Enabled: true } slack)
        {
            if (slack.BotToken is { Length: > 0 } bot) tokens.Add(new(SecretKeys.SlackBotToken, bot));
            if (slack.AppToken is { Length: > 0 } app) tokens.Add(new(SecretKeys.SlackAppToken, app));
        }
        return tokens;
    }
}

/// <summary>
/// The agent's own AWS identity for its S3 prefix: the ServiceAccount its pod runs as (rendered
/// when <paramref name="Create"/>), and how the AWS CLI containers exchange its token for the role.
/// </summary>
/// <param name="RoleArn">The IAM role; required with IRSA, optional with Pod Identity (the association names it).</param>
/// <param name="Role">The role it assumes: roleArn's, or the one named after the agent.</param>
internal sealed record StorageIdentity(StorageIdentityMode Mode, string ServiceAccount, bool Create, string? RoleArn,
    IReadOnlyList<KeyValuePair<string, string>> Annotations, IamRole Role);

/// <summary>
/// openab's allow_all_channels and allow_all_users: as written, else derived from the lists, as
/// the chart does (an empty list means everyone, as in openab's own auto-detection).
/// </summary>
internal sealed record ChatAccess(bool AllowAllChannels, bool AllowAllUsers)
{
    public static ChatAccess Of(ChatSettings chat) => Of(chat.AllowAllChannels, chat.AllowedChannels, chat.AllowAllUsers, chat.AllowedUsers);

    /// <summary>The same rule for any platform with the two switches and lists (the gateway's).</summary>
    public static ChatAccess Of(bool? allowAllChannels, IReadOnlyList<string> allowedChannels, bool? allowAllUsers, IReadOnlyList<string> allowedUsers) =>
        new(allowAllChannels ?? allowedChannels.Count == 0, allowAllUsers ?? allowedUsers.Count == 0);
}

/// <summary>
/// An S3 location in a form two agents can be compared by: the store (host and port of the
/// endpoint, "" for AWS), the bucket and the key prefix. The backup scripts sync
/// s3://bucket/prefix/ (with the slash), so a prefix holds exactly the keys below it at a '/':
/// two agents share keys when their locations are equal or one prefix is below the other.
/// </summary>
internal sealed record S3Location(string Store, string Bucket, string Prefix)
{
    /// <summary>Whether keys under <paramref name="inner"/> are also under <paramref name="outer"/>.</summary>
    public static bool Below(string inner, string outer) =>
        outer.Length == 0 || inner == outer
        || (inner.Length > outer.Length && inner[outer.Length] == '/' && inner.StartsWith(outer, StringComparison.Ordinal));

    /// <summary>
    /// Host and port: a scheme, user info, case of the host, a default port written out or a
    /// trailing slash or dot do not make another server. The scheme is left out too: one port
    /// serves either http or https, so both spellings name the same store. AWS is "": no
    /// endpoint, or any of AWS's own S3 endpoints (<see cref="AwsPartition"/>). A bucket's name is
    /// unique in its partition, so `s3.cn-north-1.amazonaws.com.cn` reaches the same bucket as no
    /// endpoint in a China region; taking the partitions as one store can only find a clash too many.
    /// </summary>
    public static string StoreOf(string endpoint)
    {
        if (AwsPartition.IsAws(endpoint)) return "";
        if (!Uri.TryCreate(endpoint, UriKind.Absolute, out var uri) || uri.Host.Length == 0) return endpoint;
        return $"{uri.Host.TrimEnd('.').ToLowerInvariant()}:{uri.Port}";
    }

    /// <summary>Whether the location is in AWS S3 (in any partition), not an S3-compatible store.</summary>
    public bool OnAws => Store == "";

    /// <summary>Segments joined by single slashes; case is kept, as S3 keys are case-sensitive.</summary>
    public static string Normalize(string prefix) =>
        string.Join('/', prefix.Split('/', StringSplitOptions.RemoveEmptyEntries));
}
