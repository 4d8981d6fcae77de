using System.Text;

namespace AgentSetFn.Api;

/// <summary>
/// The field reference of docs/reference.md, generated from the API catalog (<see cref="AgentSetApi"/>):
/// one row per field, with its type, default and meaning. A test keeps the page's copy,
/// between <see cref="Begin"/> and <see cref="End"/>, equal to it.
/// </summary>
internal static class AgentSetDocs
{
    public const string Begin = "<!-- agentset-fields: generated from src/AgentSetFn/Api/AgentSetApi.cs, do not edit -->";
    public const string End = "<!-- /agentset-fields -->";

    /// <summary>The table of the AgentSet's fields, between the markers, ending in a newline.</summary>
    public static string FieldTable() => FieldTable(AgentSetApi.Root.Object);

    internal static string FieldTable(ObjectField resource)
    {
        var rows = new List<(string Path, Field Field)>();
        var agents = new List<ObjectField>();
        Collect(resource, "", rows, agents);
        // The fields of a map's values (an agent) come after the rest, relative to their entry.
        for (var i = 0; i < agents.Count; i++) Collect(agents[i], "", rows, agents);

        var text = new StringBuilder();
        text.Append(Begin).Append('\n');
        text.Append("Fields without `spec.` are an agent's: under `spec.agents.<agent>`, or `spec.defaults` for all agents.\n\n");
        text.Append("| field | type | default | meaning |\n|---|---|---|---|\n");
        foreach (var (path, field) in rows)
        {
            var defaultText = field.DefaultText is { } d ? $"`{d}`" : "";
            text.Append($"| `{path}` | {Cell(TypeText(field))} | {Cell(defaultText)} | {Cell(field.Description)} |\n");
        }
        text.Append(End).Append('\n');
        return text.ToString();
    }

    /// <summary>Rows for the fields of <paramref name="obj"/> and of the objects and lists of objects in it.</summary>
    private static void Collect(ObjectField obj, string prefix, List<(string, Field)> rows, List<ObjectField> agents)
    {
        foreach (var field in obj.Fields)
        {
            var path = prefix + field.Name;
            var shared = field is ObjectField { Definition: { } name } && agents.Any(a => a.Definition == name);
            if (field is not ObjectField || field.Description.Length > 0 || shared) rows.Add((path, field));
            switch (field)
            {
                case ObjectField child when !shared:
                    Collect(child, path + ".", rows, agents);
                    break;
                case ListField { Item: ObjectField item }:
                    Collect(item, path + "[].", rows, agents);
                    break;
                case MapField { Value: ObjectField value }:
                    agents.Add(value);
                    break;
            }
        }
    }

    private static string TypeText(Field field)
    {
        var type = field switch
        {
            StringField { Text: true } => "text",
            StringField => "string",
            IntField { Max: int.MaxValue } i => $"integer >= {i.Min}",
            IntField i => $"integer {i.Min}-{i.Max}",
            BoolField => "boolean",
            EnumField e => string.Join(", ", e.Values.Select(v => $"`{v}`")),
            ListField { Item: ObjectField } => "list of objects",
            ListField l => $"list of {TypeText(l.Item)}",
            MapField { Value: ObjectField } => "map of name to object",
            MapField m => $"map of string to {TypeText(m.Value)}",
            ObjectField { KubernetesType: { } k } => $"object, plus Kubernetes {k} fields",
            ObjectField => "object",
            KubernetesField { List: true } k => $"list of Kubernetes {k.KubernetesType}",
            KubernetesField k => $"Kubernetes {k.KubernetesType}",
            QuantityField => "Kubernetes quantity",
            _ => throw new NotSupportedException($"no type text for {field.GetType().Name}"),
        };
        if (field.Secret) type += ", secret";
        return field.Required ? type + ", required" : type;
    }

    /// <summary>Text for one table cell: a '|' would end it.</summary>
    private static string Cell(string text) => text.Replace("|", "\\|", StringComparison.Ordinal);

    /// <summary>Markdown text with every [text](target) link reduced to its text, for the schema.</summary>
    internal static string WithoutLinks(string markdown)
    {
        var text = new StringBuilder();
        var i = 0;
        while (i < markdown.Length)
        {
            var close = markdown[i] == '[' ? markdown.IndexOf(']', i) : -1;
            var end = close > 0 && close + 1 < markdown.Length && markdown[close + 1] == '(' ? markdown.IndexOf(')', close) : -1;
            if (end > 0)
            {
                text.Append(markdown, i + 1, close - i - 1);
                i = end + 1;
            }
            else
            {
                text.Append(markdown[i++]);
            }
        }
        return text.ToString();
    }
}
