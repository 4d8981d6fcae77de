using System.Text;
using AgentSetFn.Tests.Support;
using YamlDotNet.RepresentationModel;
using static AgentSetFn.Tests.Support.Output;

namespace AgentSetFn.Tests.ChartParity;

/// <summary>
/// openab's chart tests charts/openab/tests/gateway_test.yaml, chart 0.8.3-beta.4 (the May 2026
/// snapshot, commit 0ec5b8f; its 36 cases are a superset of the two older versions the search
/// store holds, b9fa23d5 and cdd8a508), ported by meaning: the same input as an AgentSet,
/// asserting the same fact about agentset's output, or agentset's refusal where the chart fails.
///
/// Where the chart renders a gateway that serves no platform (only `url` set, the default
/// platform telegram without its bot token), agentset refuses it, naming the missing
/// credential; those cases give the platform its credential from a Secret and assert the
/// refusal without it as well. The chart's `RELEASE-NAME-openab-kiro-gateway` is agentset's
/// `team-kiro-gateway`.
/// </summary>
public class GatewayChartTests
{
    private const string Url = "ws://openab-gateway:8080/ws";
    private const string TelegramFromSecret = "telegram: {botTokenSecretRef: {name: telegram, key: token}}";
    private const string LineFromSecret = "line: {channelSecretSecretRef: {name: line, key: secret}}";

    /// <summary>AgentSet `team`, agent `kiro` on Discord, with `gateway: {fields}` when given.</summary>
    internal static string Kiro(string? gateway, string agentLines = "") =>
        AgentSetYaml.OneAgent("kiro", (gateway is null ? "" : $"      gateway: {{{gateway}}}\n") + agentLines);

    internal static Output Render(string? gateway, string agentLines = "") => FunctionRunner.Rendered(Kiro(gateway, agentLines));

    internal static string ConfigToml(Output output) => Str(output.Single("ConfigMap", "team-kiro"), "data", "config.toml")!;

    internal static YamlMappingNode? GatewayDeployment(Output output) =>
        output.OfKind("Deployment").SingleOrDefault(d => Str(d, "metadata", "name") == "team-kiro-gateway");

    internal static List<YamlMappingNode> GatewayEnv(Output output) =>
        [.. Seq(Seq(GatewayDeployment(output)!, "spec", "template", "spec", "containers").First(), "env")];

    internal static string? EnvValue(List<YamlMappingNode> env, string name) => env.Where(e => Str(e, "name") == name).Select(e => Str(e, "value")).SingleOrDefault();

    internal static string? EnvSecret(List<YamlMappingNode> env, string name) =>
        env.Where(e => Str(e, "name") == name).Select(e => $"{Str(e, "valueFrom", "secretKeyRef", "name")}/{Str(e, "valueFrom", "secretKeyRef", "key")}").SingleOrDefault();

    private static YamlMappingNode? GatewaySecret(Output output) =>
        output.OfKind("Secret").SingleOrDefault(s => Str(s, "metadata", "name") == "team-kiro-gateway");

    private static string Base64(string text) => Convert.ToBase64String(Encoding.UTF8.GetBytes(text));

    // --- suite: gateway config rendering (templates/configmap.yaml) ---

    // chart: "does not render [gateway] when gateway not configured"
    [Fact]
    public void Does_not_render_gateway_when_gateway_not_configured() =>
        Assert.DoesNotContain("[gateway]", ConfigToml(Render(null)), StringComparison.Ordinal);

    // chart: "does not render [gateway] when enabled is false"
    [Fact]
    public void Does_not_render_gateway_when_enabled_is_false()
    {
        var output = Render($"enabled: false, url: \"{Url}\"");
        Assert.DoesNotContain("[gateway]", ConfigToml(output), StringComparison.Ordinal);
        Assert.Null(GatewayDeployment(output));
    }

    // chart: "renders [gateway] when enabled is true with url"
    [Fact]
    public void Renders_gateway_when_enabled_is_true_with_url()
    {
        var toml = ConfigToml(Render($"enabled: true, url: \"{Url}\", {TelegramFromSecret}"));
        Assert.Contains("\n[gateway]\n", toml, StringComparison.Ordinal);
        Assert.Contains($"url = \"{Url}\"", toml, StringComparison.Ordinal);
        Assert.Contains("platform = \"telegram\"", toml, StringComparison.Ordinal);
    }

    // chart: "fails when enabled is true but url is empty"
    [Fact]
    public void Fails_when_enabled_is_true_but_url_is_empty() =>
        ErrorResults.AssertErrorAt(FunctionRunner.RunKrm(Kiro($"enabled: true, url: \"\", {TelegramFromSecret}")),
            "spec.agents.kiro.gateway.url|is required when gateway.enabled is true");

    // chart: "renders token placeholder when token is set"
    [Fact]
    public void Renders_token_placeholder_when_token_is_set()
    {
        var run = FunctionRunner.RunKrm(Kiro($"enabled: true, url: \"{Url}\", token: my-secret-ws-token, {TelegramFromSecret}"));
        Assert.Equal(0, run.ExitCode);
        var output = new Output(run.Output);
        Assert.Contains("token = \"${GATEWAY_WS_TOKEN}\"", ConfigToml(output), StringComparison.Ordinal);
        // The value itself is only in the agent's Secret, which both pods read.
        Assert.Equal(Base64("my-secret-ws-token"), Str(output.Single("Secret", "team-kiro"), "data", "gateway-ws-token"));
        Assert.Equal("team-kiro/gateway-ws-token", EnvSecret(GatewayEnv(output), "GATEWAY_WS_TOKEN"));
        Assert.DoesNotContain("my-secret-ws-token", run.Output.Replace(Base64("my-secret-ws-token"), "", StringComparison.Ordinal), StringComparison.Ordinal);
    }

    // chart: "omits token line when token is empty"
    [Fact]
    public void Omits_token_line_when_token_is_empty() =>
        Assert.DoesNotContain("GATEWAY_WS_TOKEN", ConfigToml(Render($"enabled: true, url: \"{Url}\", token: \"\", {TelegramFromSecret}")), StringComparison.Ordinal);

    // chart: "renders bot_username when set"
    [Fact]
    public void Renders_bot_username_when_set() =>
        Assert.Contains("bot_username = \"my_bot\"", ConfigToml(Render($"enabled: true, url: \"{Url}\", botUsername: my_bot, {TelegramFromSecret}")), StringComparison.Ordinal);

    // chart: "omits bot_username when not set"
    [Fact]
    public void Omits_bot_username_when_not_set() =>
        Assert.DoesNotContain("bot_username", ConfigToml(Render($"enabled: true, url: \"{Url}\", {TelegramFromSecret}")), StringComparison.Ordinal);

    // chart: "renders custom platform"
    [Fact]
    public void Renders_custom_platform() =>
        Assert.Contains("platform = \"line\"", ConfigToml(Render($"enabled: true, url: \"{Url}\", platform: line, {LineFromSecret}")), StringComparison.Ordinal);

    // chart: "renders [gateway] config when deploy is false"
    [Fact]
    public void Renders_gateway_config_when_deploy_is_false()
    {
        var toml = ConfigToml(Render("enabled: true, deploy: false, url: \"ws://external-gateway:8080/ws\""));
        Assert.Contains("\n[gateway]\n", toml, StringComparison.Ordinal);
        Assert.Contains("url = \"ws://external-gateway:8080/ws\"", toml, StringComparison.Ordinal);
    }

    // --- suite: gateway deployment rendering (templates/gateway.yaml) ---

    // chart: "does not render when gateway not enabled"
    [Fact]
    public void Does_not_render_deployment_when_gateway_not_enabled()
    {
        var output = Render(null);
        Assert.Null(GatewayDeployment(output));
        Assert.Empty(output.OfKind("Service"));
    }

    // chart: "renders Deployment and Service when gateway enabled"
    [Fact]
    public void Renders_Deployment_and_Service_when_gateway_enabled()
    {
        var output = Render($"enabled: true, url: \"{Url}\", {TelegramFromSecret}");
        Assert.NotNull(GatewayDeployment(output));
        var service = output.Single("Service", "team-kiro-gateway");
        var port = Seq(service, "spec", "ports").Single();
        Assert.Equal(("8080", "http", "TCP"), (Str(port, "port"), Str(port, "targetPort"), Str(port, "protocol")));
        // A gateway serving nothing (the default platform, telegram, without its token) is refused.
        ErrorResults.AssertErrorAt(FunctionRunner.RunKrm(Kiro($"enabled: true, url: \"{Url}\"")),
            "spec.agents.kiro.gateway.telegram|needs the Telegram bot token (gateway.platform is telegram)");
    }

    // chart: "does not render Deployment when deploy is false"
    [Fact]
    public void Does_not_render_Deployment_when_deploy_is_false()
    {
        var output = Render($"enabled: true, deploy: false, url: \"{Url}\"");
        Assert.Null(GatewayDeployment(output));
        Assert.Empty(output.OfKind("Service"));
        Assert.Equal(["ConfigMap", "Deployment"], output.Items.Select(i => Str(i, "kind")));
    }

    // chart: "injects TELEGRAM_BOT_TOKEN when telegram.botToken is set"
    [Fact]
    public void Injects_TELEGRAM_BOT_TOKEN_when_telegram_botToken_is_set() =>
        Assert.Equal("team-kiro-gateway/telegram-bot-token",
            EnvSecret(GatewayEnv(Render($"enabled: true, url: \"{Url}\", telegram: {{botToken: \"123:ABC\"}}")), "TELEGRAM_BOT_TOKEN"));

    // chart: "injects TELEGRAM_SECRET_TOKEN when set"
    [Fact]
    public void Injects_TELEGRAM_SECRET_TOKEN_when_set() =>
        Assert.Equal("team-kiro-gateway/telegram-secret-token",
            EnvSecret(GatewayEnv(Render($"enabled: true, url: \"{Url}\", telegram: {{botToken: \"123:ABC\", secretToken: my-secret}}")), "TELEGRAM_SECRET_TOKEN"));

    // chart: "injects TELEGRAM_WEBHOOK_PATH when set"
    [Fact]
    public void Injects_TELEGRAM_WEBHOOK_PATH_when_set() =>
        Assert.Equal("/custom/webhook",
            EnvValue(GatewayEnv(Render($"enabled: true, url: \"{Url}\", telegram: {{botToken: \"123:ABC\", webhookPath: /custom/webhook}}")), "TELEGRAM_WEBHOOK_PATH"));

    // chart: "does not inject telegram env vars when botToken not set"
    [Fact]
    public void Does_not_inject_telegram_env_vars_when_botToken_not_set()
    {
        var env = GatewayEnv(Render($"enabled: true, url: \"{Url}\", platform: line, {LineFromSecret}"));
        Assert.DoesNotContain(env, e => Str(e, "name")!.StartsWith("TELEGRAM_", StringComparison.Ordinal));
    }

    // chart: "injects LINE_CHANNEL_SECRET when set"
    [Fact]
    public void Injects_LINE_CHANNEL_SECRET_when_set() =>
        Assert.Equal("team-kiro-gateway/line-channel-secret",
            EnvSecret(GatewayEnv(Render($"enabled: true, url: \"{Url}\", platform: line, line: {{channelSecret: line-secret}}")), "LINE_CHANNEL_SECRET"));

    // chart: "injects LINE_CHANNEL_ACCESS_TOKEN when set"
    [Fact]
    public void Injects_LINE_CHANNEL_ACCESS_TOKEN_when_set() =>
        Assert.Equal("team-kiro-gateway/line-channel-access-token",
            EnvSecret(GatewayEnv(Render($"enabled: true, url: \"{Url}\", platform: line, line: {{channelSecret: line-secret, channelAccessToken: line-token}}")), "LINE_CHANNEL_ACCESS_TOKEN"));

    // chart: "enables Google Chat adapter when only audience is set (receive-only mode)"
    [Fact]
    public void Enables_Google_Chat_adapter_when_only_audience_is_set_receive_only_mode()
    {
        var env = GatewayEnv(Render($"enabled: true, url: \"{Url}\", platform: googlechat, googleChat: {{audience: \"https://example.com/webhook/googlechat\"}}"));
        Assert.Equal("true", EnvValue(env, "GOOGLE_CHAT_ENABLED"));
        Assert.Equal("https://example.com/webhook/googlechat", EnvValue(env, "GOOGLE_CHAT_AUDIENCE"));
    }

    // chart: "enables Google Chat adapter when only saKeyJson is set"
    [Fact]
    public void Enables_Google_Chat_adapter_when_only_saKeyJson_is_set()
    {
        var env = GatewayEnv(Render($"enabled: true, url: \"{Url}\", platform: googlechat, googleChat: {{saKeyJson: '{{\"client_email\":\"x\",\"private_key\":\"y\"}}'}}"));
        Assert.Equal("true", EnvValue(env, "GOOGLE_CHAT_ENABLED"));
        Assert.Equal("team-kiro-gateway/google-chat-sa-key-json", EnvSecret(env, "GOOGLE_CHAT_SA_KEY_JSON"));
    }

    // chart: "injects GOOGLE_CHAT_ACCESS_TOKEN when accessToken is set"
    [Fact]
    public void Injects_GOOGLE_CHAT_ACCESS_TOKEN_when_accessToken_is_set() =>
        Assert.Equal("team-kiro-gateway/google-chat-access-token",
            EnvSecret(GatewayEnv(Render($"enabled: true, url: \"{Url}\", platform: googlechat, googleChat: {{accessToken: ya29.test}}")), "GOOGLE_CHAT_ACCESS_TOKEN"));

    // chart: "injects GOOGLE_CHAT_WEBHOOK_PATH when set"
    [Fact]
    public void Injects_GOOGLE_CHAT_WEBHOOK_PATH_when_set() =>
        Assert.Equal("/custom/gc",
            EnvValue(GatewayEnv(Render($"enabled: true, url: \"{Url}\", platform: googlechat, googleChat: {{audience: \"https://example.com/webhook/googlechat\", webhookPath: /custom/gc}}")), "GOOGLE_CHAT_WEBHOOK_PATH"));

    // chart: "does not inject Google Chat env vars when no googleChat fields are set"
    [Fact]
    public void Does_not_inject_Google_Chat_env_vars_when_no_googleChat_fields_are_set()
    {
        var env = GatewayEnv(Render($"enabled: true, url: \"{Url}\", {TelegramFromSecret}"));
        Assert.DoesNotContain(env, e => Str(e, "name")!.StartsWith("GOOGLE_CHAT_", StringComparison.Ordinal));
    }

    // chart: "renders extraContainers as sidecars"
    [Fact]
    public void Renders_extraContainers_as_sidecars()
    {
        var deployment = GatewayDeployment(Render($"enabled: true, url: \"{Url}\", {TelegramFromSecret}, extraContainers: [{{name: cloudflared, image: \"cloudflare/cloudflared:2025.4.0\", args: [tunnel, run]}}]"))!;
        var sidecar = Seq(deployment, "spec", "template", "spec", "containers").Single(c => Str(c, "name") == "cloudflared");
        Assert.Equal("cloudflare/cloudflared:2025.4.0", Str(sidecar, "image"));
        Assert.Equal(["tunnel", "run"], Strings(sidecar, "args"));
        // Hardened like every container the function renders.
        Assert.Equal("false", Str(sidecar, "securityContext", "allowPrivilegeEscalation"));
        // The chart's example, `:latest`, is not pinned: agentset warns.
        var run = FunctionRunner.RunKrm(Kiro($"enabled: true, url: \"{Url}\", {TelegramFromSecret}, extraContainers: [{{name: cloudflared, image: \"cloudflare/cloudflared:latest\"}}]"));
        Assert.Equal(0, run.ExitCode);
        Assert.Contains(new Output(run.Output).ResultsOf("warning"), w => Str(w, "field", "path") == "spec.agents.kiro.gateway.extraContainers[0].image");
    }

    // chart: "renders extraVolumes and extraVolumeMounts"
    [Fact]
    public void Renders_extraVolumes_and_extraVolumeMounts()
    {
        var deployment = GatewayDeployment(Render($"enabled: true, url: \"{Url}\", {TelegramFromSecret}, "
            + "extraVolumeMounts: [{name: tunnel-creds, mountPath: /etc/cloudflared, readOnly: true}], extraVolumes: [{name: tunnel-creds, secret: {secretName: cloudflared-creds}}]"))!;
        var mount = Seq(Seq(deployment, "spec", "template", "spec", "containers").First(), "volumeMounts").Single(m => Str(m, "name") == "tunnel-creds");
        Assert.Equal(("/etc/cloudflared", "true"), (Str(mount, "mountPath"), Str(mount, "readOnly")));
        var volume = Seq(deployment, "spec", "template", "spec", "volumes").Single(v => Str(v, "name") == "tunnel-creds");
        Assert.Equal("cloudflared-creds", Str(volume, "secret", "secretName"));
    }

    // chart: "renders nodeSelector when set"
    [Fact]
    public void Renders_nodeSelector_when_set() =>
        Assert.Equal("amd64", Str(GatewayDeployment(Render($"enabled: true, url: \"{Url}\", {TelegramFromSecret}, nodeSelector: {{kubernetes.io/arch: amd64}}"))!,
            "spec", "template", "spec", "nodeSelector", "kubernetes.io/arch"));

    // --- suite: gateway secret rendering (templates/gateway-secret.yaml) ---

    // chart: "does not render when gateway not enabled"
    [Fact]
    public void Does_not_render_secret_when_gateway_not_enabled() =>
        Assert.Null(GatewaySecret(Render("enabled: false, telegram: {botToken: \"123:ABC\"}")));

    // chart: "does not render when deploy is false"
    [Fact]
    public void Does_not_render_secret_when_deploy_is_false()
    {
        var run = FunctionRunner.RunKrm(Kiro($"enabled: true, deploy: false, url: \"{Url}\", telegram: {{botToken: \"123:ABC\"}}"));
        Assert.Equal(0, run.ExitCode);
        var output = new Output(run.Output);
        Assert.Null(GatewaySecret(output));
        Assert.DoesNotContain(Base64("123:ABC"), run.Output, StringComparison.Ordinal);
        // The unused credential is named in a warning.
        Assert.Contains(output.ResultsOf("warning"), w => Str(w, "field", "path") == "spec.agents.kiro.gateway" && Str(w, "message")!.Contains("telegram", StringComparison.Ordinal));
    }

    // chart: "renders telegram secrets"
    [Fact]
    public void Renders_telegram_secrets()
    {
        var secret = GatewaySecret(Render($"enabled: true, url: \"{Url}\", telegram: {{botToken: \"123:ABC\", secretToken: my-secret}}"))!;
        Assert.Equal("MTIzOkFCQw==", Str(secret, "data", "telegram-bot-token"));
        Assert.Equal("bXktc2VjcmV0", Str(secret, "data", "telegram-secret-token"));
    }

    // chart: "renders LINE secrets"
    [Fact]
    public void Renders_LINE_secrets()
    {
        var secret = GatewaySecret(Render($"enabled: true, url: \"{Url}\", platform: line, line: {{channelSecret: line-secret, channelAccessToken: line-token}}"))!;
        Assert.Equal("bGluZS1zZWNyZXQ=", Str(secret, "data", "line-channel-secret"));
        Assert.Equal("bGluZS10b2tlbg==", Str(secret, "data", "line-channel-access-token"));
    }

    // chart: "renders Teams secret only"
    [Fact]
    public void Renders_Teams_secret_only()
    {
        var secret = GatewaySecret(Render($"enabled: true, url: \"{Url}\", platform: teams, teams: {{appId: app-id, appSecret: app-secret}}"))!;
        Assert.Equal(["teams-app-secret"], ((YamlMappingNode)Node(secret, "data")!).Children.Keys.Select(k => k.ToString()));
        Assert.Equal("YXBwLXNlY3JldA==", Str(secret, "data", "teams-app-secret"));
    }

    // chart: "renders Google Chat saKeyJson secret"
    [Fact]
    public void Renders_Google_Chat_saKeyJson_secret() =>
        Assert.Equal("eyJjbGllbnRfZW1haWwiOiJ4In0=",
            Str(GatewaySecret(Render($"enabled: true, url: \"{Url}\", platform: googlechat, googleChat: {{saKeyJson: '{{\"client_email\":\"x\"}}'}}"))!, "data", "google-chat-sa-key-json"));

    // chart: "renders Google Chat accessToken secret"
    [Fact]
    public void Renders_Google_Chat_accessToken_secret() =>
        Assert.Equal("eWEyOS50ZXN0",
            Str(GatewaySecret(Render($"enabled: true, url: \"{Url}\", platform: googlechat, googleChat: {{accessToken: ya29.test}}"))!, "data", "google-chat-access-token"));

    // chart: "does not render Google Chat secret when only audience is set"
    [Fact]
    public void Does_not_render_Google_Chat_secret_when_only_audience_is_set() =>
        Assert.Null(GatewaySecret(Render($"enabled: true, url: \"{Url}\", platform: googlechat, googleChat: {{audience: \"https://example.com/webhook/googlechat\"}}")));

    // chart: "does not render when no platform secrets configured"
    [Fact]
    public void Does_not_render_secret_when_no_platform_secrets_configured()
    {
        var output = Render($"enabled: true, url: \"{Url}\", {TelegramFromSecret}");
        Assert.Null(GatewaySecret(output));
        Assert.Equal("telegram/token", EnvSecret(GatewayEnv(output), "TELEGRAM_BOT_TOKEN"));
    }
}
