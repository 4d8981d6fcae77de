using System.Net.Sockets;
using AgentSetFn.Api;

namespace AgentSetFn.Layout;

/// <summary>
/// The agent's pod as the function lays it out: its containers, volumes and mount paths, the
/// variables it sets, where each credential comes from, and the ports it talks to. The
/// Deployment and NetworkPolicy renderers build the pod from these facts; validation checks
/// the user's additions against the same facts, so the two never disagree.
/// </summary>
internal static class PodLayout
{
    public const string AgentContainer = "openab";
    public const string RestoreContainer = "s3-restore";
    public const string BackupContainer = "s3-backup";
    public const string CloneContainer = "git-clone";

    /// <summary>Names user containers must not take.</summary>
    public static readonly IReadOnlyList<string> OwnContainers = [AgentContainer, RestoreContainer, BackupContainer, CloneContainer];

    public const string ConfigVolume = "config";
    public const string HomeVolume = "home";
    public const string TmpVolume = "tmp";
    public const string AwsTmpVolume = "aws-tmp";
    public const string S3CredentialsVolume = "s3-credentials";
    public const string GitTokenVolume = "git-token";

    /// <summary>Names user volumes must not take.</summary>
    public static readonly IReadOnlyList<string> OwnVolumes = [ConfigVolume, HomeVolume, TmpVolume, AwsTmpVolume, S3CredentialsVolume, GitTokenVolume, AwsIdentity.TokenVolume];

    /// <summary>Every container's scratch directory, on an emptyDir of its own.</summary>
    public const string TmpDir = "/tmp";
    public const string S3CredentialsDir = "/var/run/secrets/agentset/s3";
    public const string GitTokenDir = "/var/run/secrets/agentset/git";
    /// <summary>The git token's file in <see cref="GitTokenDir"/>.</summary>
    public const string GitTokenFile = "token";

    /// <summary>Where the workspace is cloned, below the working directory.</summary>
    public const string WorkspaceDir = "workspace";

    /// <summary>The files that carry AGENTS.md into the home: each CLI reads its own name.</summary>
    public static readonly IReadOnlyList<string> AgentsMdFileNames = ["AGENTS.md", "CLAUDE.md", "GEMINI.md"];

    /// <summary>
    /// The mount paths the function uses whatever the agent's settings: the working directory
    /// and user volumes must stay clear of them (not on, above or inside them).
    /// </summary>
    public static readonly IReadOnlyList<string> FixedMountPaths = [Pinned.ConfigDir, TmpDir, S3CredentialsDir, GitTokenDir, .. AwsIdentity.TokenDirectories];

    /// <summary>Every mount path the function itself uses in the agent's pod.</summary>
    public static IReadOnlyList<string> OwnMountPaths(ResolvedAgent agent) => [.. FixedMountPaths, agent.WorkingDir, .. SealedMountPaths(agent)];

    /// <summary>
    /// The function's mounts nothing can be mounted inside: read-only directories (the config,
    /// the Secrets) and single files. The home and /tmp are writable emptyDirs; a volume may go below them.
    /// </summary>
    public static IReadOnlyList<string> SealedMountPaths(ResolvedAgent agent) =>
        [Pinned.ConfigDir, S3CredentialsDir, GitTokenDir, .. AwsIdentity.TokenDirectories, .. AgentsMdFileNames.Select(file => $"{agent.WorkingDir}/{file}")];

    /// <summary>Variables the function sets from the Downward API, with their fields; env may not set them.</summary>
    public static readonly IReadOnlyList<(string Variable, string Field)> PodIdentity =
        [("POD_NAME", "metadata.name"), ("POD_NAMESPACE", "metadata.namespace"), ("NODE_NAME", "spec.nodeName")];

    public static readonly IReadOnlyList<string> PodIdentityVariables = [.. PodIdentity.Select(p => p.Variable)];

    // The variables openab expands in config.toml to its tokens (see OpenabConfigToml).
    public const string DiscordBotTokenVariable = "DISCORD_BOT_TOKEN";
    public const string SlackBotTokenVariable = "SLACK_BOT_TOKEN";
    public const string SlackAppTokenVariable = "SLACK_APP_TOKEN";

    /// <summary>A variable of the pod read from a Secret key: a credential the function wires.</summary>
    public sealed record WiredCredential(string Variable, SecretKeyReference Source);

    /// <summary>
    /// A chat token as the pod gets it: its variable, the field that sets it and what it is, in
    /// words. The credential check's messages and the checklist's description of a Secret key read it.
    /// </summary>
    public sealed record ChatToken(string Variable, string Field, string What);

    public static readonly ChatToken DiscordBotToken = new(DiscordBotTokenVariable, "discord.botToken", "the Discord bot token");
    public static readonly ChatToken SlackBotToken = new(SlackBotTokenVariable, "slack.botToken", "the Slack bot token");
    public static readonly ChatToken SlackAppToken = new(SlackAppTokenVariable, "slack.appToken", "the Slack app token");

    /// <summary>The tokens of the platforms that are on, each with the Secret key the pod reads it from.</summary>
    public static IEnumerable<(ChatToken Token, SecretKeyReference Source)> ChatTokens(ResolvedAgent agent)
    {
        if (agent.DiscordToken is { } discord) yield return (DiscordBotToken, discord);
        if (agent.SlackBotToken is { } bot) yield return (SlackBotToken, bot);
        if (agent.SlackAppToken is { } app) yield return (SlackAppToken, app);
    }

    /// <summary>The tokens of the platforms that are on, as openab's environment gets them.</summary>
    public static IEnumerable<WiredCredential> Tokens(ResolvedAgent agent) =>
        ChatTokens(agent).Select(t => new WiredCredential(t.Token.Variable, t.Source));

    /// <summary>
    /// Every variable of openab's environment that holds a credential the function wires, which
    /// must never reach the agent: the chat tokens (whether their platform is on or not), the
    /// secret values the agent's pod reads (<see cref="ResolvedAgent.Secrets"/>) and the AWS keys.
    /// </summary>
    public static IReadOnlyList<string> CredentialVariables(ResolvedAgent agent) =>
        [.. FixedCredentialVariables, .. SecretValues(agent, SecretReaders.Agent).Select(c => c.Variable)];

    /// <summary>The credential variables whatever the agent's settings: the chat tokens and the AWS keys.</summary>
    public static readonly IReadOnlyList<string> FixedCredentialVariables =
        [DiscordBotTokenVariable, SlackBotTokenVariable, SlackAppTokenVariable, .. SecretKeys.Aws, "AWS_SESSION_TOKEN"];

    /// <summary>
    /// The credentials openab's own container reads from Secrets: the chat tokens of the platforms
    /// that are on, then the agent pod's secret values.
    /// </summary>
    public static IEnumerable<WiredCredential> AgentCredentials(ResolvedAgent agent) =>
        Tokens(agent).Concat(SecretValues(agent, SecretReaders.Agent));

    /// <summary>
    /// The secret values (<see cref="ResolvedAgent.Secrets"/>) a pod reads into its environment:
    /// the agent's (<see cref="SecretReaders.Agent"/>) or the gateway's.
    /// </summary>
    public static IEnumerable<WiredCredential> SecretValues(ResolvedAgent agent, SecretReaders pod) =>
        agent.Secrets.Where(s => s.Readers.HasFlag(pod)).Select(s => new WiredCredential(s.Variable, s.Source));

    /// <summary>
    /// The S3 keys, as the persistence containers get them: none with S3 off or without a
    /// Secret (then the pod's own identity, IRSA or EKS Pod Identity, is used).
    /// </summary>
    public static IEnumerable<WiredCredential> S3Keys(ResolvedAgent agent) =>
        agent.S3.Enabled && agent.S3CredentialsSecret.Length > 0
            ? SecretKeys.Aws.Select(key => new WiredCredential(key, new SecretKeyReference(agent.S3CredentialsSecret, key)))
            : [];

    /// <summary>
    /// backup: preStop with keys from a Secret: the agent's own container mounts them for its
    /// preStop hook, where the agent process can read them too.
    /// </summary>
    public static bool MountsS3KeysInAgent(ResolvedAgent agent) =>
        agent.S3 is { Enabled: true, Backup: BackupMode.PreStop } && agent.S3CredentialsSecret.Length > 0;

    /// <summary>The pod's annotations: the user's, then the function's config hash.</summary>
    public static Dictionary<string, string> PodAnnotations(ResolvedAgent agent, string configHash)
    {
        var annotations = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in agent.Definition.PodAnnotations) annotations[key] = value;
        annotations[AgentObjects.ConfigHashAnnotation] = configHash;
        return annotations;
    }

    public const int HttpsPort = 443;
    public const int DnsPort = 53;

    /// <summary>Egress to a URL's port and, for an IP address, its one-address CIDR (null: any destination).</summary>
    public sealed record Egress(int Port, string? Cidr);

    /// <summary>
    /// A URL's host and port, when it needs a rule of its own. An IP address becomes a CIDR of
    /// that one address; a host name cannot be expressed in a NetworkPolicy (peers are pods,
    /// namespaces or CIDRs), so its port is allowed to any destination. Port 443 is already
    /// allowed; an empty or unparsable URL adds nothing (validation reports it).
    /// </summary>
    public static Egress? EgressTo(string? url)
    {
        if (string.IsNullOrEmpty(url) || !Uri.TryCreate(url, UriKind.Absolute, out var uri)) return null;
        // Uri.Port is the scheme's default (80, 443) when the URL names none.
        if (uri.Port == HttpsPort) return null;
        if (!System.Net.IPAddress.TryParse(uri.DnsSafeHost, out var address)) return new Egress(uri.Port, null);
        var bits = address.AddressFamily == AddressFamily.InterNetworkV6 ? 128 : 32;
        return new Egress(uri.Port, $"{address}/{bits}");
    }

    /// <summary>The S3 endpoint's egress; none with S3 off or no endpoint (AWS over HTTPS).</summary>
    public static Egress? S3EgressOf(ResolvedAgent agent) => agent.S3.Enabled ? EgressTo(agent.S3.Endpoint) : null;

    /// <summary>The STT server's egress (stt.baseUrl), while [stt] is written.</summary>
    public static Egress? SttEgressOf(ResolvedAgent agent) => agent.Definition.Stt.Enabled ? EgressTo(agent.Definition.Stt.BaseUrl) : null;
}
