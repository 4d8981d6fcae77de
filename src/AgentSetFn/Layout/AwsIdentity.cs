using AgentSetFn.Api;

namespace AgentSetFn.Layout;

/// <summary>
/// How the restore and backup containers reach the agent's AWS role without keys
/// (<see cref="StorageIdentity"/>): a projected ServiceAccount token for the mode's audience,
/// mounted only into those containers, and the variables the AWS CLI reads it by. The function
/// wires this itself instead of leaving it to EKS's mutating webhook, which would give the token
/// to every container of the pod, the agent's too; the pod's skip-containers annotation names
/// every container, so the webhook adds nothing. The Deployment, the NetworkPolicy and
/// validation read these facts.
/// </summary>
internal static class AwsIdentity
{
    /// <summary>The projected token's volume: not the webhook's own name (aws-iam-token), so the two can never clash.</summary>
    public const string TokenVolume = "aws-identity-token";

    /// <summary>The webhook's pod annotation: the containers it must leave alone, comma-separated.</summary>
    public const string SkipContainersAnnotation = "eks.amazonaws.com/skip-containers";

    /// <summary>The ServiceAccount annotation IRSA reads the role from.</summary>
    public const string RoleArnAnnotation = "eks.amazonaws.com/role-arn";

    /// <summary>The webhook's default lifetime; the kubelet refreshes a projected token well before it ends.</summary>
    public const long TokenExpirationSeconds = 86_400;

    /// <summary>Where the token is mounted, its file there, and the audience it is issued for.</summary>
    public sealed record Token(string Directory, string File, string Audience)
    {
        public string FilePath => $"{Directory}/{File}";
    }

    /// <summary>IRSA: the CLI exchanges the token with STS (AssumeRoleWithWebIdentity) over HTTPS.</summary>
    public static readonly Token IrsaToken = new("/var/run/secrets/eks.amazonaws.com/serviceaccount", "token", "sts.amazonaws.com");

    /// <summary>Pod Identity: the CLI hands the token to the node's EKS Pod Identity Agent.</summary>
    public static readonly Token PodIdentityToken = new("/var/run/secrets/pods.eks.amazonaws.com/serviceaccount", "eks-pod-identity-token", "pods.eks.amazonaws.com");

    /// <summary>The EKS Pod Identity Agent: a link-local address on every node, plain HTTP on port 80.</summary>
    public const string PodIdentityAgentAddress = "169.254.170.23";
    public const int PodIdentityAgentPort = 80;
    public static readonly string PodIdentityCredentialsUri = $"http://{PodIdentityAgentAddress}/v1/credentials";

    /// <summary>The first AWS CLI v2 release whose container credential provider reads a token file (and trusts the agent's address).</summary>
    public static readonly Version PodIdentityMinimumCli = new(2, 15, 0);

    /// <summary>The mount directories, reserved whatever the agent's settings (as the Secrets' directories are).</summary>
    public static readonly IReadOnlyList<string> TokenDirectories = [IrsaToken.Directory, PodIdentityToken.Directory];

    public static Token TokenOf(StorageIdentityMode mode) => mode == StorageIdentityMode.Irsa ? IrsaToken : PodIdentityToken;

    /// <summary>What the AWS CLI reads in the restore and backup containers: the token file, and the role or the agent's URI.</summary>
    public static IEnumerable<(string Name, string Value)> Variables(ResolvedAgent agent)
    {
        if (agent.StorageIdentity is not { } identity) yield break;
        var token = TokenOf(identity.Mode);
        if (identity.Mode == StorageIdentityMode.Irsa)
        {
            // Validation requires the ARN with IRSA.
            yield return ("AWS_ROLE_ARN", identity.RoleArn ?? "");
            yield return ("AWS_WEB_IDENTITY_TOKEN_FILE", token.FilePath);
            // Names the agent in CloudTrail; the CLI would make up a random one.
            yield return ("AWS_ROLE_SESSION_NAME", agent.Name);
        }
        else
        {
            yield return ("AWS_CONTAINER_CREDENTIALS_FULL_URI", PodIdentityCredentialsUri);
            yield return ("AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE", token.FilePath);
        }
    }

    /// <summary>The variables the function sets for the identity; the agent's env may not set them (the agent never gets the token).</summary>
    public static readonly IReadOnlyList<string> VariableNames =
        ["AWS_ROLE_ARN", "AWS_WEB_IDENTITY_TOKEN_FILE", "AWS_ROLE_SESSION_NAME", "AWS_CONTAINER_CREDENTIALS_FULL_URI", "AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE"];

    /// <summary>The Pod Identity Agent's egress (port 80 to its one address); none with IRSA (STS is HTTPS, already allowed).</summary>
    public static PodLayout.Egress? EgressOf(ResolvedAgent agent) =>
        agent.StorageIdentity is { Mode: StorageIdentityMode.PodIdentity } ? new PodLayout.Egress(PodIdentityAgentPort, $"{PodIdentityAgentAddress}/32") : null;
}
