using AgentSetFn.Api;
using YamlDotNet.RepresentationModel;
using static AgentSetFn.Cli.Migration.ChartValues;

namespace AgentSetFn.Cli.Migration;

/// <summary>
/// The single-agent chart (agent-broker): one agent, from the top-level `agent`, `image`,
/// `discord`, `pool`, `reactions` and `persistence`, keyed by its CLI's preset name.
/// </summary>
internal sealed class SingleAgentForm(NotCarriedOver notes) : MigrationPart(notes)
{
    private readonly AgentFields _fields = new(notes);
    private readonly EnvMigration _env = new(notes);
    private readonly ChatMigration _chat = new(notes);

    private static readonly Dictionary<string, string> PresetCommands = new(StringComparer.Ordinal)
    {
        ["kiro"] = "kiro-cli",
        ["claude"] = "claude-agent-acp",
        ["codex"] = "codex-acp",
        ["gemini"] = "gemini",
    };

    public void Migrate(YamlMappingNode values, YamlMappingNode agents, string setName)
    {
        var agent = Map(values, "agent") ?? new YamlMappingNode();
        var preset = Scalar(agent, "preset");
        var command = Command(agent, preset);
        var key = KeyFor(command);
        var result = new YamlMappingNode { { "command", command } };

        if (Map(values, "image") is { } image) _fields.CopyImage(image, result, "image");
        foreach (var field in AgentFields.SameFields.Where(f => f != "command"))
        {
            // The chart read args/workingDir from `agent`, the rest from the top level.
            var source = field is "args" or "workingDir" ? agent : values;
            _fields.Copy(source, field, result, field is "args" or "workingDir" ? $"agent.{field}" : field, skipWhenPreset: preset is { Length: > 0 } && field is "args" or "workingDir");
        }
        _env.NoteMovedSecrets("", $"{setName}-{key}-env", _env.MigrateEnv(result, "", [(Map(agent, "env"), "agent.env"), (Map(values, "env"), "env")], null, $"{setName}-{key}-env"));
        _chat.CopyDiscord(Map(values, "discord"), result, setName, key, "discord");
        CopyAsIs(values, "pool", result, "pool");
        CopyReactionsAndMarkdown(values, result, "");
        _fields.CopyPersistence(Map(values, "persistence"), result, "persistence", null);
        NoteReplicasAndStrategy(values, "");
        NoteUnknown(values, ["image", "replicas", "strategy", "resources", "persistence", "discord", "agent", "pool", "reactions", "markdown",
            "agentsMd", "env", "envFrom", "nodeSelector", "tolerations", "affinity"], "");
        NoteUnknown(agent, ["preset", "command", "args", "workingDir", "env"], "agent.");
        agents.Add(key, result);
    }

    /// <summary>The preset's CLI, else agent.command, else kiro-cli (the chart's default).</summary>
    private string Command(YamlMappingNode agent, string? preset)
    {
        string? command;
        if (!string.IsNullOrEmpty(preset))
        {
            command = PresetCommands.GetValueOrDefault(preset);
            if (command is null) Note($"agent.preset `{preset}` is not one of {string.Join(", ", PresetCommands.Keys)}; kiro-cli is used");
        }
        else
        {
            command = Scalar(agent, "command");
        }
        return command ?? "kiro-cli";
    }

    private static string KeyFor(string command) => KnownClis.Find(command) is { } cli
        ? PresetCommands.FirstOrDefault(p => p.Value == cli.Command).Key ?? "agent"
        : "agent";

    private void NoteReplicasAndStrategy(YamlMappingNode values, string prefix)
    {
        if (Scalar(values, "replicas") is { } replicas && replicas != "1") Note($"{prefix}replicas: `{replicas}` (an agent is one pod: its sessions live in it)");
        if (Map(values, "strategy") is { } strategy && Scalar(strategy, "type") is { } type && type != "Recreate")
            Note($"{prefix}strategy.type: `{type}` (agentset always uses Recreate)");
    }
}
