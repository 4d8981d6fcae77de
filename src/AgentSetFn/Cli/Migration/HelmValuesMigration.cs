using AgentSetFn.Api;
using KrmFn;
using AgentSetFn.Validation;
using YamlDotNet.RepresentationModel;
using static AgentSetFn.Cli.Migration.ChartValues;

namespace AgentSetFn.Cli.Migration;

/// <summary>
/// `agentset migrate VALUES.yaml`: the openab Helm chart's values as an AgentSet. Both forms:
/// the single-agent chart (agent-broker: top-level `agent`, `agent.preset`, `image`,
/// `discord`, `pool`, `reactions`, `persistence`; <see cref="SingleAgentForm"/>) and the
/// `agents:` map (<see cref="AgentsForm"/>). Everything that has no AgentSet equivalent is
/// listed (<see cref="NotCarriedOver"/>), never dropped silently; tokens are never copied.
/// </summary>
internal static class HelmValuesMigration
{
    /// <summary>The AgentSet as YAML, headed by comments listing what was not carried over.</summary>
    public sealed record Result(string AgentSetYaml, NotCarriedOver NotCarriedOver);

    public static Result Migrate(YamlMappingNode values, string file, string name, string? ns)
    {
        var notes = new NotCarriedOver();
        var spec = new YamlMappingNode();
        var agents = new YamlMappingNode();
        if (values.Children.TryGetValue("agents", out var map) && map is YamlMappingNode agentsMap)
            new AgentsForm(notes).Migrate(values, agentsMap, agents, spec, name);
        else
            new SingleAgentForm(notes).Migrate(values, agents, name);

        var metadata = new YamlMappingNode { { "name", name } };
        if (!string.IsNullOrEmpty(ns)) metadata.Add("namespace", ns);
        metadata.Add("annotations", new YamlMappingNode { { "config.kubernetes.io/local-config", Quoted("true") } });
        if (spec.Children.Count > 0) spec = new YamlMappingNode(spec.Children.Prepend(new(new YamlScalarNode("agents"), agents)));
        else spec.Add("agents", agents);
        var resource = new YamlMappingNode
        {
            { "apiVersion", AgentSetApi.ApiVersion },
            { "kind", AgentSetApi.Kind },
            { "metadata", metadata },
            { "spec", spec },
        };
        return new Result(notes.Comment(file) + "\n" + ResourceListIo.Emit([resource]), notes);
    }
}
