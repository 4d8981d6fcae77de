using AgentSetFn.Api;
using KrmFn;
using AgentSetFn.Layout;
using Tomlyn;
using Tomlyn.Model;

namespace AgentSetFn.Validation;

/// <summary>
/// openab replaces every ${NAME} in the text of config.toml with its own environment variable
/// NAME before it parses the file (src/config.rs: the pattern \$\{(\w+)\} over the whole text,
/// comments included, an unknown name becoming empty, no escape), and again expands an
/// [agent].env value that is exactly ${NAME} (src/acp/connection.rs). A user's string in
/// config.toml holding `${` would so hand the agent, or a chat channel, the Discord token or any
/// other variable of openab's environment. So `${` is refused in every such string (any `${`, not
/// only what openab expands today: `$${A}}`, `${${A}}` and `${Ä}` are no safer).
///
/// The check runs over the config.toml text as it is rendered, less the function's own token
/// references: a string a future field writes is covered without being listed here. The text is
/// read back only to name the field.
/// </summary>
internal static class ConfigTomlStrings
{
    private const string Opening = "${";

    private const string Why =
        "openab replaces every ${NAME} in config.toml with its environment variable NAME before reading the file, and has no escape for it, " +
        "so this text would hand the agent (or a chat channel) the Discord token or any other variable of openab's environment; remove the `${`";

    public static void Validate(ResolvedAgent agent, string path, Diagnostics diagnostics)
    {
        var toml = OpenabConfigToml.Write(agent, tokenReferences: false);
        if (!toml.Contains(Opening, StringComparison.Ordinal)) return;

        var fields = new List<string>();
        try
        {
            if (TomlSerializer.Deserialize(toml, OpenabTomlContext.Default.TomlTable) is { } table) Find(table, [], fields);
        }
        catch (TomlException)
        {
            // The text is refused all the same; only the field cannot be named.
        }
        if (fields.Count == 0)
            diagnostics.Error(path, $"its config.toml would contain `${{`: {Why}");
        foreach (var field in fields.Distinct(StringComparer.Ordinal))
            diagnostics.Error($"{path}.{field}", $"contains `${{`: {Why}");
    }

    /// <summary>Every key or string value holding `${`, as the AgentSet field it came from.</summary>
    private static void Find(object? node, List<object> tomlPath, List<string> fields)
    {
        switch (node)
        {
            case string text when text.Contains(Opening, StringComparison.Ordinal):
                fields.Add(OpenabConfigToml.SourceField(tomlPath));
                break;
            case TomlTable table:
                foreach (var (key, value) in table)
                {
                    tomlPath.Add(key);
                    if (key.Contains(Opening, StringComparison.Ordinal)) fields.Add(OpenabConfigToml.SourceField(tomlPath));
                    else Find(value, tomlPath, fields);
                    tomlPath.RemoveAt(tomlPath.Count - 1);
                }
                break;
            case TomlTableArray tables:
                FindEach(tables, tomlPath, fields);
                break;
            case TomlArray array:
                FindEach(array, tomlPath, fields);
                break;
        }
    }

    private static void FindEach(System.Collections.IEnumerable items, List<object> tomlPath, List<string> fields)
    {
        var i = 0;
        foreach (var item in items)
        {
            tomlPath.Add(i++);
            Find(item, tomlPath, fields);
            tomlPath.RemoveAt(tomlPath.Count - 1);
        }
    }
}
