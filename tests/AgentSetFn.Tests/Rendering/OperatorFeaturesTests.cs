using System.Text.Json.Nodes;
using KrmFn;
using AgentSetFn.Tests.Support;
using Tomlyn;
using Tomlyn.Model;
using YamlDotNet.RepresentationModel;
using static AgentSetFn.Tests.Support.Output;

namespace AgentSetFn.Tests.Rendering;

/// <summary>
/// The operator features, asserted on the output: NetworkPolicy, liveness probe,
/// memory from the pool, ExternalSecrets, scheduled prompts, pod identity and the grace period.
/// </summary>
public class OperatorFeaturesTests
{
    /// <summary>One kiro agent; {0} is added to its fields, {1} to its s3 mapping.</summary>
    private const string Template = AgentSetYaml.HeadInNamespace + """
          agents:
            kiro:
              discord: {botTokenSecretRef: {name: discord, key: token}, allowedChannels: ["123456789012345678"]}
              persistence: {s3: {enabled: true, bucket: team-state, region: eu-west-1{1}}}
        {0}
        """;

    private static string Agent(string fields = "", string s3 = "") =>
        Template.Replace("{0}", string.Join('\n', fields.Split('\n').Select(l => "      " + l)), StringComparison.Ordinal)
            .Replace("{1}", s3, StringComparison.Ordinal);

    private static Output Render(string yaml) => FunctionRunner.Rendered(yaml);

    private static YamlMappingNode AgentContainer(Output output) =>
        Seq(output.Single("Deployment", "team-kiro"), "spec", "template", "spec", "containers").Single(c => Str(c, "name") == "openab");

    private static YamlMappingNode PodSpec(Output output) =>
        (YamlMappingNode)Node(output.Single("Deployment", "team-kiro"), "spec", "template", "spec")!;

    // --- NetworkPolicy ---

    [Fact]
    public void No_network_policy_unless_enabled()
    {
        Assert.Empty(Render(Agent()).OfKind("NetworkPolicy"));
    }

    [Fact]
    public void The_network_policy_selects_only_the_agents_pod_denies_ingress_and_allows_dns_and_https()
    {
        var output = Render(Agent("networkPolicy: {enabled: true}"));
        var policy = output.Single("NetworkPolicy", "team-kiro");
        var selector = (YamlMappingNode)Node(policy, "spec", "podSelector", "matchLabels")!;
        var podLabels = (YamlMappingNode)Node(output.Single("Deployment", "team-kiro"), "spec", "selector", "matchLabels")!;
        Assert.Equal(podLabels.Children.Count, selector.Children.Count);
        Assert.Equal("kiro", Str(selector, "app.kubernetes.io/component"));
        Assert.Equal(["Ingress", "Egress"], Strings((YamlMappingNode)Node(policy, "spec")!, "policyTypes"));
        Assert.Null(Node(policy, "spec", "ingress"));

        var egress = Seq(policy, "spec", "egress").ToList();
        Assert.Equal(2, egress.Count); // no endpoint: AWS S3 goes over the HTTPS rule
        Assert.Equal("kube-system", Str(Seq(egress[0], "to").Single(), "namespaceSelector", "matchLabels", "kubernetes.io/metadata.name"));
        Assert.Equal(["UDP/53", "TCP/53"], Seq(egress[0], "ports").Select(p => $"{Str(p, "protocol")}/{Str(p, "port")}"));
        Assert.Null(Node(egress[1], "to"));
        Assert.Equal("443", Str(Seq(egress[1], "ports").Single(), "port"));
        Assert.Equal("agents/team", Str(policy, "metadata", "annotations", "agentset.dev/owned-by"));
    }

    [Theory]
    [InlineData("http://10.0.12.5:9000", "9000", "10.0.12.5/32")]
    [InlineData("http://10.0.12.5", "80", "10.0.12.5/32")]
    [InlineData("http://[fd00::5]:9000", "9000", "fd00::5/128")]
    [InlineData("http://minio.minio.svc:9000", "9000", null)]
    [InlineData("https://minio.example.com:8443", "8443", null)]
    public void The_s3_endpoint_gets_its_host_port(string endpoint, string port, string? cidr)
    {
        var output = Render(Agent("networkPolicy: {enabled: true}", $", endpoint: '{endpoint}'"));
        var rule = Seq(output.Single("NetworkPolicy", "team-kiro"), "spec", "egress").ElementAt(2);
        Assert.Equal(port, Str(Seq(rule, "ports").Single(), "port"));
        Assert.Equal(cidr, Node(rule, "to") is null ? null : Str(Seq(rule, "to").Single(), "ipBlock", "cidr"));
        // A host name cannot be selected: the info result says its port is open to everyone.
        Assert.Equal(cidr is null, output.ResultsOf("info").Any(r => Str(r, "field", "path") == "spec.agents.kiro.networkPolicy"));
    }

    [Fact]
    public void An_https_endpoint_on_443_needs_no_rule_of_its_own_and_extra_egress_comes_last()
    {
        var output = Render(Agent("networkPolicy:\n  enabled: true\n  extraEgress: [{to: [{ipBlock: {cidr: 192.168.0.0/16}}], ports: [{port: 5432}]}]",
            ", endpoint: 'https://s3.example.com'"));
        var egress = Seq(output.Single("NetworkPolicy", "team-kiro"), "spec", "egress").ToList();
        Assert.Equal(3, egress.Count);
        Assert.Equal("192.168.0.0/16", Str(Seq(egress[2], "to").Single(), "ipBlock", "cidr"));
        Assert.Equal("5432", Str(Seq(egress[2], "ports").Single(), "port"));
    }

    [Fact]
    public void Network_policy_from_defaults_applies_to_every_agent_that_does_not_opt_out()
    {
        var output = Render(FunctionRunner.Fixture("network-policy"));
        Assert.Equal(["team-claude", "team-kiro"], output.OfKind("NetworkPolicy").Select(p => Str(p, "metadata", "name")));
    }

    // --- Liveness probe ---

    [Fact]
    public void The_default_liveness_probe_checks_the_broker_process_with_patient_timings()
    {
        var probe = Node(AgentContainer(Render(Agent())), "livenessProbe")!;
        Assert.Equal(["pgrep", "-x", "openab"], Strings((YamlMappingNode)Node(probe, "exec")!, "command"));
        Assert.Equal("10", Str(probe, "timeoutSeconds"));
        // Five failures 30 s apart: 2.5 minutes of a dead broker before a restart.
        Assert.Equal("30", Str(probe, "periodSeconds"));
        Assert.Equal("5", Str(probe, "failureThreshold"));
        // The restore is an init container: it has finished before the probe starts.
        Assert.Contains(Seq(PodSpec(Render(Agent())), "initContainers"), c => Str(c, "name") == "s3-restore");
    }

    [Fact]
    public void The_liveness_probe_can_be_tuned_replaced_or_turned_off()
    {
        var tuned = Node(AgentContainer(Render(Agent("livenessProbe: {periodSeconds: 60}"))), "livenessProbe")!;
        Assert.Equal("60", Str(tuned, "periodSeconds"));
        Assert.Equal("pgrep", Strings((YamlMappingNode)Node(tuned, "exec")!, "command")[0]); // the rest of the default stays

        var replaced = Node(AgentContainer(Render(Agent("livenessProbe: {tcpSocket: {port: 8080}}"))), "livenessProbe")!;
        Assert.Null(Node(replaced, "exec"));
        Assert.Equal("8080", Str(replaced, "tcpSocket", "port"));
        Assert.Equal("30", Str(replaced, "periodSeconds"));

        Assert.Null(Node(AgentContainer(Render(Agent("livenessProbe: {enabled: false}"))), "livenessProbe"));
    }

    // --- Memory from the pool ---

    [Fact]
    public void Empty_resources_are_derived_from_the_pool_and_reported()
    {
        var yaml = Agent().Replace("    kiro:\n", "    kiro:\n      command: claude-agent-acp\n      pool: {maxSessions: 4}\n", StringComparison.Ordinal);
        var output = Render(yaml);
        var resources = Node(AgentContainer(output), "resources")!;
        // 128 MiB broker + 320 MiB for one Claude Code session; + 4 x 320 MiB for a full pool.
        Assert.Equal("448Mi", Str(resources, "requests", "memory"));
        Assert.Equal("1408Mi", Str(resources, "limits", "memory"));
        Assert.Null(Str(resources, "requests", "cpu"));
        var info = Assert.Single(output.ResultsOf("info"), r => Str(r, "field", "path") == "spec.agents.kiro.resources");
        Assert.Contains("requests.memory 448Mi", Str(info, "message"), StringComparison.Ordinal);
        Assert.Contains("limits.memory 1408Mi", Str(info, "message"), StringComparison.Ordinal);
    }

    [Fact]
    public void A_run_with_errors_reports_no_derived_figures()
    {
        var run = FunctionRunner.RunKrm(Agent().Replace("bucket: team-state", "bucket: \"\"", StringComparison.Ordinal));
        Assert.Equal(1, run.ExitCode);
        var output = new Output(run.Output);
        Assert.NotEmpty(output.ResultsOf("error"));
        Assert.Empty(output.ResultsOf("info"));
    }

    [Fact]
    public void Explicit_resources_always_win()
    {
        var output = Render(Agent("resources: {requests: {cpu: 100m}}"));
        var resources = Node(AgentContainer(output), "resources")!;
        Assert.Equal("100m", Str(resources, "requests", "cpu"));
        Assert.Null(Str(resources, "requests", "memory"));
        Assert.Null(Node(resources, "limits"));
        Assert.DoesNotContain(output.ResultsOf("info"), r => Str(r, "field", "path") == "spec.agents.kiro.resources");
    }

    [Fact]
    public void A_cli_outside_the_table_gets_no_derived_memory_and_an_info_saying_so()
    {
        var output = Render(Agent("command: my-cli").Replace("enabled: true", "enabled: false", StringComparison.Ordinal));
        Assert.Null(Node(AgentContainer(output), "resources"));
        var info = Assert.Single(output.ResultsOf("info"), r => Str(r, "field", "path") == "spec.agents.kiro.resources");
        Assert.Contains("not in the CLI table", Str(info, "message"), StringComparison.Ordinal);
    }

    // --- ExternalSecrets ---

    [Fact]
    public void An_external_secret_token_renders_an_external_secret_and_no_secret()
    {
        var yaml = Agent().Replace("botTokenSecretRef: {name: discord, key: token}",
            "botTokenExternalSecret: {secretStoreRef: {name: vault, kind: ClusterSecretStore}, remoteKey: agents/kiro, property: token}", StringComparison.Ordinal);
        var output = Render(yaml);
        Assert.Empty(output.OfKind("Secret"));
        var externalSecret = output.Single("ExternalSecret", "team-kiro-discord");
        Assert.Equal("external-secrets.io/v1", Str(externalSecret, "apiVersion"));
        Assert.Equal("ClusterSecretStore", Str(externalSecret, "spec", "secretStoreRef", "kind"));
        Assert.Equal("team-kiro-discord", Str(externalSecret, "spec", "target", "name"));
        var data = Seq(externalSecret, "spec", "data").Single();
        Assert.Equal("discord-bot-token", Str(data, "secretKey"));
        Assert.Equal("agents/kiro", Str(data, "remoteRef", "key"));
        Assert.Equal("token", Str(data, "remoteRef", "property"));
        // The Deployment reads the Secret the ExternalSecret writes.
        var token = Seq(AgentContainer(output), "env").Single(e => Str(e, "name") == "DISCORD_BOT_TOKEN");
        Assert.Equal("team-kiro-discord", Str(token, "valueFrom", "secretKeyRef", "name"));
        Assert.Equal("discord-bot-token", Str(token, "valueFrom", "secretKeyRef", "key"));
        Assert.Empty(ExternalSecretCrd.Validate(YamlJson.ToJson(externalSecret)!));
    }

    [Fact]
    public void An_external_discord_token_and_an_inline_slack_token_write_two_different_secrets()
    {
        var yaml = Agent("slack: {enabled: true, botToken: xoxb-not-a-real-token, appTokenSecretRef: {name: slack, key: app}}").Replace(
            "botTokenSecretRef: {name: discord, key: token}", "botTokenExternalSecret: {secretStoreRef: {name: vault}, remoteKey: agents/kiro}", StringComparison.Ordinal);
        var run = FunctionRunner.RunKrm(yaml);
        Assert.Equal(0, run.ExitCode);
        var output = new Output(run.Output);
        // The agent's own Secret holds the inline Slack token; the operator writes the Discord one elsewhere.
        var secret = output.Single("Secret", "team-kiro");
        var data = (YamlMappingNode)Node(secret, "data")!;
        Assert.Equal(["slack-bot-token"], data.Children.Keys.Select(k => ((YamlScalarNode)k).Value));
        Assert.Equal("team-kiro-discord", Str(output.Single("ExternalSecret", "team-kiro-discord"), "spec", "target", "name"));
        var env = Seq(AgentContainer(output), "env");
        Assert.Equal("team-kiro-discord", Str(env.Single(e => Str(e, "name") == "DISCORD_BOT_TOKEN"), "valueFrom", "secretKeyRef", "name"));
        Assert.Equal("team-kiro", Str(env.Single(e => Str(e, "name") == "SLACK_BOT_TOKEN"), "valueFrom", "secretKeyRef", "name"));
    }

    [Fact]
    public void S3_keys_from_an_external_secret_reach_only_the_aws_containers()
    {
        var output = Render(Agent(s3: ", endpoint: 'http://minio:9000', credentialsExternalSecret: {secretStoreRef: {name: vault}, remoteKey: agents/minio}"));
        var externalSecret = output.Single("ExternalSecret", "team-kiro-s3");
        Assert.Equal("SecretStore", Str(externalSecret, "spec", "secretStoreRef", "kind"));
        Assert.Equal(["AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"], Seq(externalSecret, "spec", "data").Select(d => Str(d, "secretKey")));
        Assert.Equal(["AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"], Seq(externalSecret, "spec", "data").Select(d => Str(d, "remoteRef", "property")));
        var restore = Seq(PodSpec(output), "initContainers").Single(c => Str(c, "name") == "s3-restore");
        Assert.Equal("team-kiro-s3", Str(Seq(restore, "env").Single(e => Str(e, "name") == "AWS_SECRET_ACCESS_KEY"), "valueFrom", "secretKeyRef", "name"));
        Assert.DoesNotContain(Seq(AgentContainer(output), "env"), e => Str(e, "name")!.StartsWith("AWS_SECRET", StringComparison.Ordinal));
    }

    [Fact]
    public void The_crd_check_is_not_vacuous()
    {
        var json = JsonNode.Parse("""{"apiVersion":"external-secrets.io/v1","kind":"ExternalSecret","metadata":{},"spec":{"secretStoreRef":{"name":"v","kind":"Store"},"target":{"name":"t","creationPolicy":"Owner"},"data":[{"secretKey":"k","remoteRef":{"key":"a","proprety":"p"}},{"secretKey":"bad key","remoteRef":{}}]}}""")!;
        var problems = ExternalSecretCrd.Validate(json);
        Assert.Contains(problems, p => p.StartsWith("spec.secretStoreRef.kind: not one of", StringComparison.Ordinal));
        Assert.Contains("spec.data[0].remoteRef.proprety: unknown field", problems);
        Assert.Contains(problems, p => p.StartsWith("spec.data[1].secretKey: does not match", StringComparison.Ordinal));
        Assert.Contains("spec.data[1].remoteRef.key: required", problems);
    }

    [Fact]
    public void A_users_secret_with_the_external_secrets_target_name_is_a_clash()
    {
        var yaml = Agent().Replace("botTokenSecretRef: {name: discord, key: token}",
            "botTokenExternalSecret: {secretStoreRef: {name: vault}, remoteKey: agents/kiro}", StringComparison.Ordinal);
        const string users = "apiVersion: v1\nkind: Secret\nmetadata:\n  name: team-kiro-discord\n  namespace: agents\n  annotations: {config.kubernetes.io/path: secrets.yaml}\n";
        var run = FunctionRunner.RunKrm(yaml, users);
        Assert.Equal(1, run.ExitCode);
        var error = Assert.Single(new Output(run.Output).ResultsOf("error"));
        Assert.Equal("spec.agents.kiro", Str(error, "field", "path"));
        Assert.Contains("would generate Secret team-kiro-discord", Str(error, "message"), StringComparison.Ordinal);
    }

    [Fact]
    public void An_s3_external_secret_without_s3_is_not_rendered_and_warned()
    {
        var yaml = Agent(s3: ", credentialsExternalSecret: {secretStoreRef: {name: vault}, remoteKey: k}").Replace("enabled: true", "enabled: false", StringComparison.Ordinal);
        var output = Render(yaml);
        Assert.Empty(output.OfKind("ExternalSecret"));
        Assert.Contains(output.ResultsOf("warning"), r => Str(r, "field", "path") == "spec.agents.kiro.persistence.s3.credentialsExternalSecret");
    }

    // --- Scheduled prompts ---

    [Fact]
    public void Cronjobs_are_openabs_cron_jobs_in_config_toml()
    {
        var output = Render(FunctionRunner.Fixture("scheduled-prompts"));
        var toml = TomlSerializer.Deserialize<TomlTable>(Str(output.Single("ConfigMap", "ops-claude"), "data", "config.toml")!)!;
        var jobs = (TomlTableArray)((TomlTable)toml["cron"])["jobs"];
        Assert.Equal(2, jobs.Count);
        Assert.Equal("0 9 * * MON-FRI", jobs[0]["schedule"]);
        Assert.Equal("123456789012345678", jobs[0]["channel"]);
        Assert.Equal("summarize yesterday's merged pull requests", jobs[0]["message"]);
        Assert.Equal("daily-summary", jobs[0]["sender_name"]);
        Assert.Equal("Europe/Berlin", jobs[0]["timezone"]);
        Assert.Equal("Write the weekly status report.\nList open incidents first.\n", jobs[1]["message"]);
        Assert.False(jobs[1].ContainsKey("timezone")); // openab's default, UTC
        // No [cron] at all for an agent without cronjobs.
        var kiro = TomlSerializer.Deserialize<TomlTable>(Str(output.Single("ConfigMap", "ops-kiro"), "data", "config.toml")!)!;
        Assert.False(kiro.ContainsKey("cron"));
    }

    [Fact]
    public void A_cronjob_on_slack_names_its_platform_and_takes_a_slack_channel()
    {
        const string slack = "slack: {enabled: true, botTokenSecretRef: {name: slack, key: bot}, appTokenSecretRef: {name: slack, key: app}}";
        var output = Render(Agent(slack + "\ncronjobs: [{name: standup, schedule: '0 9 * * MON-FRI', channel: C0123456789, prompt: hi, platform: slack}]"));
        var toml = TomlSerializer.Deserialize<TomlTable>(Str(output.Single("ConfigMap", "team-kiro"), "data", "config.toml")!)!;
        var job = ((TomlTableArray)((TomlTable)toml["cron"])["jobs"])[0];
        Assert.Equal("slack", job["platform"]);
        Assert.Equal("C0123456789", job["channel"]);

        // A Discord snowflake is not a Slack channel, and a Slack-only agent has no default (Discord) platform.
        var wrongId = FunctionRunner.RunKrm(Agent(slack + "\ncronjobs: [{name: a, schedule: '0 9 * * MON', channel: '123456789012345678', prompt: hi, platform: slack}]"));
        Assert.Equal(1, wrongId.ExitCode);
        Assert.Contains(new Output(wrongId.Output).ResultsOf("error"), r => Str(r, "field", "path") == "spec.agents.kiro.cronjobs[0].channel"
            && Str(r, "message")!.Contains("not a Slack channel ID", StringComparison.Ordinal));
        var slackOnly = Agent(slack + "\ncronjobs: [{name: a, schedule: '0 9 * * MON', channel: '123456789012345678', prompt: hi}]")
            .Replace("discord: {botTokenSecretRef: {name: discord, key: token}, allowedChannels: [\"123456789012345678\"]}", "discord: {enabled: false}", StringComparison.Ordinal);
        var noDiscord = FunctionRunner.RunKrm(slackOnly);
        Assert.Equal(1, noDiscord.ExitCode);
        Assert.Contains(new Output(noDiscord.Output).ResultsOf("error"), r => Str(r, "field", "path") == "spec.agents.kiro.cronjobs[0]"
            && Str(r, "message")!.Contains("Discord (the default platform)", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("0 9 * * 1-5", true)]
    [InlineData("0 9 * * 7", true)]
    [InlineData("0 9 * * MON-FRI", false)]
    [InlineData("*/15 8-18 * JAN-MAR,OCT *", false)]
    [InlineData("0 0 1 * *", false)]
    public void A_numeric_day_of_week_is_warned_because_openab_counts_from_sunday(string schedule, bool warned)
    {
        var output = Render(Agent($"cronjobs: [{{name: a, schedule: '{schedule}', channel: '123456789012345678', prompt: hi}}]"));
        var warnings = output.ResultsOf("warning").Where(r => Str(r, "field", "path") == "spec.agents.kiro.cronjobs[0].schedule").ToList();
        Assert.Equal(warned, warnings.Count == 1);
        if (warned) Assert.Contains("MON-FRI", Str(warnings[0], "message"), StringComparison.Ordinal);
    }

    // --- Pod identity and drain ---

    [Fact]
    public void The_agent_knows_its_pod_namespace_and_node()
    {
        var env = Seq(AgentContainer(Render(Agent())), "env").ToList();
        Assert.Equal("metadata.name", Str(env.Single(e => Str(e, "name") == "POD_NAME"), "valueFrom", "fieldRef", "fieldPath"));
        Assert.Equal("metadata.namespace", Str(env.Single(e => Str(e, "name") == "POD_NAMESPACE"), "valueFrom", "fieldRef", "fieldPath"));
        Assert.Equal("spec.nodeName", Str(env.Single(e => Str(e, "name") == "NODE_NAME"), "valueFrom", "fieldRef", "fieldPath"));
    }

    [Theory]
    [InlineData("", "150", false)]
    [InlineData("terminationGracePeriodSeconds: 300", "300", false)]
    [InlineData("terminationGracePeriodSeconds: 150", "150", false)]
    [InlineData("terminationGracePeriodSeconds: 60", "60", true)]
    public void The_grace_period_is_checked_against_the_final_syncs_budget(string field, string rendered, bool warned)
    {
        var output = Render(Agent(field));
        Assert.Equal(rendered, Str(PodSpec(output), "terminationGracePeriodSeconds"));
        var warning = output.ResultsOf("warning").SingleOrDefault(r => Str(r, "field", "path") == "spec.agents.kiro.terminationGracePeriodSeconds");
        Assert.Equal(warned, warning is not null);
        if (warning is not null) Assert.Contains("needs up to 150 s", Str(warning, "message"), StringComparison.Ordinal);
    }

    [Fact]
    public void Without_s3_the_grace_period_is_kubernetes_default_unless_set_and_never_warned()
    {
        var yaml = Agent("terminationGracePeriodSeconds: 5").Replace("enabled: true", "enabled: false", StringComparison.Ordinal);
        var output = Render(yaml);
        Assert.Equal("5", Str(PodSpec(output), "terminationGracePeriodSeconds"));
        Assert.DoesNotContain(output.ResultsOf("warning"), r => Str(r, "field", "path") == "spec.agents.kiro.terminationGracePeriodSeconds");
        Assert.Null(Str(PodSpec(Render(Agent().Replace("enabled: true", "enabled: false", StringComparison.Ordinal))), "terminationGracePeriodSeconds"));
    }
}
