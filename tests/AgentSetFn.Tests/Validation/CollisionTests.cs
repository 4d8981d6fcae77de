using AgentSetFn.Api;
using KrmFn;
using AgentSetFn.Layout;
using AgentSetFn.Rendering;
using AgentSetFn.Tests.Support;
using YamlDotNet.RepresentationModel;
using static AgentSetFn.Tests.Support.Output;

namespace AgentSetFn.Tests.Validation;

/// <summary>
/// Two agents of one AgentSet never share a login store or a generated object: an S3 location
/// that is the same as another agent's or contains it (after spec.defaults and the default
/// prefix), and a kind/namespace/name rendered or written twice, are errors naming both agents.
/// </summary>
public class CollisionTests
{
    private const string Token = "MTIzNDU2Nzg5MDEyMzQ1Njc4.collision.DO-NOT-ECHO";

    private static string Set(string defaults, params string[] agents) => AgentSetYaml.Team(defaults, agents);

    private const string Discord = "discord: {botTokenSecretRef: {name: discord, key: token}}";

    /// <summary>An agent `name` with the given fields, and a Discord token from a Secret unless they set discord.</summary>
    private static string Agent(string name, string fields = "") =>
        $"{name}: {{command: kiro-cli" + (fields.StartsWith("discord:", StringComparison.Ordinal) ? "" : ", " + Discord)
        + (fields.Length == 0 ? "" : ", " + fields) + "}";

    private static string S3(string fields) => $"persistence: {{s3: {{enabled: true, {fields}}}}}";

    public static TheoryData<string, string, string> Overlapping => new()
    {
        // name, AgentSet, expected field path | message fragment
        { "same prefix from spec.defaults", Set(S3("bucket: state, prefix: shared"), Agent("a"), Agent("b")),
            "spec.agents.b.persistence.s3|agents `a` and `b`" },
        { "explicit prefix equal to another's default", Set("", Agent("a", S3("bucket: state")), Agent("b", S3("bucket: state, prefix: team/a"))),
            "spec.agents.b.persistence.s3|agents `a` and `b`" },
        { "trailing and leading slashes", Set("", Agent("a", S3("bucket: state, prefix: /x/y/")), Agent("b", S3("bucket: state, prefix: x/y"))),
            "spec.agents.b.persistence.s3|the same place" },
        { "one prefix inside the other", Set("", Agent("a", S3("bucket: state, prefix: team")), Agent("b", S3("bucket: state, prefix: team/b"))),
            "spec.agents.b.persistence.s3|inside" },
        { "the outer prefix written second", Set("", Agent("a", S3("bucket: state, prefix: team/a/inner")), Agent("b", S3("bucket: state, prefix: team/a"))),
            "spec.agents.b.persistence.s3|contains" },
        { "two levels down", Set("", Agent("a", S3("bucket: state, prefix: team")), Agent("b", S3("bucket: state, prefix: other")), Agent("c", S3("bucket: state, prefix: team/q/r"))),
            "spec.agents.c.persistence.s3|agents `a` and `c` keep their logins one inside the other: s3://state/team/q/r (`c`) is inside s3://state/team (`a`)" },
        { "two levels up", Set("", Agent("a", S3("bucket: state, prefix: team/q/r")), Agent("b", S3("bucket: state, prefix: team"))),
            "spec.agents.b.persistence.s3|s3://state/team (`b`) contains s3://state/team/q/r (`a`)" },
        { "endpoint spelt differently", Set("", Agent("a", S3("bucket: state, prefix: p, endpoint: 'http://MinIO.example:9000/'")),
                Agent("b", S3("bucket: state, prefix: p, endpoint: 'http://minio.example:9000'"))),
            "spec.agents.b.persistence.s3|agents `a` and `b`" },
        { "default port written out", Set("", Agent("a", S3("bucket: state, prefix: p, endpoint: 'https://minio.example'")),
                Agent("b", S3("bucket: state, prefix: p, endpoint: 'https://minio.example:443'"))),
            "spec.agents.b.persistence.s3|agents `a` and `b`" },
        { "AWS with and without its regional endpoint", Set("", Agent("a", S3("bucket: state, region: eu-west-1, prefix: p")),
                Agent("b", S3("bucket: state, region: eu-west-1, prefix: p, endpoint: 'https://s3.eu-west-1.amazonaws.com'"))),
            "spec.agents.b.persistence.s3|agents `a` and `b`" },
        { "one claim as two homes", Set("persistence: {existingClaim: homes}", Agent("a"), Agent("b")),
            "spec.agents.b.persistence.existingClaim|agents `a` and `b` both mount PersistentVolumeClaim `homes`" },
        { "three agents, one place", Set(S3("bucket: state, prefix: shared"), Agent("a"), Agent("b"), Agent("c")),
            "spec.agents.c.persistence.s3|agents `a` and `c`" },
    };

    [Theory]
    [MemberData(nameof(Overlapping))]
    public void Agents_whose_logins_share_an_S3_location_are_an_error_naming_both(string name, string yaml, string expected)
    {
        var run = FunctionRunner.RunKrm(yaml);
        Assert.Empty(ErrorResults.AssertErrorAt(run, expected, name).Items);
    }

    public static TheoryData<string, string> Apart => new()
    {
        { "different buckets", Set(S3("prefix: shared"), Agent("a", S3("bucket: one")), Agent("b", S3("bucket: two"))) },
        { "different endpoints", Set(S3("bucket: state, prefix: shared"), Agent("a", S3("endpoint: 'http://minio-a:9000'")), Agent("b", S3("endpoint: 'http://minio-b:9000'"))) },
        { "different ports", Set(S3("bucket: state, prefix: shared"), Agent("a", S3("endpoint: 'http://minio:9000'")), Agent("b", S3("endpoint: 'http://minio:9001'"))) },
        // aws s3 sync lists s3://bucket/<prefix>/ with the slash: team/a never sees team/ab.
        { "a prefix that is a string prefix only", Set("", Agent("a", S3("bucket: state, prefix: team/a")), Agent("b", S3("bucket: state, prefix: team/ab"))) },
        // S3 keys are case-sensitive.
        { "prefixes that differ in case", Set("", Agent("a", S3("bucket: state, prefix: Team")), Agent("b", S3("bucket: state, prefix: team"))) },
        { "default prefixes", Set(S3("bucket: state"), Agent("a"), Agent("b")) },
        { "one inside the other, in another bucket", Set("", Agent("a", S3("bucket: one, prefix: team")), Agent("b", S3("bucket: two, prefix: team/b"))) },
        { "siblings", Set("", Agent("a", S3("bucket: state, prefix: team/q/a")), Agent("b", S3("bucket: state, prefix: team/q/b")), Agent("c", S3("bucket: state, prefix: team/r"))) },
        { "one agent without S3", Set("", Agent("a", S3("bucket: state, prefix: p")), Agent("b", "persistence: {s3: {enabled: false, bucket: state, prefix: p}}")) },
        { "a disabled agent", Set(S3("bucket: state, prefix: shared"), Agent("a"), Agent("b", "enabled: false")) },
    };

    [Theory]
    [MemberData(nameof(Apart))]
    public void Agents_with_their_own_S3_locations_are_fine(string name, string yaml)
    {
        var run = FunctionRunner.RunKrm(yaml);
        Assert.True(run.ExitCode == 0, $"{name}: expected success, got {run.ExitCode}\n{run.Output}");
    }

    public static TheoryData<string, string, string> Clashing => new()
    {
        // Agent x's ExternalSecret writes Secret team-x-discord; agent x-discord's inline token
        // renders its own Secret team-x-discord.
        { "ExternalSecret target and an inline token's Secret",
            Set("", Agent("x", "discord: {botTokenExternalSecret: {secretStoreRef: {name: vault}, remoteKey: k}}"),
                $"x-discord: {{command: kiro-cli, discord: {{botToken: {Token}}}}}"),
            "spec.agents.x-discord|Secret `team-x-discord`" },
        { "S3 ExternalSecret target and an inline token's Secret",
            Set("", Agent("x", S3("bucket: state, credentialsExternalSecret: {secretStoreRef: {name: vault}, remoteKey: k}")),
                $"x-s3: {{command: kiro-cli, discord: {{botToken: {Token}}}}}"),
            "spec.agents.x-s3|Secret `team-x-s3`" },
        { "an inline Slack token's Secret and an ExternalSecret target",
            Set("", Agent("x", "discord: {botTokenExternalSecret: {secretStoreRef: {name: vault}, remoteKey: k}}"),
                $"y: {{command: kiro-cli, nameOverride: team-x-discord, slack: {{enabled: true, botToken: {Token}, appToken: {Token}}}}}"),
            "spec.agents.y|agents `x` and `y` both write Secret `team-x-discord`" },
        { "nameOverride equal to another agent's name",
            Set("", Agent("a", "nameOverride: team-b"), Agent("b")),
            "spec.agents.b|agents `a` and `b` both write ConfigMap `team-b` and Deployment `team-b`" },
        { "nameOverride: every kind of object twice",
            Set("networkPolicy: {enabled: true}, discord: {botTokenExternalSecret: {secretStoreRef: {name: vault}, remoteKey: k}}, "
                    + S3("bucket: state, credentialsExternalSecret: {secretStoreRef: {name: vault}, remoteKey: k}"),
                "a: {command: kiro-cli, nameOverride: team-b, persistence: {s3: {prefix: a}}}", "b: {command: kiro-cli}"),
            "spec.agents.b|both write ConfigMap `team-b`, Deployment `team-b`, NetworkPolicy `team-b`, ExternalSecret `team-b-discord`, "
                + "Secret `team-b-discord`, ExternalSecret `team-b-s3` and Secret `team-b-s3`" },
    };

    [Theory]
    [MemberData(nameof(Clashing))]
    public void Generated_objects_that_collide_with_each_other_are_an_error_naming_both_agents(string name, string yaml, string expected)
    {
        ErrorResults.AssertRefused(FunctionRunner.RunKrm(yaml), expected, name, Token);
    }

    [Fact]
    public void One_error_per_pair_of_agents()
    {
        var run = FunctionRunner.RunKrm(Set("", Agent("a", "nameOverride: team-b, networkPolicy: {enabled: true}"), Agent("b", "networkPolicy: {enabled: true}")));
        var errors = new Output(run.Output).ResultsOf("error").ToList();
        Assert.Single(errors, e => Str(e, "message")!.Contains("agents `a` and `b`", StringComparison.Ordinal));
    }

    public static TheoryData<string> Fixtures => [.. Repo.FixtureNames];

    /// <summary>The names the collision check compares are those of the objects rendered, in every fixture.</summary>
    [Theory]
    [MemberData(nameof(Fixtures))]
    public void What_an_agent_writes_is_what_it_renders(string fixture)
    {
        var document = Output.Documents(FunctionRunner.Fixture(fixture))[0];
        var rendering = AgentSetFunction.ReadAndValidate(document, new SourceLocation("agentset.yaml", 0));
        Assert.False(rendering.Failed);
        foreach (var agent in rendering.Agents)
        {
            var rendered = rendering.Objects.Where(o => o.Agent == agent.Key).SelectMany(o =>
            {
                var json = System.Text.Json.JsonSerializer.SerializeToElement(o.Model, o.TypeInfo);
                (string, string) written = (o.Kind, json.GetProperty("metadata").GetProperty("name").GetString()!);
                return o.Kind == ExternalSecretRenderer.Kind
                    ? [written, ("Secret", json.GetProperty("spec").GetProperty("target").GetProperty("name").GetString()!)]
                    : new[] { written };
            });
            Assert.Equal(rendered, AgentObjects.Writes(agent));
        }
    }
}
