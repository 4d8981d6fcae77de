using AgentSetFn.Tests.Support;
using static AgentSetFn.Tests.Support.Output;
using static AgentSetFn.Tests.ChartParity.GatewayChartTests;

namespace AgentSetFn.Tests.ChartParity;

/// <summary>
/// openab's chart tests charts/openab/tests/teams_registry_test.yaml, chart 0.9.0-beta.12 (the
/// search store's only version, commit c924914c215b4b875f6a62cb5054533ed1f1dee9), ported by
/// meaning: the Teams conversation registry's variables are set only with its path, and nothing
/// is mounted for it.
/// </summary>
public class TeamsRegistryChartTests
{
    private const string Teams = "enabled: true, url: \"ws://team-kiro-gateway:8080/ws\", platform: teams, teams: {appId: test-app, appSecretSecretRef: {name: teams, key: secret}";

    // chart: "keeps registry disabled and adds no volume by default"
    [Fact]
    public void Keeps_registry_disabled_and_adds_no_volume_by_default()
    {
        var output = Render(Teams + "}");
        Assert.DoesNotContain(GatewayEnv(output), e => Str(e, "name")!.StartsWith("TEAMS_CONVERSATION_REGISTRY_", StringComparison.Ordinal));
        // The gateway's only volume is its own /tmp.
        Assert.Equal(["tmp"], Seq(GatewayDeployment(output)!, "spec", "template", "spec", "volumes").Select(v => Str(v, "name")));
    }

    // chart: "renders integer defaults after an explicit path"
    [Fact]
    public void Renders_integer_defaults_after_an_explicit_path()
    {
        var env = GatewayEnv(Render(Teams + ", conversationRegistryPath: /var/lib/openab/teams/conversations.json}"));
        Assert.Equal("1000", EnvValue(env, "TEAMS_CONVERSATION_REGISTRY_MAX_ENTRIES"));
        Assert.Equal("31536000", EnvValue(env, "TEAMS_CONVERSATION_REGISTRY_TTL_SECS"));
    }

    // chart: "renders bounded registry settings only after an explicit path"
    [Fact]
    public void Renders_bounded_registry_settings_only_after_an_explicit_path()
    {
        var run = FunctionRunner.RunKrm(Kiro(Teams + ", conversationRegistryPath: /var/lib/openab/teams/conversations.json, conversationRegistryMaxEntries: 123, conversationRegistryTtlSecs: 456}"));
        Assert.Equal(0, run.ExitCode);
        var output = new Output(run.Output);
        var env = GatewayEnv(output);
        Assert.Equal("/var/lib/openab/teams/conversations.json", EnvValue(env, "TEAMS_CONVERSATION_REGISTRY_PATH"));
        Assert.Equal("123", EnvValue(env, "TEAMS_CONVERSATION_REGISTRY_MAX_ENTRIES"));
        Assert.Equal("456", EnvValue(env, "TEAMS_CONVERSATION_REGISTRY_TTL_SECS"));
        Assert.Equal(["tmp"], Seq(GatewayDeployment(output)!, "spec", "template", "spec", "volumes").Select(v => Str(v, "name")));
        // Nothing is mounted there: agentset says the file is on the read-only root filesystem.
        Assert.Contains(output.ResultsOf("warning"), w => Str(w, "field", "path") == "spec.agents.kiro.gateway.teams.conversationRegistryPath");
        // Without the path the bounds are not set.
        var without = GatewayEnv(Render(Teams + ", conversationRegistryMaxEntries: 123}"));
        Assert.Null(EnvValue(without, "TEAMS_CONVERSATION_REGISTRY_MAX_ENTRIES"));
    }
}
