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
    public required string Image { get; init; }
    public required IReadOnlyList<string> Args { get; init; }
    public required string WorkingDir { get; init; }
    public required IReadOnlyList<string> PersistPaths { get; init; }
    public required IReadOnlyList<string> ExcludePaths { get; init; }
    /// <summary>The S3 key prefix, without leading or trailing slashes.</summary>
    public required string S3Prefix { get; init; }
    public required string AwsCliImage { get; init; }
    /// <summary>The agent container's resources: as written, or derived from the pool when empty.</summary>
    public V1ResourceRequirements? Resources { get; init; }
    /// <summary>What was derived when resources is empty and the CLI's footprint is known.</summary>
    public DerivedMemory? DerivedMemory { get; init; }
    /// <summary>The Secret with the S3 keys: credentialsSecret, the ExternalSecret's, or "" (pod identity).</summary>
    public string S3CredentialsSecret { get; init; } = "";

    public string Key => Definition.Key;
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
        return new ResolvedAgent
        {
            Set = set,
            Definition = agent,
            Cli = cli,
            Name = name,
            Command = command,
            Image = OpenabReleases.Image(agent.Image, cli),
            // An explicit empty list means "no args"; only an unset field takes the default.
            Args = agent.Args ?? cli?.Args ?? [],
            WorkingDir = string.IsNullOrEmpty(agent.WorkingDir) ? cli?.WorkingDir ?? "/home/agent" : agent.WorkingDir.TrimEnd('/'),
            PersistPaths = agent.Persistence.Paths ?? cli?.PersistPaths ?? [],
            ExcludePaths = agent.Persistence.Exclude ?? cli?.ExcludePaths ?? [],
            S3Prefix = prefix,
            AwsCliImage = ImageReference.Resolve(s3.Image, Pinned.AwsCliRepository, Pinned.AwsCliTag),
            Resources = agent.Resources ?? derived?.ToResources(),
            DerivedMemory = derived,
            S3CredentialsSecret = s3.CredentialsExternalSecret is not null ? $"{name}-s3" : s3.CredentialsSecret,
        };
    }
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
    /// endpoint, or any of AWS's own S3 endpoints (bucket names are global in AWS, so
    /// `s3.eu-west-1.amazonaws.com` reaches the same bucket as the default).
    /// </summary>
    public static string StoreOf(string endpoint)
    {
        if (endpoint.Length == 0) return "";
        if (!Uri.TryCreate(endpoint, UriKind.Absolute, out var uri) || uri.Host.Length == 0) return endpoint;
        var host = uri.Host.TrimEnd('.').ToLowerInvariant();
        return host == "amazonaws.com" || host.EndsWith(".amazonaws.com", StringComparison.Ordinal) ? "" : $"{host}:{uri.Port}";
    }

    /// <summary>Segments joined by single slashes; case is kept, as S3 keys are case-sensitive.</summary>
    public static string Normalize(string prefix) =>
        string.Join('/', prefix.Split('/', StringSplitOptions.RemoveEmptyEntries));
}
