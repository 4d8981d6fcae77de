using System.Text.RegularExpressions;
using AgentSetFn.Tests.Support;
using static AgentSetFn.Tests.ChartParity.ChartAgent;

namespace AgentSetFn.Tests.ChartParity;

/// <summary>
/// openab's chart tests charts/openab/tests/secretenv_test.yaml ("secretEnv — ConfigMap rendering
/// (inherit_env merge, no plaintext)"), chart 0.8.3-beta.4 (the May snapshot, commit
/// 0ec5b8f82208a502613d07a284f32d44aacf4d68: the newest version readable; the store's only one,
/// 97d851eef4119675a6187db9b0b2073040f1a859, is its older draft with the same six cases), ported by meaning: `secretEnv` of agent `kiro`, asserted on `[agent].inherit_env` and
/// on the ConfigMap holding no value.
/// </summary>
public class SecretEnvChartTests
{
    private const string Gemini = "{name: GEMINI_API_KEY, secretName: openab-secrets, secretKey: GEMINI_API_KEY}";

    private static string[] InheritEnv(string lines) => Strings(Table(Render(Kiro(lines: lines)), "agent"), "inherit_env");

    // chart: "adds secretEnv key to inherit_env in ConfigMap"
    [Fact]
    public void Adds_secretEnv_key_to_inherit_env_in_ConfigMap() => Assert.Equal(["GEMINI_API_KEY"], InheritEnv($"secretEnv: [{Gemini}]"));

    // chart: "does not render the secret value in ConfigMap"
    [Fact]
    public void Does_not_render_the_secret_value_in_ConfigMap()
    {
        var output = Render(Kiro(lines: $"secretEnv: [{Gemini}]"));
        var toml = ConfigToml(output);
        Assert.DoesNotMatch(new Regex(@"GEMINI_API_KEY\s*="), toml);
        Assert.False(Table(output, "agent").ContainsKey("env"));
        // The name reaches openab only through the pod's environment, from the Secret.
        Assert.Contains(Output.Seq(AgentContainer(output), "env"), e => Output.Str(e, "name") == "GEMINI_API_KEY"
            && Output.Str(e, "valueFrom", "secretKeyRef", "name") == "openab-secrets");
    }

    // chart: "merges secretEnv keys with existing inheritEnv and deduplicates"
    [Fact]
    public void Merges_secretEnv_keys_with_existing_inheritEnv_and_deduplicates() =>
        Assert.Equal(["GEMINI_API_KEY", "API_BASE_URL"], InheritEnv($"inheritEnv: [GEMINI_API_KEY, API_BASE_URL]\nsecretEnv: [{Gemini}]"));

    // chart: "renders multiple secretEnv keys in inherit_env"
    [Fact]
    public void Renders_multiple_secretEnv_keys_in_inherit_env() =>
        Assert.Equal(["GEMINI_API_KEY", "OPENAI_API_KEY"],
            InheritEnv($"secretEnv: [{Gemini}, {{name: OPENAI_API_KEY, secretName: openab-secrets, secretKey: OPENAI_API_KEY}}]"));

    // chart: "fails when secretEnv key conflicts with env"
    [Fact]
    public void Fails_when_secretEnv_key_conflicts_with_env()
    {
        var run = FunctionRunner.RunKrm(Kiro(lines: $"env: {{GEMINI_API_KEY: plaintext-value}}\nsecretEnv: [{Gemini}]"));
        ErrorResults.AssertRefused(run, "spec.agents.kiro.secretEnv[0].name|also exists in env", "secretEnv conflict", "plaintext-value");
    }

    // chart: "does not render inherit_env when neither inheritEnv nor secretEnv is set"
    [Fact]
    public void Does_not_render_inherit_env_when_neither_inheritEnv_nor_secretEnv_is_set() =>
        Assert.DoesNotContain("inherit_env", ConfigToml(Render(Kiro())), StringComparison.Ordinal);
}
