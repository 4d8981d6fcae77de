using AgentSetFn.Tests.Support;
using static AgentSetFn.Tests.Support.Output;

namespace AgentSetFn.Tests.ChartParity;

/// <summary>
/// openab's chart tests charts/openab/tests/config-url_test.yaml (chart 0.9.0-beta.12, stored
/// commit ba588d9dba52bcb6d8679f249b9ecad5036279d7), ported by meaning: the same agent with
/// `configUrl`, the same fact about agentset's output. The chart's ConfigMap template and
/// Deployment template are agentset's ConfigMap and Deployment of the agent.
/// </summary>
public class ConfigUrlChartTests
{
    private const string Url = "https://example.com/config.toml";

    private static Output Render(string agentLines = "") =>
        FunctionRunner.Rendered(AgentSetYaml.OneAgent("kiro", string.Join('\n', agentLines.Split('\n').Select(l => "      " + l))));

    private static YamlDotNet.RepresentationModel.YamlMappingNode AgentContainer(Output output) =>
        Seq(output.Single("Deployment", "team-kiro"), "spec", "template", "spec", "containers").First();

    // chart: "skips ConfigMap when configUrl is set"
    [Fact]
    public void Skips_ConfigMap_when_configUrl_is_set() =>
        Assert.Empty(Render($"configUrl: \"{Url}\"").OfKind("ConfigMap"));

    // chart: "renders ConfigMap when configUrl is not set"
    [Fact]
    public void Renders_ConfigMap_when_configUrl_is_not_set() =>
        Assert.Single(Render().OfKind("ConfigMap"));

    // chart: "adds run -c args when configUrl is set"
    [Fact]
    public void Adds_run_c_args_when_configUrl_is_set() =>
        Assert.Equal(["openab", "run", "-c", Url], Strings(AgentContainer(Render($"configUrl: \"{Url}\"")), "args"));

    // chart: "does not set args when configUrl is empty"
    [Fact]
    public void Does_not_set_args_when_configUrl_is_empty()
    {
        var output = Render("configUrl: \"\"");
        Assert.Null(Node(AgentContainer(output), "args"));
        Assert.Single(output.OfKind("ConfigMap"));
    }

    // chart: "omits config volume when configUrl is set"
    [Fact]
    public void Omits_config_volume_when_configUrl_is_set()
    {
        var volumes = Seq(Render($"configUrl: \"{Url}\"").Single("Deployment", "team-kiro"), "spec", "template", "spec", "volumes");
        Assert.DoesNotContain(volumes, v => Str(v, "name") == "config");
        Assert.Contains(Seq(Render().Single("Deployment", "team-kiro"), "spec", "template", "spec", "volumes"), v => Str(v, "name") == "config");
    }

    // chart: "omits config volumeMount when configUrl is set"
    [Fact]
    public void Omits_config_volumeMount_when_configUrl_is_set()
    {
        var mounts = Seq(AgentContainer(Render($"configUrl: \"{Url}\"\nagentsMd: be brief")), "volumeMounts");
        // AGENTS.md came from the ConfigMap too: no mount of the config volume is left.
        Assert.DoesNotContain(mounts, m => Str(m, "name") == "config");
        Assert.Contains(mounts, m => Str(m, "mountPath") == "/home/agent");
    }
}
