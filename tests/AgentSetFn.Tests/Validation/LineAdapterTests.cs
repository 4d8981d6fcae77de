using AgentSetFn.Rendering;
using AgentSetFn.Tests.Support;
using Tomlyn;
using Tomlyn.Model;
using YamlDotNet.RepresentationModel;
using static AgentSetFn.Tests.Support.Output;

namespace AgentSetFn.Tests.Validation;

/// <summary>
/// `line` (openab's native LINE adapter, commit 53808bc: src/config.rs LineConfig, the chart's
/// configmap, deployment, secret and service templates): `[line]` as that chart writes it, both
/// credentials through the secret-value mechanism, the webhook port and Service `&lt;name&gt;-line`,
/// the network policy's one ingress, its checks, and the release check that no release reads it.
/// </summary>
public class LineAdapterTests
{
    private const string AccessToken = "line-ACCESS-token-never-echoed";
    private const string ChannelSecret = "0f3650f5line-SECRET-never-echoed";
    private const string UserId = "U0123456789abcdef0123456789abcdef";
    private const string GroupId = "C0123456789abcdef0123456789abcdef";

    private const string FromSecrets = "enabled: true, channelAccessTokenSecretRef: {name: line-bot, key: token}, channelSecretSecretRef: {name: line-bot, key: secret}";

    /// <summary>AgentSet `team` with one agent `kiro` answering on LINE only, with <paramref name="line"/> as its line mapping's body.</summary>
    private static string LineOnly(string line, string more = "") =>
        AgentSetYaml.Team("", $"kiro: {{line: {{{line}}}, persistence: {{existingClaim: kiro-home}}{more}}}");

    private static TomlTable Config(Output output) =>
        TomlSerializer.Deserialize<TomlTable>(Str(output.Single("ConfigMap", "team-kiro"), "data", "config.toml")!)!;

    private static YamlMappingNode AgentContainer(Output output) =>
        Seq(output.Single("Deployment", "team-kiro"), "spec", "template", "spec", "containers").First(c => Str(c, "name") == "openab");

    private static (string? Name, string? Key) SecretOf(YamlMappingNode container, string variable)
    {
        var env = Assert.Single(Seq(container, "env"), e => Str(e, "name") == variable);
        return (Str(env, "valueFrom", "secretKeyRef", "name"), Str(env, "valueFrom", "secretKeyRef", "key"));
    }

    private static IEnumerable<YamlMappingNode> Errors(Output output) => output.ResultsOf("error");

    [Fact]
    public void A_LINE_only_agent_writes_line_wires_both_credentials_and_renders_the_webhook_Service()
    {
        var output = FunctionRunner.Rendered(LineOnly($"{FromSecrets}, allowedUsers: [\"{UserId}\"]"));

        var line = Assert.IsType<TomlTable>(Config(output)["line"]);
        Assert.Equal(["channel_access_token", "channel_secret", "webhook_port", "allow_all_users", "allow_all_groups", "allowed_users", "allowed_groups"], line.Keys);
        Assert.Equal("${LINE_CHANNEL_ACCESS_TOKEN}", line["channel_access_token"]);
        Assert.Equal("${LINE_CHANNEL_SECRET}", line["channel_secret"]);
        Assert.Equal(8080L, line["webhook_port"]);
        // Derived from the lists, as the chart writes them: a user list restricts users, no group list lets every group in.
        Assert.Equal(false, line["allow_all_users"]);
        Assert.Equal(true, line["allow_all_groups"]);
        Assert.False(Config(output).ContainsKey("discord"));

        var container = AgentContainer(output);
        Assert.Equal(("line-bot", "token"), SecretOf(container, "LINE_CHANNEL_ACCESS_TOKEN"));
        Assert.Equal(("line-bot", "secret"), SecretOf(container, "LINE_CHANNEL_SECRET"));
        var port = Assert.Single(Seq(container, "ports"));
        Assert.Equal(("line-webhook", "8080", "TCP"), (Str(port, "name"), Str(port, "containerPort"), Str(port, "protocol")));

        var service = output.Single("Service", "team-kiro-line");
        Assert.Equal("ClusterIP", Str(service, "spec", "type"));
        var servicePort = Assert.Single(Seq(service, "spec", "ports"));
        Assert.Equal(("8080", "line-webhook"), (Str(servicePort, "port"), Str(servicePort, "targetPort")));
        // The Service selects exactly the agent's pod.
        var podLabels = Assert.IsType<YamlMappingNode>(Node(output.Single("Deployment", "team-kiro"), "spec", "template", "metadata", "labels"));
        foreach (var (key, value) in Assert.IsType<YamlMappingNode>(Node(service, "spec", "selector")).Children)
            Assert.Equal(((YamlScalarNode)value).Value, Str(podLabels, ((YamlScalarNode)key).Value!));
        // No release reads [line]: the default release is warned, naming where the adapter is.
        var warning = Assert.Single(output.ResultsOf("warning"), w => Str(w, "field", "path") == "spec.agents.kiro.image.tag");
        Assert.Contains("ignores `[line]`", Str(warning, "message"), StringComparison.Ordinal);
        Assert.Contains("no openab release agentset knows reads it", Str(warning, "message"), StringComparison.Ordinal);
        Assert.Contains("53808bc", Str(warning, "message"), StringComparison.Ordinal);
    }

    [Fact]
    public void Inline_credentials_land_only_in_the_agents_Secret_under_the_charts_keys_with_warnings()
    {
        var run = FunctionRunner.RunKrm(LineOnly($"enabled: true, channelAccessToken: {AccessToken}, channelSecret: {ChannelSecret}"));
        Assert.Equal(0, run.ExitCode);
        var output = new Output(run.Output);

        var secret = output.Single("Secret", "team-kiro");
        string Decoded(string key) => System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(Str(secret, "data", key)!));
        Assert.Equal(AccessToken, Decoded("line-channel-access-token"));
        Assert.Equal(ChannelSecret, Decoded("line-channel-secret"));
        Assert.Equal(("team-kiro", "line-channel-secret"), SecretOf(AgentContainer(output), "LINE_CHANNEL_SECRET"));
        Assert.Contains(output.ResultsOf("warning"), w => Str(w, "field", "path") == "spec.agents.kiro.line.channelAccessToken");
        Assert.Contains(output.ResultsOf("warning"), w => Str(w, "field", "path") == "spec.agents.kiro.line.channelSecret");
        SecretHygiene.AssertNotShown(run, AccessToken, ChannelSecret);
    }

    [Fact]
    public void Both_credentials_are_required_while_line_is_written()
    {
        var output = FunctionRunner.Rendered(LineOnly("enabled: true, channelAccessTokenSecretRef: {name: line-bot, key: token}"), exitCode: 1);

        var error = Assert.Single(Errors(output));
        Assert.Equal("spec.agents.kiro.line", Str(error, "field", "path"));
        Assert.Contains("needs the LINE channel secret", Str(error, "message"), StringComparison.Ordinal);
        Assert.Empty(output.OfKind("Deployment"));
    }

    [Fact]
    public void Credentials_of_a_disabled_line_are_warned_and_nothing_of_it_is_rendered()
    {
        var output = FunctionRunner.Rendered(AgentSetYaml.OneAgent("kiro", "      line: {enabled: false, channelSecretSecretRef: {name: line-bot, key: secret}}"));

        Assert.Contains(output.ResultsOf("warning"), w => Str(w, "field", "path") == "spec.agents.kiro.line.enabled");
        Assert.False(Config(output).ContainsKey("line"));
        Assert.Empty(output.OfKind("Service"));
        Assert.DoesNotContain(Seq(AgentContainer(output), "env"), e => Str(e, "name") == "LINE_CHANNEL_SECRET");
    }

    [Theory]
    [InlineData("allowedUsers: [\"" + GroupId + "\"]", "spec.agents.kiro.line.allowedUsers[0]", "is not a LINE user ID")]
    [InlineData("allowedGroups: [\"" + UserId + "\"]", "spec.agents.kiro.line.allowedGroups[0]", "is not a LINE group or room ID")]
    [InlineData("allowedGroups: [\"C0123456789ABCDEF0123456789ABCDEF\"]", "spec.agents.kiro.line.allowedGroups[0]", "is not a LINE group or room ID")]
    [InlineData("webhookPort: 0", "spec.agents.kiro.line.webhookPort", "")]
    [InlineData("serviceType: ExternalName", "spec.agents.kiro.line.serviceType", "")]
    public void Bad_values_are_errors_naming_the_field(string field, string path, string message)
    {
        var output = FunctionRunner.Rendered(LineOnly($"{FromSecrets}, {field}"), exitCode: 1);

        var error = Assert.Single(Errors(output), e => Str(e, "field", "path") == path);
        Assert.Contains(message, Str(error, "message"), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("allowAllGroups: false", "spec.agents.kiro.line.allowAllGroups", "in no group or room", "allow_all_groups", false)]
    [InlineData("allowAllUsers: true, allowedUsers: [\"" + UserId + "\"]", "spec.agents.kiro.line.allowedUsers", "is ignored: allowAllUsers is true", "allow_all_users", true)]
    public void An_allow_all_switch_that_defeats_its_list_is_warned(string fields, string path, string message, string key, bool written)
    {
        var output = FunctionRunner.Rendered(LineOnly($"{FromSecrets}, {fields}"));

        var warning = Assert.Single(output.ResultsOf("warning"), w => Str(w, "field", "path") == path);
        Assert.Contains(message, Str(warning, "message"), StringComparison.Ordinal);
        // The explicit switch wins over the list, in config.toml as in openab.
        Assert.Equal(written, Assert.IsType<TomlTable>(Config(output)["line"])[key]);
    }

    [Fact]
    public void A_privileged_port_is_warned_and_the_policy_admits_only_that_port()
    {
        var output = FunctionRunner.Rendered(LineOnly($"{FromSecrets}, webhookPort: 443", ", networkPolicy: {enabled: true}"));

        Assert.Contains(output.ResultsOf("warning"), w => Str(w, "field", "path") == "spec.agents.kiro.line.webhookPort");
        var policy = output.Single("NetworkPolicy", "team-kiro");
        var ingress = Assert.Single(Seq(policy, "spec", "ingress"));
        Assert.Null(Node(ingress, "from"));
        var port = Assert.Single(Seq(ingress, "ports"));
        Assert.Equal(("443", "TCP"), (Str(port, "port"), Str(port, "protocol")));
    }

    [Fact]
    public void Another_container_of_the_pod_cannot_take_the_webhook_port_or_its_name()
    {
        var output = FunctionRunner.Rendered(LineOnly(FromSecrets,
            ", extraContainers: [{name: proxy, image: 'envoyproxy/envoy:v1.31.0', ports: [{containerPort: 8080}, {name: line-webhook, containerPort: 9000}]}]"), exitCode: 1);

        Assert.Contains(Errors(output), e => Str(e, "field", "path") == "spec.agents.kiro.extraContainers[0].ports[0].containerPort");
        Assert.Contains(Errors(output), e => Str(e, "field", "path") == "spec.agents.kiro.extraContainers[0].ports[1].name");
    }

    [Fact]
    public void The_Service_name_must_fit_a_DNS_1035_label()
    {
        // <set>-<agent> is 61 characters, a valid name; <set>-<agent>-line is 66.
        var set = new string('s', 30);
        var agent = new string('a', 30);
        var yaml = AgentSetYaml.Head.Replace("{name: team}", $"{{name: {set}}}", StringComparison.Ordinal)
            + $"  agents:\n    {agent}: {{line: {{{FromSecrets}}}, persistence: {{existingClaim: h}}}}\n";
        var output = FunctionRunner.Rendered(yaml, exitCode: 1);

        var error = Assert.Single(Errors(output));
        Assert.Equal($"spec.agents.{agent}.line", Str(error, "field", "path"));
        Assert.Contains("DNS-1035", Str(error, "message"), StringComparison.Ordinal);
    }

    [Fact]
    public void A_build_of_ones_own_is_told_no_release_reads_line()
    {
        var output = FunctionRunner.Rendered(LineOnly(FromSecrets, ", image: {repository: registry.example.com/openab-line, tag: 0.8.0-line.1}"));

        Assert.DoesNotContain(output.ResultsOf("warning"), w => Str(w, "field", "path") == "spec.agents.kiro.image.tag");
        var info = Assert.Single(output.ResultsOf("info"), i => Str(i, "field", "path") == "spec.agents.kiro.image.tag");
        Assert.Contains("`[line]` is read by no release", Str(info, "message"), StringComparison.Ordinal);
    }

    [Fact]
    public void The_gateways_LINE_and_the_native_adapter_fetch_their_secrets_into_files_of_their_own()
    {
        const string External = "{secretStoreRef: {name: vault}, remoteKey: bots/line}";
        var output = FunctionRunner.Rendered(AgentSetYaml.Team("",
            $"kiro: {{line: {{enabled: true, channelAccessTokenExternalSecret: {External}, channelSecretExternalSecret: {External}}}, "
            + $"gateway: {{enabled: true, url: 'ws://team-kiro-gateway:8080/ws', platform: line, tokenSecretRef: {{name: ws, key: token}}, "
            + $"line: {{channelSecretExternalSecret: {External}, channelAccessTokenExternalSecret: {External}}}}}, persistence: {{existingClaim: h}}}}"));

        var files = output.OfKind("ExternalSecret").Select(e => Str(e, "metadata", "annotations", "config.kubernetes.io/path")).ToList();
        Assert.Equal(4, files.Count);
        Assert.Equal(files.Count, files.Distinct().Count());
        Assert.Contains("team/kiro/externalsecret-line-channel-secret.yaml", files);
        Assert.Contains("team/kiro/externalsecret-gateway-line-channel-secret.yaml", files);
        Assert.Equal(("team-kiro-line-channel-secret", "line-channel-secret"), SecretOf(AgentContainer(output), "LINE_CHANNEL_SECRET"));
    }

    [Fact]
    public void A_gateway_credentials_ExternalSecret_in_the_file_earlier_versions_wrote_is_replaced_not_kept_beside_the_new_one()
    {
        const string Legacy = "team/codex/externalsecret-teams-app-secret.yaml";
        var old = $$$"""
            apiVersion: external-secrets.io/v1
            kind: ExternalSecret
            metadata:
              name: team-codex-gateway-teams-app-secret
              namespace: agents
              annotations: {agentset.dev/agent: codex, agentset.dev/owned-by: agents/team, config.kubernetes.io/path: {{{Legacy}}}, internal.config.kubernetes.io/path: {{{Legacy}}}}
            spec: {secretStoreRef: {kind: ClusterSecretStore, name: vault}, target: {name: team-codex-gateway-teams-app-secret}}
            """;
        var run = FunctionRunner.RunKrm(FunctionRunner.Fixture("gateway-teams"), old);
        Assert.True(run.ExitCode == 0, run.Error + run.Output);

        var external = Assert.Single(new Output(run.Output).OfKind("ExternalSecret"), e => Str(e, "metadata", "name") == "team-codex-gateway-teams-app-secret");
        Assert.Equal("team/codex/externalsecret-gateway-teams-app-secret.yaml", Str(external, "metadata", "annotations", "config.kubernetes.io/path"));
    }

    // The image of one's own build, so the release check says only an info.
    private const string OwnImage = ", image: {repository: registry.example.com/openab-line, tag: 0.8.0-line.1}";

    /// <summary>
    /// The document's [agent] inherit_env hands openab's environment on to the agent, as the typed
    /// inheritEnv does: the LINE credentials the function wires may not be named there either
    /// (the typed field refuses them; the raw document must too).
    /// </summary>
    [Theory]
    [InlineData("LINE_CHANNEL_SECRET")]
    [InlineData("LINE_CHANNEL_ACCESS_TOKEN")]
    public void ConfigToml_inherit_env_may_not_hand_a_LINE_credential_to_the_agent(string variable)
    {
        var run = FunctionRunner.RunKrm(LineOnly(FromSecrets, OwnImage + $", configToml: \"[agent]\\ninherit_env = [\\\"{variable}\\\"]\\n\""));
        var output = new Output(run.Output);

        Assert.Equal(1, run.ExitCode);
        var error = Assert.Single(Errors(output), e => Str(e, "field", "path") == "spec.agents.kiro.configToml");
        Assert.Contains(variable, Str(error, "message"), StringComparison.Ordinal);
        Assert.Empty(output.OfKind("Deployment"));
    }

    /// <summary>
    /// configToml may lay its own `[line] webhook_port` over the typed one, but the container port,
    /// Service `&lt;name&gt;-line` and the network policy's ingress are rendered from line.webhookPort:
    /// either they follow the port openab listens on, or the document's port is an error.
    /// </summary>
    [Fact]
    public void The_port_openab_listens_on_is_the_port_the_Service_and_the_policy_reach()
    {
        var run = FunctionRunner.RunKrm(LineOnly(FromSecrets, OwnImage + ", networkPolicy: {enabled: true}, configToml: \"[line]\\nwebhook_port = 9000\\n\""));
        var output = new Output(run.Output);
        if (run.ExitCode != 0)
        {
            Assert.Contains(Errors(output), e => Str(e, "field", "path") == "spec.agents.kiro.configToml" && Str(e, "message")!.Contains("webhook_port", StringComparison.Ordinal));
            return;
        }

        var listened = Convert.ToString(Assert.IsType<TomlTable>(Config(output)["line"])["webhook_port"], System.Globalization.CultureInfo.InvariantCulture);
        var port = Assert.Single(Seq(AgentContainer(output), "ports"));
        Assert.Equal(listened, Str(port, "containerPort"));
        var ingress = Assert.Single(Seq(output.Single("NetworkPolicy", "team-kiro"), "spec", "ingress"));
        Assert.Equal(listened, Str(Assert.Single(Seq(ingress, "ports")), "port"));
    }

    /// <summary>
    /// A release newer than any agentset knows may be the one that ships the adapter: agentset
    /// cannot know that it ignores `[line]`, so it must not say so (it says so of known releases).
    /// </summary>
    [Fact]
    public void A_release_newer_than_any_agentset_knows_is_not_said_to_ignore_line()
    {
        var output = FunctionRunner.Rendered(LineOnly(FromSecrets, ", image: {tag: 1.0.0}"));

        Assert.DoesNotContain(output.ResultsOf("warning"), w => Str(w, "message")!.Contains("openab 1.0.0 ignores `[line]`", StringComparison.Ordinal));
    }

    /// <summary>An agent without a chat platform is told which platforms there are: LINE's native adapter is one of them.</summary>
    [Fact]
    public void The_error_of_an_agent_without_a_chat_platform_names_line_among_them()
    {
        // The credentials are written, `enabled: true` is forgotten.
        var output = FunctionRunner.Rendered(LineOnly("channelAccessTokenSecretRef: {name: line-bot, key: token}, channelSecretSecretRef: {name: line-bot, key: secret}"), exitCode: 1);

        var error = Assert.Single(Errors(output), e => Str(e, "field", "path") == "spec.agents.kiro");
        Assert.Matches(@"\bline\b", Str(error, "message"));
    }

    /// <summary>
    /// With configUrl the config at the URL must read the LINE credentials the pod is given: the
    /// info on configUrl names the variables it can reference, LINE's among them (the Service and
    /// the port are still rendered from line).
    /// </summary>
    [Fact]
    public void With_configUrl_the_info_names_the_LINE_variables_the_remote_config_can_reference()
    {
        var output = FunctionRunner.Rendered(LineOnly(FromSecrets, OwnImage + ", configUrl: 'https://config.example.com/openab.toml'"));

        var info = Assert.Single(output.ResultsOf("info"), i => Str(i, "field", "path") == "spec.agents.kiro.configUrl");
        Assert.Contains("${LINE_CHANNEL_ACCESS_TOKEN}", Str(info, "message"), StringComparison.Ordinal);
        Assert.Contains("${LINE_CHANNEL_SECRET}", Str(info, "message"), StringComparison.Ordinal);
    }

    /// <summary>
    /// A LINE channel secret is 32 hex digits, shown in LINE's console next to the user ID: pasted
    /// into an ID list, it is not an ID, and the error says so without showing it.
    /// </summary>
    [Theory]
    [InlineData("allowedUsers")]
    [InlineData("allowedGroups")]
    public void A_channel_secret_pasted_into_an_ID_list_is_refused_without_being_shown(string list)
    {
        const string PastedSecret = "5d41402abc4b2a76b9719d911017c592";
        var run = FunctionRunner.RunKrm(LineOnly($"{FromSecrets}, {list}: [\"{PastedSecret}\"]", OwnImage));

        Assert.Equal(1, run.ExitCode);
        Assert.Contains(Errors(new Output(run.Output)), e => Str(e, "field", "path") == $"spec.agents.kiro.line.{list}[0]");
        SecretHygiene.AssertNotShown(run, PastedSecret);
    }

    [Fact]
    public void A_line_written_only_in_configToml_is_warned_that_nothing_serves_its_webhooks()
    {
        var output = FunctionRunner.Rendered(AgentSetYaml.OneAgent("kiro", "      configToml: \"[line]\\nallowed_users = []\\n\""));

        var warning = Assert.Single(output.ResultsOf("warning"), w => Str(w, "field", "path") == "spec.agents.kiro.configToml" && Str(w, "message")!.Contains("line.enabled is false", StringComparison.Ordinal));
        Assert.Contains("no container port, Service or network policy ingress", Str(warning, "message"), StringComparison.Ordinal);
        Assert.Empty(output.OfKind("Service"));
    }

    [Fact]
    public void An_image_of_ones_own_with_a_release_number_is_told_to_check_it_reads_line_not_that_it_ignores_it()
    {
        var output = FunctionRunner.Rendered(LineOnly(FromSecrets, ", image: {repository: registry.example.com/openab-line, tag: 0.9.0-beta.12}"));

        Assert.DoesNotContain(output.ResultsOf("warning"), w => Str(w, "message")!.Contains("ignores `[line]`", StringComparison.Ordinal));
        var info = Assert.Single(output.ResultsOf("info"), i => Str(i, "field", "path") == "spec.agents.kiro.image.tag");
        Assert.Contains("check that this image reads it", Str(info, "message"), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("STT_API_KEY", ", stt: {enabled: true, apiKeySecretRef: {name: groq, key: key}}")]
    [InlineData("GATEWAY_WS_TOKEN", ", gateway: {enabled: true, url: 'ws://gw:8080/ws', deploy: false, tokenSecretRef: {name: ws, key: token}}")]
    public void ConfigToml_inherit_env_may_not_hand_any_wired_value_to_the_agent(string variable, string more)
    {
        var run = FunctionRunner.RunKrm(LineOnly(FromSecrets, OwnImage + more + $", configToml: \"[agent]\\ninherit_env = [\\\"{variable}\\\"]\\n\""));

        Assert.Equal(1, run.ExitCode);
        Assert.Contains(Errors(new Output(run.Output)), e => Str(e, "field", "path") == "spec.agents.kiro.configToml" && Str(e, "message")!.Contains(variable, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("externalsecret-gateway-teams-app-secret")]
    [InlineData("externalsecret-teams-app-secret")]
    [InlineData("externalsecret-line-channel-secret")]
    [InlineData("externalsecret-stt-api-key")]
    public void The_files_an_ExternalSecret_of_a_value_goes_to_are_known_as_the_functions(string file) =>
        Assert.True(ObjectMetadata.IsFileOf("ExternalSecret", file));
}
