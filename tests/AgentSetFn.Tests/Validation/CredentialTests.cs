using AgentSetFn.Tests.Support;
using static AgentSetFn.Tests.Support.Output;

namespace AgentSetFn.Tests.Validation;

/// <summary>
/// The credentials the function wires for openab and for the backup stay theirs: a secretEnv
/// that hands one of them to an agent is an error; a URL's credentials (user info, query,
/// fragment) never appear in any message; the preStop backup's mounted keys are warned about.
/// </summary>
public class CredentialTests
{
    private const string Token = "MTIzNDU2Nzg5MDEyMzQ1Njc4.credentials.DO-NOT-ECHO";
    private const string Credential = "AKIAIOSFODNN7EXAMPLE-credential-NEVER-ECHOED";

    private static string Set(params string[] agents) => AgentSetYaml.Team("", agents);

    private static string SecretEnv(string secret, string key) => $"secretEnv: [{{name: COPY, secretName: {secret}, secretKey: {key}}}]";

    public static TheoryData<string, string, string> PointingAtCredentials => new()
    {
        // name, AgentSet, expected field path | message fragment
        { "its own inline Discord token", Set($"kiro: {{command: kiro-cli, discord: {{botToken: {Token}}}, {SecretEnv("team-kiro", "discord-bot-token")}}}"),
            "spec.agents.kiro.secretEnv[0]|the Discord bot token of agent `kiro`" },
        { "its Discord token's Secret", Set($"kiro: {{command: kiro-cli, discord: {{botTokenSecretRef: {{name: discord, key: token}}}}, {SecretEnv("discord", "token")}}}"),
            "spec.agents.kiro.secretEnv[0]|the Discord bot token of agent `kiro`" },
        { "its Discord token's ExternalSecret target",
            Set($"kiro: {{command: kiro-cli, discord: {{botTokenExternalSecret: {{secretStoreRef: {{name: vault}}, remoteKey: k}}}}, {SecretEnv("team-kiro-discord", "discord-bot-token")}}}"),
            "spec.agents.kiro.secretEnv[0]|the Discord bot token of agent `kiro`" },
        { "another agent's Discord token",
            Set($"a: {{command: kiro-cli, discord: {{botTokenSecretRef: {{name: d, key: t}}}}, {SecretEnv("discord-b", "token")}}}",
                "b: {command: kiro-cli, discord: {botTokenSecretRef: {name: discord-b, key: token}}}"),
            "spec.agents.a.secretEnv[0]|the Discord bot token of agent `b`" },
        { "its Slack app token",
            Set($"kiro: {{command: kiro-cli, slack: {{enabled: true, botTokenSecretRef: {{name: slack, key: bot}}, appTokenSecretRef: {{name: slack, key: app}}}}, {SecretEnv("slack", "app")}}}"),
            "spec.agents.kiro.secretEnv[0]|the Slack app token of agent `kiro`" },
        { "its inline Slack bot token",
            Set($"kiro: {{command: kiro-cli, slack: {{enabled: true, botToken: {Token}, appToken: {Token}}}, {SecretEnv("team-kiro", "slack-bot-token")}}}"),
            "spec.agents.kiro.secretEnv[0]|the Slack bot token of agent `kiro`" },
        { "the S3 secret key",
            Set($"kiro: {{command: kiro-cli, discord: {{botTokenSecretRef: {{name: d, key: t}}}}, persistence: {{s3: {{enabled: true, bucket: state, credentialsSecret: s3-keys}}}}, {SecretEnv("s3-keys", "AWS_SECRET_ACCESS_KEY")}}}"),
            "spec.agents.kiro.secretEnv[0]|the S3 keys of agent `kiro`" },
        { "the S3 key id of another agent",
            Set($"a: {{command: kiro-cli, discord: {{botTokenSecretRef: {{name: d, key: t}}}}, {SecretEnv("s3-keys", "AWS_ACCESS_KEY_ID")}}}",
                "b: {command: kiro-cli, discord: {botTokenSecretRef: {name: d, key: t}}, persistence: {s3: {enabled: true, bucket: state, credentialsSecret: s3-keys}}}"),
            "spec.agents.a.secretEnv[0]|the S3 keys of agent `b`" },
        { "the S3 keys' ExternalSecret target",
            Set($"kiro: {{command: kiro-cli, discord: {{botTokenSecretRef: {{name: d, key: t}}}}, persistence: {{s3: {{enabled: true, bucket: state, credentialsExternalSecret: {{secretStoreRef: {{name: vault}}, remoteKey: k}}}}}}, {SecretEnv("team-kiro-s3", "AWS_ACCESS_KEY_ID")}}}"),
            "spec.agents.kiro.secretEnv[0]|the S3 keys of agent `kiro`" },
        // A whole Secret: every key reaches openab's environment (envFrom) or a file (volumes).
        { "envFrom of the Discord token's Secret",
            Set("kiro: {command: kiro-cli, discord: {botTokenSecretRef: {name: discord-tokens, key: kiro}}, envFrom: [{secretRef: {name: discord-tokens}}], inheritEnv: [kiro]}"),
            "spec.agents.kiro.envFrom[0]|the Discord bot token of agent `kiro`" },
        { "a volume of the S3 keys' Secret",
            Set("kiro: {command: kiro-cli, discord: {botTokenSecretRef: {name: d, key: t}}, persistence: {s3: {enabled: true, bucket: state, credentialsSecret: agent-s3}}, volumes: [{name: keys, mountPath: /srv/keys, source: {secret: {secretName: agent-s3}}}]}"),
            "spec.agents.kiro.volumes[0]|the S3 keys of agent `kiro`" },
        { "an extra volume projecting another agent's token",
            Set("a: {command: kiro-cli, discord: {botTokenSecretRef: {name: d, key: t}}, extraVolumes: [{name: p, projected: {sources: [{secret: {name: discord-b}}]}}]}",
                "b: {command: kiro-cli, discord: {botTokenSecretRef: {name: discord-b, key: token}}}"),
            "spec.agents.a.extraVolumes[0]|the Discord bot token of agent `b`" },
    };

    [Theory]
    [MemberData(nameof(PointingAtCredentials))]
    public void A_secretEnv_that_hands_the_agent_a_wired_credential_is_an_error(string name, string yaml, string expected)
    {
        ErrorResults.AssertRefused(FunctionRunner.RunKrm(yaml), expected, name, Token);
    }

    [Fact]
    public void A_secretEnv_from_another_key_of_the_same_Secret_is_fine()
    {
        var run = FunctionRunner.RunKrm(Set(
            $"kiro: {{command: kiro-cli, discord: {{botTokenSecretRef: {{name: shared, key: token}}}}, persistence: {{s3: {{enabled: true, bucket: state, credentialsSecret: shared}}}}, {SecretEnv("shared", "api-key")}}}"));
        Assert.True(run.ExitCode == 0, run.Output);
    }

    public static TheoryData<string, string, string, string> CredentialsInUrls => new()
    {
        // name, the agent's fields, expected field path | message fragment, what the message shows
        { "endpoint with a presigned query", $"persistence: {{s3: {{enabled: true, bucket: state, endpoint: 'http://minio:9000/?X-Amz-Credential={Credential}&X-Amz-Signature=abc'}}}}",
            "spec.agents.kiro.persistence.s3.endpoint|without a path, query, fragment or credentials", "`http://minio:9000/`" },
        { "endpoint with a fragment", $"persistence: {{s3: {{enabled: true, bucket: state, endpoint: 'http://minio:9000/#{Credential}'}}}}",
            "spec.agents.kiro.persistence.s3.endpoint|without a path, query, fragment or credentials", "`http://minio:9000/`" },
        { "endpoint with user info", $"persistence: {{s3: {{enabled: true, bucket: state, endpoint: 'http://key:{Credential}@minio:9000'}}}}",
            "spec.agents.kiro.persistence.s3.endpoint|without a path, query, fragment or credentials", "`http://minio:9000/`" },
        { "endpoint with an unencoded '#' in its password", $"persistence: {{s3: {{enabled: true, bucket: state, endpoint: 'http://key:{Credential}#x@minio:9000'}}}}",
            "spec.agents.kiro.persistence.s3.endpoint|without a path, query, fragment or credentials", "the endpoint" },
        { "endpoint that is no URL but holds an '@'", $"persistence: {{s3: {{enabled: true, bucket: state, endpoint: 'key:{Credential}@minio'}}}}",
            "spec.agents.kiro.persistence.s3.endpoint|without a path, query, fragment or credentials", "the endpoint" },
        { "workspace with a token in the query", $"workspace: {{repo: 'https://github.com/o/r.git?access_token={Credential}'}}",
            "spec.agents.kiro.workspace.repo|without credentials, query or fragment", "`https://github.com/o/r.git`" },
        { "workspace with a token in the fragment", $"workspace: {{repo: 'https://github.com/o/r.git#{Credential}'}}",
            "spec.agents.kiro.workspace.repo|without credentials, query or fragment", "`https://github.com/o/r.git`" },
        { "workspace with a token as user info", $"workspace: {{repo: 'https://x:{Credential}@github.com/o/r.git'}}",
            "spec.agents.kiro.workspace.repo|without credentials, query or fragment", "`https://github.com/o/r.git`" },
        // ftp and a few other schemes keep '?' in the path when parsed: nothing of it is shown.
        { "workspace of a scheme whose query the parser keeps in the path", $"workspace: {{repo: 'ftp://u:{Credential}@github.com/o/r?tok={Credential}#{Credential}'}}",
            "spec.agents.kiro.workspace.repo|without credentials, query or fragment", "the repository URL" },
        { "endpoint of a scheme whose query the parser keeps in the path", $"persistence: {{s3: {{enabled: true, bucket: state, endpoint: 'ftp://minio:9000/p?q={Credential}'}}}}",
            "spec.agents.kiro.persistence.s3.endpoint|without a path, query, fragment or credentials", "the endpoint" },
    };

    [Theory]
    [MemberData(nameof(CredentialsInUrls))]
    public void A_URL_with_credentials_is_an_error_that_never_shows_them(string name, string fields, string expected, string shown)
    {
        var run = FunctionRunner.RunKrm(Set($"kiro: {{command: kiro-cli, discord: {{botTokenSecretRef: {{name: d, key: t}}}}, {fields}}}"));
        Assert.Empty(ErrorResults.AssertErrorAt(run, expected, name).Items);
        var message = new Output(run.Output).ResultsOf("error").Select(e => Str(e, "message")!)
            .First(m => m.Contains(expected.Split('|')[1], StringComparison.Ordinal));
        Assert.Contains(shown, message, StringComparison.Ordinal);
        Assert.DoesNotContain(Credential, run.Output + run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Two_agents_at_an_endpoint_with_credentials_are_reported_without_them()
    {
        var s3 = $"persistence: {{s3: {{enabled: true, bucket: state, prefix: p, endpoint: 'http://minio:9000/?X-Amz-Credential={Credential}'}}}}";
        var run = FunctionRunner.RunKrm(Set(
            $"a: {{command: kiro-cli, discord: {{botTokenSecretRef: {{name: d, key: t}}}}, {s3}}}",
            $"b: {{command: kiro-cli, discord: {{botTokenSecretRef: {{name: d, key: t}}}}, {s3}}}"));
        Assert.Empty(ErrorResults.AssertErrorAt(run, "spec.agents.b.persistence.s3|agents `a` and `b`", "shared endpoint").Items);
        Assert.DoesNotContain(Credential, run.Output + run.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("credentialsSecret: s3-keys")]
    [InlineData("credentialsExternalSecret: {secretStoreRef: {name: vault}, remoteKey: k}")]
    public void A_preStop_backup_warns_that_the_agent_can_read_the_S3_keys(string credentials)
    {
        var run = FunctionRunner.RunKrm(Set(
            $"kiro: {{command: kiro-cli, discord: {{botTokenSecretRef: {{name: d, key: t}}}}, persistence: {{s3: {{enabled: true, bucket: state, backup: preStop, {credentials}}}}}}}"));
        Assert.True(run.ExitCode == 0, run.Output);
        var warnings = new Output(run.Output).ResultsOf("warning").ToList();
        Assert.Contains(warnings, w => Str(w, "field", "path") == "spec.agents.kiro.persistence.s3.backup"
            && Str(w, "message")!.Contains("the agent process can read them", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("backup: sidecar, credentialsSecret: s3-keys")]
    [InlineData("backup: preStop")]
    public void No_such_warning_when_the_agent_gets_no_keys(string fields)
    {
        var run = FunctionRunner.RunKrm(Set(
            $"kiro: {{command: kiro-cli, discord: {{botTokenSecretRef: {{name: d, key: t}}}}, persistence: {{s3: {{enabled: true, bucket: state, {fields}}}}}}}"));
        Assert.True(run.ExitCode == 0, run.Output);
        Assert.DoesNotContain(new Output(run.Output).ResultsOf("warning"), w => Str(w, "field", "path") == "spec.agents.kiro.persistence.s3.backup");
    }
}
