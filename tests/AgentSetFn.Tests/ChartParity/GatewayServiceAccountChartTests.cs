using AgentSetFn.Tests.Support;
using static AgentSetFn.Tests.Support.Output;
using static AgentSetFn.Tests.ChartParity.GatewayChartTests;

namespace AgentSetFn.Tests.ChartParity;

/// <summary>
/// openab's chart tests charts/openab/tests/gateway_serviceaccount_test.yaml, chart 0.9.0-beta.12
/// (the search store's version at commit dabc2fce06105f2354bbccf576ba64f814cf6e33, whose template,
/// templates/gateway.yaml at 2505ad0c, sets the gateway's service account from
/// gateway.serviceAccountName only), ported by meaning. The store also holds a version (31cea79d)
/// in which the gateway falls back to the agent's and the chart-global service account; agentset
/// follows the one above: the agent's service account (which may carry cloud permissions, such as
/// the S3 role) is never the gateway's. agentset has no chart-global serviceAccountName; its
/// equivalent is spec.defaults.serviceAccountName, which is the agents'.
/// </summary>
public class GatewayServiceAccountChartTests
{
    private const string Gateway = "enabled: true, url: \"ws://team-kiro-gateway:8080/ws\", telegram: {botTokenSecretRef: {name: telegram, key: token}}";

    private static string? GatewayServiceAccount(string gateway, string agentLines = "", string specDefaults = "")
    {
        var yaml = Kiro(gateway, agentLines);
        if (specDefaults.Length > 0) yaml = yaml.Replace("spec:\n", $"spec:\n  defaults: {{{specDefaults}}}\n", StringComparison.Ordinal);
        var output = FunctionRunner.Rendered(yaml);
        return Str(GatewayDeployment(output)!, "spec", "template", "spec", "serviceAccountName");
    }

    // chart: "does not render a gateway serviceAccountName when no value is set"
    [Fact]
    public void Does_not_render_a_gateway_serviceAccountName_when_no_value_is_set() => Assert.Null(GatewayServiceAccount(Gateway));

    // chart: "does not inherit the chart-global serviceAccountName"
    [Fact]
    public void Does_not_inherit_the_chart_global_serviceAccountName() =>
        Assert.Null(GatewayServiceAccount(Gateway, specDefaults: "serviceAccountName: global-runtime"));

    // chart: "does not inherit per-agent or global serviceAccountName"
    [Fact]
    public void Does_not_inherit_per_agent_or_global_serviceAccountName()
    {
        Assert.Null(GatewayServiceAccount(Gateway, "      serviceAccountName: agent-runtime\n", "serviceAccountName: global-runtime"));
        var output = FunctionRunner.Rendered(Kiro(Gateway, "      serviceAccountName: agent-runtime\n"));
        Assert.Equal("agent-runtime", Str(output.Single("Deployment", "team-kiro"), "spec", "template", "spec", "serviceAccountName"));
    }

    // chart: "gateway serviceAccountName overrides per-agent and global values"
    [Fact]
    public void Gateway_serviceAccountName_overrides_per_agent_and_global_values() =>
        Assert.Equal("gateway-runtime", GatewayServiceAccount(Gateway + ", serviceAccountName: gateway-runtime",
            "      serviceAccountName: agent-runtime\n", "serviceAccountName: global-runtime"));

    // chart: "renders ADC target and the dedicated gateway runtime service account together"
    [Fact]
    public void Renders_ADC_target_and_the_dedicated_gateway_runtime_service_account_together()
    {
        var output = FunctionRunner.Rendered(Kiro("enabled: true, url: \"ws://team-kiro-gateway:8080/ws\", platform: googlechat, serviceAccountName: googlechat-runtime, "
            + "googleChat: {useAdc: true, adcTargetServiceAccount: openab-chat@project.iam.gserviceaccount.com}"));
        Assert.Equal("googlechat-runtime", Str(GatewayDeployment(output)!, "spec", "template", "spec", "serviceAccountName"));
        var env = GatewayEnv(output);
        Assert.Equal("openab-chat@project.iam.gserviceaccount.com", EnvValue(env, "GOOGLE_CHAT_ADC_TARGET_SERVICE_ACCOUNT"));
        Assert.Equal("true", EnvValue(env, "GOOGLE_CHAT_USE_ADC"));
        // The chart's `required`: useAdc without a target fails.
        ErrorResults.AssertErrorAt(FunctionRunner.RunKrm(Kiro("enabled: true, url: \"ws://team-kiro-gateway:8080/ws\", platform: googlechat, googleChat: {useAdc: true}")),
            "spec.agents.kiro.gateway.googleChat.adcTargetServiceAccount|is required when useAdc is true");
    }

    // chart: "quotes numeric-looking gateway serviceAccountName as a string"
    [Fact]
    public void Quotes_numeric_looking_gateway_serviceAccountName_as_a_string()
    {
        var run = FunctionRunner.RunKrm(Kiro(Gateway + ", serviceAccountName: \"123\""));
        Assert.Equal(0, run.ExitCode);
        Assert.Equal("123", Str(GatewayDeployment(new Output(run.Output))!, "spec", "template", "spec", "serviceAccountName"));
        Assert.Contains("serviceAccountName: \"123\"", run.Output, StringComparison.Ordinal);
    }
}
