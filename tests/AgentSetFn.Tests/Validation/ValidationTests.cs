using AgentSetFn.Tests.Support;
using static AgentSetFn.Tests.Support.Output;

namespace AgentSetFn.Tests.Validation;

/// <summary>
/// Each mistake a user can make in an AgentSet is an error result naming the field and file,
/// with exit 1 and nothing rendered; several mistakes are all reported at once.
/// </summary>
public class ValidationTests
{
    private const string Token = "MTIzNDU2Nzg5MDEyMzQ1Njc4.secret-hygiene.DO-NOT-ECHO";

    // One agent with every field the cases below edit; {0} is replaced by the case's agent body.
    private const string Template = """
        apiVersion: agentset.dev/v1alpha1
        kind: AgentSet
        metadata: {name: team}
        spec:
          agents:
            kiro:
        {0}
        """;

    private const string ValidAgent = """
              command: kiro-cli
              discord:
                botToken: @@TOKEN@@
                allowedChannels: ["123456789012345678"]
              pool: {maxSessions: 10, sessionTtlHours: 24}
              persistence:
                s3: {enabled: true, bucket: team-state, region: eu-west-1}
        """;

    public static TheoryData<string, string, string, string> Cases => new()
    {
        // name, replace this, with this, expected field path | message fragment
        { "typo in a field", "maxSessions: 10", "maxSesions: 10", "spec.agents.kiro.pool.maxSesions|did you mean `maxSessions`?" },
        { "count is not a number", "maxSessions: 10", "maxSessions: ten", "spec.agents.kiro.pool.maxSessions|must be an integer" },
        { "count is zero", "maxSessions: 10", "maxSessions: 0", "spec.agents.kiro.pool.maxSessions|between 1 and 1000" },
        { "negative TTL", "sessionTtlHours: 24", "sessionTtlHours: -1", "spec.agents.kiro.pool.sessionTtlHours|between 1" },
        { "boolean as string", "enabled: true", "enabled: \"true\"", "spec.agents.kiro.persistence.s3.enabled|must be a boolean" },
        { "both token forms", "botToken: @@TOKEN@@", "botToken: @@TOKEN@@\n        botTokenSecretRef: {name: d, key: t}", "spec.agents.kiro.discord|not both" },
        { "no token at all", "botToken: @@TOKEN@@", "allowedUsers: []", "spec.agents.kiro.discord|needs the bot token" },
        { "secret ref without key", "botToken: @@TOKEN@@", "botTokenSecretRef: {name: discord}", "spec.agents.kiro.discord.botTokenSecretRef.key|is required" },
        { "channel id mangled to a float", "[\"123456789012345678\"]", "[1.2345678901234568e+17]", "spec.agents.kiro.discord.allowedChannels[0]|lost its digits" },
        { "channel id too short", "[\"123456789012345678\"]", "[\"12345\"]", "spec.agents.kiro.discord.allowedChannels[0]|17 to 20 digits" },
        { "bucket missing", "bucket: team-state", "bucket: \"\"", "spec.agents.kiro.persistence.s3.bucket|is required" },
        { "bucket invalid", "bucket: team-state", "bucket: Team_State", "spec.agents.kiro.persistence.s3.bucket|not a valid bucket name" },
        { "endpoint not a URL", "region: eu-west-1", "endpoint: minio:9000", "spec.agents.kiro.persistence.s3.endpoint|http(s) URL" },
        { "absolute path", "region: eu-west-1}", "region: eu-west-1}\n        paths: [/etc/passwd]", "spec.agents.kiro.persistence.paths[0]|relative to $HOME" },
        { "path escapes home", "region: eu-west-1}", "region: eu-west-1}\n        paths: [../x]", "spec.agents.kiro.persistence.paths[0]|'..'" },
        { "path injects a command", "region: eu-west-1}", "region: eu-west-1}\n        paths: ['a\"; curl x | sh']", "spec.agents.kiro.persistence.paths[0]|not allowed" },
        { "unknown CLI without paths", "command: kiro-cli", "command: my-cli", "spec.agents.kiro.persistence.paths|no default paths" },
        { "invalid env name", "command: kiro-cli", "command: kiro-cli\n      env: {1BAD: x}", "spec.agents.kiro.env.1BAD|not a valid environment variable name" },
        { "token in env", "command: kiro-cli", "command: kiro-cli\n      env: {DISCORD_BOT_TOKEN: x}", "spec.agents.kiro.env.DISCORD_BOT_TOKEN|must not reach" },
        { "S3 key in secretEnv", "command: kiro-cli", "command: kiro-cli\n      secretEnv: [{name: AWS_SECRET_ACCESS_KEY, secretName: s3, secretKey: k}]", "spec.agents.kiro.secretEnv[0].name|must not reach" },
        { "secretEnv collides with env", "command: kiro-cli", "command: kiro-cli\n      env: {API_KEY: x}\n      secretEnv: [{name: API_KEY, secretName: s, secretKey: k}]", "spec.agents.kiro.secretEnv[0].name|also exists in env" },
        { "bad quantity", "command: kiro-cli", "command: kiro-cli\n      resources: {limits: {memory: 500x}}", "spec.agents.kiro.resources.limits.memory|not a Kubernetes quantity" },
        { "bad toleration shape", "command: kiro-cli", "command: kiro-cli\n      tolerations: [{key: a, operater: Exists}]", "spec.agents.kiro.tolerations|not a valid Kubernetes list of tolerations" },
        { "bad image", "command: kiro-cli", "command: kiro-cli\n      image: {repository: 'Not An Image', tag: '1.0'}", "spec.agents.kiro.image.repository|not a valid image repository" },
        { "unknown backup mode", "region: eu-west-1}", "region: eu-west-1, backup: cron}", "spec.agents.kiro.persistence.s3.backup|`sidecar` (default) or `preStop`" },
    };

    private static string AgentSet(string body) => Template.Replace("{0}", body, StringComparison.Ordinal).Replace("@@TOKEN@@", Token, StringComparison.Ordinal);

    [Fact]
    public void The_base_agent_of_the_table_is_valid()
    {
        Assert.Equal(0, FunctionRunner.RunKrm(AgentSet(ValidAgent)).ExitCode);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void A_mistake_is_an_error_naming_field_and_file_and_nothing_is_rendered(string name, string find, string replace, string expected)
    {
        Assert.Contains(find, ValidAgent, StringComparison.Ordinal);
        var yaml = AgentSet(ValidAgent.Replace(find, replace, StringComparison.Ordinal));
        var run = FunctionRunner.RunKrm(yaml);

        Assert.True(run.ExitCode == 1, $"{name}: expected exit 1, got {run.ExitCode}\n{run.Output}");
        var output = new Output(run.Output);
        Assert.Empty(output.Items);
        var (field, message) = (expected.Split('|')[0], expected.Split('|')[1]);
        var errors = output.ResultsOf("error").ToList();
        Assert.True(errors.Any(e => Str(e, "field", "path") == field && Str(e, "message")!.Contains(message, StringComparison.Ordinal)),
            $"{name}: no error at {field} containing '{message}'; got:\n{string.Join("\n", errors.Select(e => $"{Str(e, "field", "path")}: {Str(e, "message")}"))}");
        Assert.All(errors, e => Assert.Equal("agentset.yaml", Str(e, "file", "path")));
        // Secret hygiene: the inline token never appears in results or stderr.
        Assert.DoesNotContain(Token, run.Output.Replace(yaml, "", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.DoesNotContain(Token, run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_problem_is_reported_at_once()
    {
        var yaml = AgentSet(ValidAgent
            .Replace("maxSessions: 10", "maxSessions: ten", StringComparison.Ordinal)
            .Replace("bucket: team-state", "bucket: \"\"", StringComparison.Ordinal)
            .Replace("[\"123456789012345678\"]", "[\"1\"]", StringComparison.Ordinal));
        var errors = new Output(FunctionRunner.RunKrm(yaml).Output).ResultsOf("error").Select(e => Str(e, "field", "path")).ToList();
        Assert.Contains("spec.agents.kiro.pool.maxSessions", errors);
        Assert.Contains("spec.agents.kiro.persistence.s3.bucket", errors);
        Assert.Contains("spec.agents.kiro.discord.allowedChannels[0]", errors);
    }

    [Theory]
    [InlineData("apiVersion: agentset.dev/v1\nkind: AgentSet\nmetadata: {name: a}\nspec: {agents: {}}", "apiVersion", "agentset.dev/v1alpha1")]
    [InlineData("apiVersion: agentset.dev/v1alpha1\nkind: AgentSet\nmetadata: {name: a}\nspec: {agents: {}}", "spec.agents", "at least one agent")]
    [InlineData("apiVersion: agentset.dev/v1alpha1\nkind: AgentSet\nmetadata: {name: a}\nspec: {agents: [kiro]}", "spec.agents", "must be a mapping")]
    [InlineData("apiVersion: agentset.dev/v1alpha1\nkind: AgentSet\nmetadata: {name: a}\n", "spec", "is required")]
    [InlineData("apiVersion: agentset.dev/v1alpha1\nkind: AgentSet\nmetadata: {}\nspec: {agents: {a: {}}}", "metadata.name", "is required")]
    [InlineData("apiVersion: agentset.dev/v1alpha1\nkind: AgentSet\nmetadata: {name: a}\nspec: {agents: {Kiro_1: {discord: {botTokenSecretRef: {name: d, key: t}}}}}", "spec.agents.Kiro_1", "DNS-1123")]
    [InlineData("apiVersion: agentset.dev/v1alpha1\nkind: AgentSet\nmetadata: {name: a-very-long-agentset-name-for-a-team}\nspec: {agents: {an-even-longer-agent-name-that-overflows: {discord: {botTokenSecretRef: {name: d, key: t}}}}}", "spec.agents.an-even-longer-agent-name-that-overflows", "characters; Kubernetes allows 63")]
    public void The_resource_shape_is_checked(string yaml, string field, string message)
    {
        var run = FunctionRunner.RunKrm(yaml);
        Assert.Equal(1, run.ExitCode);
        Assert.Contains(new Output(run.Output).ResultsOf("error"),
            e => Str(e, "field", "path") == field && Str(e, "message")!.Contains(message, StringComparison.Ordinal));
    }
}
