using System.Text.Json.Nodes;
using AgentSetFn.Api;
using KrmFn;
using AgentSetFn.Tests.Support;
using AgentSetFn.Validation;
using YamlDotNet.RepresentationModel;

namespace AgentSetFn.Tests.Api;

/// <summary>
/// A field declared once in the API catalog is read, validated, in the schema and in the docs:
/// each test adds a field to a copy of the catalog and runs the reader's checks, the schema
/// generator and the docs generator over that copy.
/// </summary>
public class FieldCatalogTests
{
    private static readonly ObjectField Pool = AgentSetApi.Pool.Object;

    /// <summary>The pool object with one more field, and the whole resource carrying it.</summary>
    private static (ObjectField Pool, ObjectField Resource) WithPoolField(Field field)
    {
        var pool = Pool.With(field);
        var agent = Replace(AgentSetApi.Agent.Object, Pool, pool);
        var spec = Replace(Replace(AgentSetApi.Spec.Object, AgentSetApi.Spec.Agents, AgentSetApi.Spec.Agents with { Value = agent }),
            AgentSetApi.Spec.Defaults, agent with { Name = "defaults", Description = AgentSetApi.Spec.Defaults.Description });
        return (pool, Replace(AgentSetApi.Root.Object, AgentSetApi.Spec.Object, spec));
    }

    private static ObjectField Replace(ObjectField obj, Field old, Field replacement)
    {
        Assert.Contains(old, obj.Fields);
        return obj with { Fields = [.. obj.Fields.Select(f => ReferenceEquals(f, old) ? replacement : f)] };
    }

    /// <summary>Reads `pool: {yaml}` with the pool's catalog entry, checking the extra field the way the reader checks fields.</summary>
    private static List<string> ReadPool(ObjectField pool, Field extra, string yaml)
    {
        var diagnostics = new Diagnostics(new SourceLocation("agentset.yaml", 0), null);
        var document = (YamlMappingNode)ResourceListIo.ParseDocuments($"pool: {yaml}")[0];
        var reader = new MappingReader(document, "spec.agents.kiro", diagnostics).Object(pool);
        Assert.NotNull(reader);
        _ = extra switch
        {
            IntField i => (object?)reader.Int(i),
            EnumField e => reader.OneOf(e),
            BoolField b => reader.Bool(b),
            StringField s => reader.String(s),
            ListField l => reader.StringList(l),
            _ => throw new NotSupportedException(extra.GetType().Name),
        };
        return [.. diagnostics.Results.Select(r => $"{r.FieldPath}: {r.Message}")];
    }

    private static JsonObject PoolSchema(ObjectField resource)
    {
        var schema = JsonNode.Parse(AgentSetSchema.JsonSchema(resource))!;
        return schema["definitions"]!["agent"]!["properties"]!["pool"]!.AsObject();
    }

    private static List<string> ValidatePool(ObjectField resource, string poolYaml)
    {
        var yaml = $"apiVersion: agentset.dev/v1alpha1\nkind: AgentSet\nmetadata: {{name: team}}\nspec: {{agents: {{kiro: {{pool: {poolYaml}}}}}}}\n";
        var document = (YamlMappingNode)ResourceListIo.ParseDocuments(yaml)[0];
        var validator = new JsonSchemaValidator(JsonNode.Parse(AgentSetSchema.JsonSchema(resource))!.AsObject());
        return validator.Validate(YamlJson.ToJson(document));
    }

    [Fact]
    public void An_integer_field_added_to_the_catalog_is_read_range_checked_in_the_schema_and_documented()
    {
        var warmSessions = new IntField("warmSessions", 0, 5) { Default = 1, Description = "Sessions started ahead of use." };
        var (pool, resource) = WithPoolField(warmSessions);

        // Without the field in the catalog it is unknown, with a suggestion from the catalog's names.
        Assert.Contains("spec.agents.kiro.pool.warmSessions: unknown field `warmSessions`: did you mean `maxSessions`?",
            ReadPool(Pool, warmSessions, "{warmSessions: 3}"));
        Assert.Empty(ReadPool(pool, warmSessions, "{warmSessions: 3}"));
        Assert.Equal(["spec.agents.kiro.pool.warmSessions: must be between 0 and 5, got 6"], ReadPool(pool, warmSessions, "{warmSessions: 6}"));
        Assert.Equal(["spec.agents.kiro.pool.warmSessions: must be an integer (unquoted), got a quoted string"], ReadPool(pool, warmSessions, "{warmSessions: \"3\"}"));
        Assert.Equal(["spec.agents.kiro.pool.warmSesions: unknown field `warmSesions`: did you mean `warmSessions`?"],
            ReadPool(pool, warmSessions, "{warmSesions: 3}"));

        var property = PoolSchema(resource)["properties"]!["warmSessions"]!;
        Assert.Equal("integer", property["type"]!.GetValue<string>());
        Assert.Equal(0, property["minimum"]!.GetValue<int>());
        Assert.Equal(5, property["maximum"]!.GetValue<int>());
        Assert.Equal("Sessions started ahead of use. Default: 1.", property["description"]!.GetValue<string>());
        Assert.Empty(ValidatePool(resource, "{warmSessions: 5}"));
        Assert.Contains("spec.agents.kiro.pool.warmSessions: above 5", ValidatePool(resource, "{warmSessions: 6}"));
        // The shipped schema does not know it: additionalProperties: false.
        Assert.NotEmpty(ValidatePool(AgentSetApi.Root.Object, "{warmSessions: 5}"));

        Assert.Contains("| `pool.warmSessions` | integer 0-5 | `1` | Sessions started ahead of use. |\n", AgentSetDocs.FieldTable(resource), StringComparison.Ordinal);
        Assert.DoesNotContain("warmSessions", AgentSetDocs.FieldTable(), StringComparison.Ordinal);
    }

    [Fact]
    public void An_enum_field_added_to_the_catalog_is_read_value_checked_in_the_schema_and_documented()
    {
        var strategy = new EnumField("strategy", ["lru", "fifo"]) { Description = "Which session | goes first." };
        var (pool, resource) = WithPoolField(strategy);

        Assert.Empty(ReadPool(pool, strategy, "{strategy: fifo}"));
        Assert.Equal(["spec.agents.kiro.pool.strategy: must be one of: lru, fifo; got `lfu` (did you mean `lru`?)"], ReadPool(pool, strategy, "{strategy: lfu}"));
        Assert.Equal(["spec.agents.kiro.pool.strategy: must be a string, got a list"], ReadPool(pool, strategy, "{strategy: [lru]}"));

        var property = PoolSchema(resource)["properties"]!["strategy"]!;
        Assert.Equal(["lru", "fifo"], property["enum"]!.AsArray().Select(v => v!.GetValue<string>()));
        Assert.Empty(ValidatePool(resource, "{strategy: lru}"));
        Assert.NotEmpty(ValidatePool(resource, "{strategy: lfu}"));

        // A '|' in a description does not break the table's row.
        Assert.Contains("| `pool.strategy` | `lru`, `fifo` |  | Which session \\| goes first. |\n", AgentSetDocs.FieldTable(resource), StringComparison.Ordinal);
    }

    [Fact]
    public void A_boolean_and_a_list_added_to_the_catalog_are_type_checked_as_the_reader_checks_them()
    {
        var prewarm = new BoolField("prewarm") { Default = false };
        var (pool, _) = WithPoolField(prewarm);
        Assert.Empty(ReadPool(pool, prewarm, "{prewarm: true}"));
        // Quoted "true" is a string, not a boolean.
        Assert.Equal(["spec.agents.kiro.pool.prewarm: must be a boolean (true or false, unquoted), got a quoted string"], ReadPool(pool, prewarm, "{prewarm: \"true\"}"));

        var ids = new ListField("ids", new StringField(""));
        var (withIds, resource) = WithPoolField(ids);
        Assert.Empty(ReadPool(withIds, ids, "{ids: [12345678901234567890]}"));
        Assert.Equal(["spec.agents.kiro.pool.ids[0]: must be a string, got a mapping"], ReadPool(withIds, ids, "{ids: [{a: b}]}"));
        Assert.Contains("| `pool.ids` | list of string |  |  |\n", AgentSetDocs.FieldTable(resource), StringComparison.Ordinal);
    }

    [Fact]
    public void Two_fields_that_share_a_definition_but_differ_are_refused()
    {
        // Discord's allowedChannels is a list of snowflakes; a field claiming that definition with another item type is a catalog mistake.
        var wrong = new ListField("other", new StringField("")) { Definition = "snowflakes" };
        var (_, resource) = WithPoolField(wrong);
        Assert.Throws<InvalidOperationException>(() => AgentSetSchema.JsonSchema(resource));
    }

    /// <summary>Every closed object of the catalog rejects unknown fields in the reader, naming exactly the catalog's fields.</summary>
    [Fact]
    public void Each_closed_object_of_the_catalog_is_closed_in_the_reader_with_the_catalogs_fields()
    {
        var closed = new List<(string[] Path, ObjectField Object)>();
        Collect(AgentSetApi.Root.Object, [], closed);
        Assert.True(closed.Count >= 20, $"only {closed.Count} closed objects found");
        foreach (var (path, obj) in closed)
        {
            var document = (YamlMappingNode)ResourceListIo.ParseDocuments("""
                apiVersion: agentset.dev/v1alpha1
                kind: AgentSet
                metadata: {name: team}
                spec: {agents: {a: {}}}
                """)[0];
            Descend(document, path).Add("zzzzzzzzzzzz", "1");
            var (_, diagnostics) = AgentSetReader.Read(document, new SourceLocation("agentset.yaml", 0));
            var where = path.Length == 0 ? "(root)" : string.Join('.', path);
            var probe = diagnostics.Results.SingleOrDefault(r => r.Message.StartsWith("unknown field `zzzzzzzzzzzz`", StringComparison.Ordinal));
            Assert.True(probe is not null, $"the reader accepted an unknown field at {where}");
            Assert.EndsWith($"known fields: {string.Join(", ", obj.Names)}", probe.Message, StringComparison.Ordinal);
        }
    }

    private static void Collect(ObjectField obj, string[] path, List<(string[], ObjectField)> closed)
    {
        if (obj.RejectsUnknownFields) closed.Add((path, obj));
        foreach (var field in obj.Fields)
        {
            switch (field)
            {
                case ObjectField child when !(path.Length == 1 && field.Name == "defaults"):
                    Collect(child, [.. path, field.Name], closed);
                    break;
                case ListField { Item: ObjectField item }:
                    Collect(item, [.. path, field.Name, "[]"], closed);
                    break;
                case MapField { Value: ObjectField value }:
                    Collect(value, [.. path, field.Name, "a"], closed);
                    break;
            }
        }
    }

    /// <summary>The mapping at a path, creating mappings (and one-item lists for "[]").</summary>
    private static YamlMappingNode Descend(YamlMappingNode node, string[] path)
    {
        for (var i = 0; i < path.Length; i++)
        {
            if (i + 1 < path.Length && path[i + 1] == "[]")
            {
                var item = new YamlMappingNode();
                node.Children[path[i]] = new YamlSequenceNode(item);
                node = item;
                i++;
                continue;
            }
            if (!node.Children.TryGetValue(path[i], out var child) || child is not YamlMappingNode)
            {
                child = new YamlMappingNode();
                node.Children[path[i]] = child;
            }
            node = (YamlMappingNode)child;
        }
        return node;
    }

    /// <summary>The reference's field table is the generated one; AGENTSET_UPDATE_GOLDEN=1 rewrites it.</summary>
    [Fact]
    public void The_reference_field_table_is_generated_from_the_catalog()
    {
        var path = Path.Combine(Repo.Root, "docs", "reference.md");
        var page = File.ReadAllText(path);
        var begin = page.IndexOf(AgentSetDocs.Begin, StringComparison.Ordinal);
        var end = page.IndexOf(AgentSetDocs.End + "\n", StringComparison.Ordinal);
        Assert.True(begin >= 0 && end > begin, $"docs/reference.md lacks the markers {AgentSetDocs.Begin} ... {AgentSetDocs.End}");
        var generated = page[..begin] + AgentSetDocs.FieldTable() + page[(end + AgentSetDocs.End.Length + 1)..];
        Golden.AssertMatches(path, generated);
    }

    [Fact]
    public void Every_catalog_field_has_a_row_in_the_generated_table()
    {
        var table = AgentSetDocs.FieldTable();
        foreach (var path in new[] { "spec.output.directory", "spec.policy.allowHostPath", "pool.maxSessions", "persistence.s3.syncIntervalSeconds",
            "persistence.s3.credentialsExternalSecret.secretStoreRef.kind", "discord.allowedRoleIds", "slack.appToken", "setup[].image", "cronjobs[].platform", "livenessProbe.enabled" })
            Assert.Contains($"| `{path}` |", table, StringComparison.Ordinal);
        Assert.Contains("| `persistence.s3.syncIntervalSeconds` | integer 10-86400 | `300` |", table, StringComparison.Ordinal);
        Assert.Contains("| `slack.appToken` | string, secret |", table, StringComparison.Ordinal);
        // The agent's fields are listed once, relative to the agent, not again under spec.defaults.
        Assert.DoesNotContain("spec.defaults.", table, StringComparison.Ordinal);
        Assert.DoesNotContain("spec.agents.command", table, StringComparison.Ordinal);
    }
}
