namespace AgentSetFn.Api;

/// <summary>
/// The keys under which Secrets hold the credentials the function wires. The AWS ones are also
/// the variable names the AWS CLI reads, so one name serves the Secret and the environment.
/// </summary>
internal static class SecretKeys
{
    public const string AwsAccessKeyId = "AWS_ACCESS_KEY_ID";
    public const string AwsSecretAccessKey = "AWS_SECRET_ACCESS_KEY";

    /// <summary>The two S3 keys, in the order the persistence containers read them.</summary>
    public static readonly IReadOnlyList<string> Aws = [AwsAccessKeyId, AwsSecretAccessKey];

    // The chart's key names in the agent's own Secret, so a Secret moved over from the chart keeps working.
    public const string DiscordBotToken = "discord-bot-token";
    public const string SlackBotToken = "slack-bot-token";
    public const string SlackAppToken = "slack-app-token";
    public const string SttApiKey = "stt-api-key";

    /// <summary>workspace.secretRef.key when left out.</summary>
    public const string WorkspaceToken = "GITHUB_TOKEN";
}
