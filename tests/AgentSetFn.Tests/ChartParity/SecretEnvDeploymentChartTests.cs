using AgentSetFn.Tests.Support;
using YamlDotNet.RepresentationModel;
using static AgentSetFn.Tests.ChartParity.ChartAgent;

namespace AgentSetFn.Tests.ChartParity;

/// <summary>
/// openab's chart tests charts/openab/tests/secretenv_deployment_test.yaml ("secretEnv — Deployment
/// rendering and field validation"), chart 0.8.3-beta.4 (only in the May snapshot, commit
/// 0ec5b8f82208a502613d07a284f32d44aacf4d68; no newer version is stored), ported by meaning:
/// `secretEnv` of agent `kiro`, asserted on the agent container's env. The chart's one message
/// for a missing field ("secretEnv entries require name, secretName, and secretKey") is, in
/// agentset, an error on the missing field itself.
/// </summary>
public class SecretEnvDeploymentChartTests
{
    private static void AssertFromSecret(YamlMappingNode container, string name, string secret, string key) =>
        Assert.Contains(Output.Seq(container, "env"), e => Output.Str(e, "name") == name
            && Output.Str(e, "valueFrom", "secretKeyRef", "name") == secret
            && Output.Str(e, "valueFrom", "secretKeyRef", "key") == key
            && Output.Str(e, "value") is null);

    /// <summary>The entry (a flow mapping's body) without the field, and with it empty (the chart's test is truthiness): both refused at the field.</summary>
    private static void AssertMissing(string entry, string field)
    {
        foreach (var written in new[] { entry, $"{entry}, {field}: \"\"" })
            ErrorResults.AssertRefused(FunctionRunner.RunKrm(Kiro(lines: $"secretEnv: [{{{written}}}]")),
                $"spec.agents.kiro.secretEnv[0].{field}|is required", written);
    }

    // chart: "renders secretEnv as valueFrom.secretKeyRef in Deployment"
    [Fact]
    public void Renders_secretEnv_as_valueFrom_secretKeyRef_in_Deployment()
    {
        var output = Render(Kiro(lines: "secretEnv: [{name: GEMINI_API_KEY, secretName: openab-secrets, secretKey: GEMINI_API_KEY}]"));
        AssertFromSecret(AgentContainer(output), "GEMINI_API_KEY", "openab-secrets", "GEMINI_API_KEY");
    }

    // chart: "renders multiple secretEnv entries as separate secretKeyRef vars"
    [Fact]
    public void Renders_multiple_secretEnv_entries_as_separate_secretKeyRef_vars()
    {
        var output = Render(Kiro(lines: "secretEnv: [{name: GEMINI_API_KEY, secretName: openab-secrets, secretKey: GEMINI_API_KEY}, "
            + "{name: OPENAI_API_KEY, secretName: openab-secrets, secretKey: OPENAI_API_KEY}]"));
        var container = AgentContainer(output);
        AssertFromSecret(container, "GEMINI_API_KEY", "openab-secrets", "GEMINI_API_KEY");
        AssertFromSecret(container, "OPENAI_API_KEY", "openab-secrets", "OPENAI_API_KEY");
        Assert.Single(Output.Seq(container, "env"), e => Output.Str(e, "name") == "GEMINI_API_KEY");
    }

    // chart: "fails when secretEnv entry is missing secretKey"
    [Fact]
    public void Fails_when_secretEnv_entry_is_missing_secretKey() => AssertMissing("name: GEMINI_API_KEY, secretName: openab-secrets", "secretKey");

    // chart: "fails when secretEnv entry is missing secretName"
    [Fact]
    public void Fails_when_secretEnv_entry_is_missing_secretName() => AssertMissing("name: GEMINI_API_KEY, secretKey: GEMINI_API_KEY", "secretName");

    // chart: "fails when secretEnv entry is missing name"
    [Fact]
    public void Fails_when_secretEnv_entry_is_missing_name() => AssertMissing("secretName: openab-secrets, secretKey: GEMINI_API_KEY", "name");
}
