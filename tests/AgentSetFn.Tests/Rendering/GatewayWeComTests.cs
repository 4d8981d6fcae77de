using System.Text;
using AgentSetFn.Tests.Support;
using YamlDotNet.RepresentationModel;
using static AgentSetFn.Tests.ChartParity.GatewayChartTests;
using static AgentSetFn.Tests.Support.Output;

namespace AgentSetFn.Tests.Rendering;

/// <summary>
/// WeCom (企业微信) through the gateway: the chart's `gateway.wecom` values (chart 0.9.0-beta.12)
/// as AgentSet fields, its variables in the chart's order, its credentials in the gateway's
/// Secret under the chart's keys, and the checks of what the adapter needs.
/// </summary>
public class GatewayWeComTests
{
    private const string Url = "ws://openab-gateway:8080/ws";
    private const string AesKey = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQ"; // 43 characters

    private static string WeCom(string fields) => $"enabled: true, url: \"{Url}\", platform: wecom, wecom: {{{fields}}}";

    private static YamlMappingNode? GatewaySecret(Output output) =>
        output.OfKind("Secret").SingleOrDefault(s => Str(s, "metadata", "name") == "team-kiro-gateway");

    private static string Base64(string text) => Convert.ToBase64String(Encoding.UTF8.GetBytes(text));

    [Fact]
    public void Sets_the_WeCom_variables_in_the_charts_order_with_credentials_from_the_gateway_Secret()
    {
        var env = GatewayEnv(Render(WeCom($"corpId: ww01, secret: wecom-s3cret, token: wecom-t0ken, encodingAesKey: {AesKey}, agentId: \"1000002\", "
            + "webhookPath: /hooks/wecom, streamingEnabled: true, debounceSecs: 5")));
        Assert.Equal(["WECOM_CORP_ID", "WECOM_SECRET", "WECOM_TOKEN", "WECOM_ENCODING_AES_KEY", "WECOM_AGENT_ID", "WECOM_WEBHOOK_PATH",
            "WECOM_STREAMING_ENABLED", "WECOM_DEBOUNCE_SECS"], env.Select(e => Str(e, "name")!).Where(n => n.StartsWith("WECOM_", StringComparison.Ordinal)));
        Assert.Equal("ww01", EnvValue(env, "WECOM_CORP_ID"));
        Assert.Equal("team-kiro-gateway/wecom-secret", EnvSecret(env, "WECOM_SECRET"));
        Assert.Equal("team-kiro-gateway/wecom-token", EnvSecret(env, "WECOM_TOKEN"));
        Assert.Equal("team-kiro-gateway/wecom-encoding-aes-key", EnvSecret(env, "WECOM_ENCODING_AES_KEY"));
        Assert.Equal("1000002", EnvValue(env, "WECOM_AGENT_ID"));
        Assert.Equal("/hooks/wecom", EnvValue(env, "WECOM_WEBHOOK_PATH"));
        Assert.Equal("true", EnvValue(env, "WECOM_STREAMING_ENABLED"));
        Assert.Equal("5", EnvValue(env, "WECOM_DEBOUNCE_SECS"));
    }

    [Fact]
    public void Keeps_the_inline_credentials_in_the_gateway_Secret_under_the_charts_keys_and_nowhere_else()
    {
        var run = FunctionRunner.RunKrm(Kiro(WeCom($"corpId: ww01, secret: wecom-s3cret, token: wecom-t0ken, encodingAesKey: {AesKey}, agentId: \"1000002\"")));
        Assert.Equal(0, run.ExitCode);
        var output = new Output(run.Output);
        var secret = GatewaySecret(output)!;
        Assert.Equal(Base64("wecom-s3cret"), Str(secret, "data", "wecom-secret"));
        Assert.Equal(Base64("wecom-t0ken"), Str(secret, "data", "wecom-token"));
        Assert.Equal(Base64(AesKey), Str(secret, "data", "wecom-encoding-aes-key"));
        foreach (var value in new[] { "wecom-s3cret", "wecom-t0ken", AesKey })
        {
            Assert.DoesNotContain(value, run.Output, StringComparison.Ordinal);
            Assert.DoesNotContain(value, run.Error, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Reads_the_credentials_from_existing_Secrets()
    {
        var env = GatewayEnv(Render(WeCom("corpId: ww01, secretSecretRef: {name: wecom, key: secret}, tokenSecretRef: {name: wecom, key: token}, "
            + "encodingAesKeySecretRef: {name: wecom, key: aes}, agentId: \"1000002\"")));
        Assert.Equal("wecom/secret", EnvSecret(env, "WECOM_SECRET"));
        Assert.Equal("wecom/token", EnvSecret(env, "WECOM_TOKEN"));
        Assert.Equal("wecom/aes", EnvSecret(env, "WECOM_ENCODING_AES_KEY"));
        Assert.Null(EnvValue(env, "WECOM_STREAMING_ENABLED"));
        Assert.Null(EnvValue(env, "WECOM_DEBOUNCE_SECS"));
        Assert.Null(EnvValue(env, "WECOM_WEBHOOK_PATH"));
    }

    [Fact]
    public void Writes_the_platform_name_into_openabs_gateway_section() =>
        Assert.Contains("platform = \"wecom\"", ConfigToml(Render(WeCom("corpId: ww01, secretSecretRef: {name: wecom, key: secret}, agentId: \"1000002\""))), StringComparison.Ordinal);

    [Fact]
    public void Tells_that_the_gateway_receives_webhooks() =>
        Assert.Contains(Render(WeCom("corpId: ww01, secretSecretRef: {name: wecom, key: secret}, agentId: \"1000002\"")).ResultsOf("info"),
            i => Str(i, "field", "path") == "spec.agents.kiro.gateway" && Str(i, "message")!.Contains("receives webhooks", StringComparison.Ordinal));

    [Fact]
    public void No_WeCom_variables_without_corpId_and_secret()
    {
        var env = GatewayEnv(Render("enabled: true, url: \"" + Url + "\", telegram: {botTokenSecretRef: {name: telegram, key: token}}"));
        Assert.DoesNotContain(env, e => Str(e, "name")!.StartsWith("WECOM_", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("platform wecom without it", "enabled: true, url: \"ws://openab-gateway:8080/ws\", platform: wecom",
        "spec.agents.kiro.gateway.wecom|needs corpId and the WeCom app secret (gateway.platform is wecom)")]
    [InlineData("corpId without secret", "corpId: ww01, agentId: \"1\"", "spec.agents.kiro.gateway.wecom|needs the WeCom app secret with corpId")]
    [InlineData("secret without corpId", "secretSecretRef: {name: w, key: s}, agentId: \"1\"", "spec.agents.kiro.gateway.wecom|needs corpId with secret")]
    [InlineData("no agentId", "corpId: ww01, secretSecretRef: {name: w, key: s}", "spec.agents.kiro.gateway.wecom.agentId|is required when the WeCom adapter is on")]
    [InlineData("debounceSecs 0", "corpId: ww01, secretSecretRef: {name: w, key: s}, agentId: \"1\", debounceSecs: 0", "spec.agents.kiro.gateway.wecom.debounceSecs|")]
    [InlineData("debounceSecs text", "corpId: ww01, secretSecretRef: {name: w, key: s}, agentId: \"1\", debounceSecs: soon", "spec.agents.kiro.gateway.wecom.debounceSecs|")]
    [InlineData("streamingEnabled text", "corpId: ww01, secretSecretRef: {name: w, key: s}, agentId: \"1\", streamingEnabled: sometimes", "spec.agents.kiro.gateway.wecom.streamingEnabled|")]
    [InlineData("two forms of the secret", "corpId: ww01, secret: x, secretSecretRef: {name: w, key: s}, agentId: \"1\"", "spec.agents.kiro.gateway.wecom|")]
    [InlineData("settings without the adapter", "token: wecom-t0ken, agentId: \"1\"", "spec.agents.kiro.gateway.wecom|are used only with corpId and secret")]
    public void Refuses_what_the_adapter_cannot_use(string name, string fields, string expected)
    {
        var gateway = fields.StartsWith("enabled", StringComparison.Ordinal) ? fields : WeCom(fields);
        ErrorResults.AssertRefused(FunctionRunner.RunKrm(Kiro(gateway)), expected, name, "wecom-t0ken");
    }

    [Theory]
    [InlineData("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOP")]
    [InlineData("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQR")]
    public void An_inline_EncodingAESKey_of_the_wrong_length_is_refused_without_showing_it(string key) =>
        ErrorResults.AssertRefused(FunctionRunner.RunKrm(Kiro(WeCom($"corpId: ww01, secretSecretRef: {{name: w, key: s}}, agentId: \"1\", encodingAesKey: {key}"))),
            "spec.agents.kiro.gateway.wecom.encodingAesKey|must be 43 characters long", "wrong length", key);

    [Fact]
    public void A_secretEnv_that_hands_the_agent_the_WeCom_secret_is_an_error() =>
        ErrorResults.AssertErrorAt(FunctionRunner.RunKrm(Kiro(WeCom("corpId: ww01, secretSecretRef: {name: wecom, key: secret}, agentId: \"1\""),
                "      secretEnv:\n      - {name: LEAK, secretName: wecom, secretKey: secret}\n")),
            "spec.agents.kiro.secretEnv[0]|holds");
}
