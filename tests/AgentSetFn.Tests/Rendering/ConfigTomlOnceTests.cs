using AgentSetFn.Api;
using AgentSetFn.Layout;
using AgentSetFn.Tests.Support;
using AgentSetFn.Validation;
using KrmFn;
using YamlDotNet.RepresentationModel;

namespace AgentSetFn.Tests.Rendering;

/// <summary>
/// An agent's config.toml is written once and then read by every check and by rendering; an
/// agent that differs (a new resolved agent) gets its own.
/// </summary>
public class ConfigTomlOnceTests
{
    private static ResolvedAgent Kiro()
    {
        var (set, diagnostics) = AgentSetReader.Read((YamlMappingNode)ResourceListIo.ParseDocuments(FunctionRunner.Fixture("kiro"))[0], new SourceLocation("agentset.yaml", 0));
        Assert.False(diagnostics.HasErrors);
        return ResolvedAgent.Resolve(set!, set!.Agents[0]);
    }

    [Fact]
    public void The_text_is_written_once_per_agent()
    {
        var agent = Kiro();

        Assert.Same(OpenabConfigToml.Write(agent), OpenabConfigToml.Write(agent));
        Assert.Same(OpenabConfigToml.Write(agent, tokenReferences: true), OpenabConfigToml.Write(agent, tokenReferences: true));
        Assert.Same(OpenabConfigToml.Write(agent, tokenReferences: false), OpenabConfigToml.Write(agent, tokenReferences: false));
        Assert.Contains("${DISCORD_BOT_TOKEN}", OpenabConfigToml.Write(agent, tokenReferences: true), StringComparison.Ordinal);
        Assert.DoesNotContain("${DISCORD_BOT_TOKEN}", OpenabConfigToml.Write(agent, tokenReferences: false), StringComparison.Ordinal);
    }

    [Fact]
    public void Another_agent_gets_its_own_text()
    {
        var agent = Kiro();
        var before = OpenabConfigToml.Write(agent);

        var changed = agent with { Definition = agent.Definition with { Pool = new PoolSettings(3, 24) } };

        Assert.Contains("max_sessions = 3\n", OpenabConfigToml.Write(changed), StringComparison.Ordinal);
        Assert.DoesNotContain("max_sessions = 3\n", before, StringComparison.Ordinal);
        Assert.Same(before, OpenabConfigToml.Write(agent));
    }
}
