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

    public string Key => Definition.Key;
    public S3Settings S3 => Definition.Persistence.S3;

    public static ResolvedAgent Resolve(AgentSetDefinition set, AgentDefinition agent)
    {
        var command = string.IsNullOrEmpty(agent.Command) ? KnownClis.All[0].Command : agent.Command;
        var cli = KnownClis.Find(command);
        var s3 = agent.Persistence.S3;
        var prefix = (string.IsNullOrEmpty(s3.Prefix) ? $"{set.Name}/{agent.Key}" : s3.Prefix).Trim('/');
        return new ResolvedAgent
        {
            Set = set,
            Definition = agent,
            Cli = cli,
            Name = string.IsNullOrEmpty(agent.NameOverride) ? $"{set.Name}-{agent.Key}" : agent.NameOverride,
            Command = command,
            Image = ImageReference.Resolve(agent.Image, cli?.ImageRepository ?? KnownClis.All[0].ImageRepository, Pinned.OpenabTag),
            // An explicit empty list means "no args"; only an unset field takes the default.
            Args = agent.Args ?? cli?.Args ?? [],
            WorkingDir = string.IsNullOrEmpty(agent.WorkingDir) ? cli?.WorkingDir ?? "/home/agent" : agent.WorkingDir.TrimEnd('/'),
            PersistPaths = agent.Persistence.Paths ?? cli?.PersistPaths ?? [],
            ExcludePaths = agent.Persistence.Exclude ?? cli?.ExcludePaths ?? [],
            S3Prefix = prefix,
            AwsCliImage = ImageReference.Resolve(s3.Image, Pinned.AwsCliRepository, Pinned.AwsCliTag),
        };
    }
}
