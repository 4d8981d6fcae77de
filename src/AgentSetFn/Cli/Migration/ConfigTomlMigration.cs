using AgentSetFn.Layout;
using AgentSetFn.Validation;
using YamlDotNet.RepresentationModel;
using static AgentSetFn.Cli.Migration.ChartValues;

namespace AgentSetFn.Cli.Migration;

/// <summary>
/// An agent's `configToml`: the chart mounts it instead of the config.toml it renders; the
/// AgentSet lays it over its own (Layout/RawConfigToml). Copied as written when it is TOML and
/// holds no credential by the rule validation applies (Validation/RawConfigTomlCheck), with a
/// note on the difference; otherwise left out with a note that names a line, never a value.
/// </summary>
internal sealed class ConfigTomlMigration(NotCarriedOver notes) : MigrationPart(notes)
{
    public const string Field = "configToml";

    public void Copy(YamlMappingNode agent, YamlMappingNode target, string path)
    {
        if (!agent.Children.TryGetValue(Field, out var node) || IsEmpty(node)) return;
        if (node is not YamlScalarNode { Value: { } toml })
        {
            Note($"{path}: not a string; not copied");
            return;
        }
        var (document, problems) = RawConfigToml.Parse(toml);
        if (document is null)
        {
            var problem = problems[0];
            Note($"{path}: not valid TOML ({(problem.Line > 0 ? $"line {problem.Line}: " : "")}{problem.Message}); not copied");
            return;
        }
        if (document.Strings.FirstOrDefault(s => RawConfigTomlCheck.InlineCredential(s) is not null) is { } secret)
        {
            Note($"{path}: line {secret.Line} {RawConfigTomlCheck.InlineCredential(secret)}; {path} not copied (it would land in git): "
                + "move the value into a Secret, add it to secretEnv, write `${NAME}` there and set configToml again");
            return;
        }
        target.Add(Field, node);
        Note($"{path}: copied as configToml; the chart used it instead of the config.toml it rendered, the AgentSet lays it over its own: "
            + "keys the document does not set keep the AgentSet's values, and each key it replaces is a warning (see \"Raw config.toml\" in docs/chat-options.md)");
    }
}
