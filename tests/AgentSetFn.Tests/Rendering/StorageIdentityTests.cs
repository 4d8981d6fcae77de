using AgentSetFn.Tests.Support;
using YamlDotNet.RepresentationModel;
using static AgentSetFn.Tests.Support.Output;

namespace AgentSetFn.Tests.Rendering;

/// <summary>
/// persistence.s3.serviceAccount: one ServiceAccount per agent, the pod runs as it, and only the
/// AWS CLI containers (restore, backup) get the projected token and the variables that name it;
/// the agent's container gets neither, and the EKS webhook is told to leave every container alone.
/// What the validation refuses, each error on its field.
/// </summary>
public sealed class StorageIdentityTests
{
    private const string AwsCli = "s3-restore,s3-backup";

    private static string Agent(string s3Lines, string agentLines = "") =>
        AgentSetYaml.HeadInNamespace + "  agents:\n    kiro:\n      command: kiro-cli\n" + AgentSetYaml.DiscordFromSecret + agentLines
        + "      persistence:\n        s3:\n          enabled: true\n          bucket: logins\n          region: eu-west-1\n" + s3Lines;

    private const string Irsa = "          serviceAccount: {identity: irsa, roleArn: \"arn:aws:iam::111122223333:role/team-kiro\"}\n";
    private const string PodIdentity = "          image: {tag: 2.15.0}\n          serviceAccount: {identity: podIdentity}\n";

    private static Output Rendered(string agentSet)
    {
        var run = FunctionRunner.RunKrm(agentSet);
        Assert.True(run.ExitCode == 0, run.Error + run.Output);
        return new Output(run.Output);
    }

    private static YamlMappingNode PodSpec(Output output) => (YamlMappingNode)Node(output.Single("Deployment", "team-kiro"), "spec", "template", "spec")!;

    private static IEnumerable<YamlMappingNode> Containers(YamlMappingNode pod) => Seq(pod, "initContainers").Concat(Seq(pod, "containers"));

    private static Dictionary<string, string> EnvOf(YamlMappingNode container) =>
        Seq(container, "env").ToDictionary(e => Str(e, "name")!, e => Str(e, "value") ?? "", StringComparer.Ordinal);

    [Theory]
    [InlineData(Irsa, "sts.amazonaws.com", "/var/run/secrets/eks.amazonaws.com/serviceaccount", "AWS_WEB_IDENTITY_TOKEN_FILE")]
    [InlineData(PodIdentity, "pods.eks.amazonaws.com", "/var/run/secrets/pods.eks.amazonaws.com/serviceaccount", "AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE")]
    public void Only_the_AWS_CLI_containers_get_the_token(string identity, string audience, string directory, string tokenVariable)
    {
        var output = Rendered(Agent(identity, "      extraContainers: [{name: helper, image: \"busybox:1.36\", command: [sleep, infinity]}]\n"));
        var pod = PodSpec(output);
        Assert.Equal("team-kiro", Str(pod, "serviceAccountName"));
        Assert.Equal("false", Str(pod, "automountServiceAccountToken"));

        var volume = Seq(pod, "volumes").Single(v => Str(v, "name") == "aws-identity-token");
        var projection = Seq(volume, "projected", "sources").Single();
        Assert.Equal(audience, Str(projection, "serviceAccountToken", "audience"));
        foreach (var container in Containers(pod))
        {
            var name = Str(container, "name")!;
            var mounts = Seq(container, "volumeMounts").Where(m => Str(m, "name") == "aws-identity-token").ToList();
            var env = EnvOf(container);
            if (AwsCli.Split(',').Contains(name))
            {
                Assert.Equal(directory, Str(Assert.Single(mounts), "mountPath"));
                Assert.Equal("true", Str(mounts[0], "readOnly"));
                Assert.StartsWith(directory + "/", env[tokenVariable], StringComparison.Ordinal);
                Assert.DoesNotContain("AWS_ACCESS_KEY_ID", env.Keys);
            }
            else
            {
                // The agent, and anything the user adds, never see the token or its variables.
                Assert.Empty(mounts);
                Assert.DoesNotContain(env.Keys, k => k.StartsWith("AWS_ROLE", StringComparison.Ordinal) || k.StartsWith("AWS_CONTAINER", StringComparison.Ordinal) || k == "AWS_WEB_IDENTITY_TOKEN_FILE");
            }
        }
        // The webhook is told to leave every container alone, the user's too.
        var annotations = (YamlMappingNode)Node(output.Single("Deployment", "team-kiro"), "spec", "template", "metadata", "annotations")!;
        Assert.Equal("s3-restore,s3-backup,openab,helper", Str(annotations, "eks.amazonaws.com/skip-containers"));

        var account = output.Single("ServiceAccount", "team-kiro");
        Assert.Equal("false", Str(account, "automountServiceAccountToken"));
        Assert.Equal(identity == Irsa ? "arn:aws:iam::111122223333:role/team-kiro" : null, Str(account, "metadata", "annotations", "eks.amazonaws.com/role-arn"));
        foreach (var item in output.Items) KubernetesValidity.AssertValid(item);
    }

    [Fact]
    public void Pod_Identity_opens_egress_to_the_node_agent_and_IRSA_needs_nothing_beyond_HTTPS()
    {
        static List<string> Cidrs(Output output) =>
            [.. Seq(output.Single("NetworkPolicy", "team-kiro"), "spec", "egress").SelectMany(r => Seq(r, "to")).Select(p => Str(p, "ipBlock", "cidr")).OfType<string>()];
        const string policy = "      networkPolicy: {enabled: true}\n";
        var podIdentity = Rendered(Agent(PodIdentity, policy));
        Assert.Equal(["169.254.170.23/32"], Cidrs(podIdentity));
        var rule = Seq(podIdentity.Single("NetworkPolicy", "team-kiro"), "spec", "egress").Single(r => Seq(r, "to").Any(p => Str(p, "ipBlock", "cidr") is not null));
        Assert.Equal("80", Str(Seq(rule, "ports").Single(), "port"));
        Assert.Empty(Cidrs(Rendered(Agent(Irsa, policy))));
    }

    [Fact]
    public void An_existing_ServiceAccount_is_used_and_not_rendered()
    {
        var output = Rendered(Agent("          serviceAccount: {identity: irsa, roleArn: \"arn:aws:iam::111122223333:role/x\", create: false, name: shared-sa}\n"));
        Assert.Equal("shared-sa", Str(PodSpec(output), "serviceAccountName"));
        Assert.DoesNotContain(output.Items, i => Str(i, "kind") == "ServiceAccount");
    }

    [Theory]
    [InlineData("          credentialsSecret: keys\n" + Irsa, "spec.agents.kiro.persistence.s3.serviceAccount|static keys (credentialsSecret) are exclusive")]
    [InlineData("          credentialsExternalSecret: {secretStoreRef: {name: vault}, remoteKey: k}\n" + Irsa, "spec.agents.kiro.persistence.s3.serviceAccount|static keys (credentialsExternalSecret) are exclusive")]
    [InlineData("          endpoint: http://minio:9000\n" + Irsa, "spec.agents.kiro.persistence.s3.serviceAccount|the S3-compatible store at `http://minio:9000` takes keys")]
    [InlineData("          backup: preStop\n" + Irsa, "spec.agents.kiro.persistence.s3.backup|never gets the identity's token")]
    [InlineData("          serviceAccount: {identity: irsa}\n", "spec.agents.kiro.persistence.s3.serviceAccount.roleArn|is required with identity `irsa`")]
    [InlineData("          serviceAccount: {identity: irsa, roleArn: \"arn:aws:iam::1:role/x\"}\n", "spec.agents.kiro.persistence.s3.serviceAccount.roleArn|is not an IAM role ARN")]
    [InlineData("          serviceAccount: {roleArn: \"arn:aws:iam::111122223333:role/x\"}\n", "spec.agents.kiro.persistence.s3.serviceAccount.identity|is required")]
    [InlineData("          serviceAccount: {identity: iam}\n", "spec.agents.kiro.persistence.s3.serviceAccount.identity|must be one of: irsa, podIdentity")]
    [InlineData("          serviceAccount: {identity: podIdentity}\n", "spec.agents.kiro.persistence.s3.image.tag|EKS Pod Identity needs AWS CLI 2.15.0 or later")]
    [InlineData("          serviceAccount: {identity: podIdentity, name: Not_Valid}\n          image: {tag: 2.16.1}\n", "spec.agents.kiro.persistence.s3.serviceAccount.name|is not a valid ServiceAccount name")]
    [InlineData("          serviceAccount: {identity: podIdentity, annotations: {eks.amazonaws.com/role-arn: x}}\n          image: {tag: 2.16.1}\n", "spec.agents.kiro.persistence.s3.serviceAccount.annotations.eks.amazonaws.com/role-arn|set roleArn instead")]
    public void Validation_refuses_an_identity_that_can_not_work(string s3Lines, string expected) =>
        ErrorResults.AssertRefused(FunctionRunner.RunKrm(Agent(s3Lines)), expected, expected);

    [Theory]
    [InlineData("      serviceAccountName: other\n", "spec.agents.kiro.serviceAccountName|remove serviceAccountName")]
    [InlineData("      podAnnotations: {eks.amazonaws.com/skip-containers: openab}\n", "spec.agents.kiro.podAnnotations.eks.amazonaws.com/skip-containers|is set by the function")]
    public void Validation_refuses_agent_fields_the_identity_sets(string agentLines, string expected) =>
        ErrorResults.AssertRefused(FunctionRunner.RunKrm(Agent(Irsa, agentLines)), expected, expected);

    [Fact]
    public void Two_agents_on_one_ServiceAccount_are_refused()
    {
        const string shared = "persistence: {s3: {enabled: true, bucket: b, region: eu-west-1, serviceAccount: {identity: irsa, roleArn: \"arn:aws:iam::111122223333:role/x\", create: false, name: shared}}}";
        var agentSet = AgentSetYaml.Team(
            "discord: {botTokenSecretRef: {name: d, key: t}, allowedChannels: [\"123456789012345678\"]}",
            $"a: {{{shared}}}", $"b: {{{shared}}}");
        ErrorResults.AssertRefused(FunctionRunner.RunKrm(agentSet), "spec.agents.b.persistence.s3.serviceAccount|agents `a` and `b` both run as ServiceAccount `shared`", "shared");
    }

    [Theory]
    [InlineData("arn:aws:iam::111122223333:role/shared", "arn:aws:iam::111122223333:role/shared", "spec.agents.b.persistence.s3.serviceAccount.roleArn|agents `a` and `b` both assume IAM role `shared`")]
    [InlineData("arn:aws:iam::111122223333:role/team/shared", "arn:aws:iam::111122223333:role/other/shared", "spec.agents.b.persistence.s3.serviceAccount.roleArn|agents `a` and `b` both assume IAM role `shared`")]
    public void Two_agents_on_one_IAM_role_are_refused(string roleA, string roleB, string expected)
    {
        static string Identity(string role) => $"persistence: {{s3: {{enabled: true, bucket: logins, region: eu-west-1, serviceAccount: {{identity: irsa, roleArn: \"{role}\"}}}}}}";
        var agentSet = AgentSetYaml.Team(
            "discord: {botTokenSecretRef: {name: d, key: t}, allowedChannels: [\"123456789012345678\"]}",
            $"a: {{{Identity(roleA)}}}", $"b: {{{Identity(roleB)}}}");
        ErrorResults.AssertRefused(FunctionRunner.RunKrm(agentSet), expected, "shared");
    }

    [Fact]
    public void Roles_of_the_same_name_in_two_accounts_are_two_roles()
    {
        static string Identity(string role) => $"persistence: {{s3: {{enabled: true, bucket: logins, region: eu-west-1, serviceAccount: {{identity: irsa, roleArn: \"{role}\"}}}}}}";
        var agentSet = AgentSetYaml.Team(
            "discord: {botTokenSecretRef: {name: d, key: t}, allowedChannels: [\"123456789012345678\"]}",
            $"a: {{{Identity("arn:aws:iam::111122223333:role/shared")}}}", $"b: {{{Identity("arn:aws:iam::444455556666:role/shared")}}}");
        var run = FunctionRunner.RunKrm(agentSet);
        Assert.True(run.ExitCode == 0, run.Output);
    }

    [Fact]
    public void Another_agent_running_as_an_identity_ServiceAccount_is_refused()
    {
        var agentSet = Agent(Irsa) + "    codex:\n      command: codex-acp\n" + AgentSetYaml.DiscordFromSecret + "      serviceAccountName: team-kiro\n";
        ErrorResults.AssertRefused(FunctionRunner.RunKrm(agentSet),
            "spec.agents.codex.serviceAccountName|`team-kiro` is the ServiceAccount of agent `kiro`'s identity", "team-kiro");
    }

    [Fact]
    public void With_S3_off_the_identity_is_a_warning_and_nothing_is_rendered()
    {
        var run = FunctionRunner.RunKrm(Agent(Irsa).Replace("enabled: true", "enabled: false", StringComparison.Ordinal));
        Assert.True(run.ExitCode == 0, run.Output);
        var output = new Output(run.Output);
        Assert.Contains(output.ResultsOf("warning"), w => Str(w, "field", "path") == "spec.agents.kiro.persistence.s3.serviceAccount");
        Assert.DoesNotContain(output.Items, i => Str(i, "kind") == "ServiceAccount");
        Assert.Null(Str(PodSpec(output), "serviceAccountName"));
    }
}
