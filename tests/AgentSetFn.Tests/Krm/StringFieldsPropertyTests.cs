using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using AgentSetFn.Api;
using KrmFn;
using AgentSetFn.Layout;
using AgentSetFn.Rendering;
using AgentSetFn.Tests.Support;
using AgentSetFn.Validation;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace AgentSetFn.Tests.Krm;

/// <summary>
/// Property: whatever strings an AgentSet's free-text fields hold (bool, null, number and
/// timestamp look-alikes of YAML 1.1 and 1.2, indicators, random text), every YAML reader reads
/// the rendered objects back as exactly the objects the function rendered: YamlDotNet, PyYAML
/// (YAML 1.1) and kubectl (Go's reader; also decoded into kubectl's Go types). config.toml reads
/// back through Tomlyn with the same strings. Seeded: a failure names its round.
/// </summary>
public partial class StringFieldsPropertyTests
{
    private const int Rounds = 6;
    private const int RandomStringsPerRound = 60;

    // What the AgentSet's validation accepts in the constrained fields the strings also go to.
    [GeneratedRegex(@"\A[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?\z")]
    private static partial Regex LabelLike();

    [GeneratedRegex(@"\A[A-Za-z_][A-Za-z0-9_]*\z")]
    private static partial Regex EnvNameLike();

    [GeneratedRegex(@"\A[A-Za-z0-9][A-Za-z0-9 ._-]{0,62}\z")]
    private static partial Regex CronNameLike();

    [GeneratedRegex(@"\A[A-Za-z0-9._/-]+\z")]
    private static partial Regex GitRefLike();

    private static readonly string[] ReservedEnv = [.. PodLayout.PodIdentityVariables, "HOME", "DISCORD_BOT_TOKEN", "SLACK_BOT_TOKEN", "SLACK_APP_TOKEN", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN"];

    [Fact]
    public void Every_string_field_reads_back_exactly_in_yamldotnet_pyyaml_kubectl_and_tomlyn()
    {
        var directory = Directory.CreateTempSubdirectory("agentset-strings-");
        try
        {
            for (var round = 0; round < Rounds; round++) CheckRound(round, directory.FullName);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    private static void CheckRound(int round, string directory)
    {
        var random = new Random(20261130 + round);
        var strings = TrickyStrings.Sample(random, RandomStringsPerRound);
        var (agentSet, placed) = AgentSetHolding(strings, random);
        var agentSetFile = Path.Combine(directory, $"agentset-{round}.yaml");
        File.WriteAllText(agentSetFile, ResourceListIo.Emit([agentSet]));

        // What the function rendered (its objects as JSON), and what it wrote.
        var rendering = AgentSetFunction.ReadAndValidate((YamlMappingNode)ResourceListIo.ParseDocuments(File.ReadAllText(agentSetFile))[0], new SourceLocation(agentSetFile, 0));
        Assert.False(rendering.Failed, $"round {round}: " + string.Join("\n", rendering.Results.Select(r => $"{r.FieldPath}: {r.Message}")));
        var expected = rendering.Objects.Select(o => JsonSerializer.SerializeToNode(o.Model, o.TypeInfo)!.AsObject()).ToList();
        var stream = FunctionRunner.Run("", "render", agentSetFile);
        Assert.True(stream.ExitCode == 0, $"round {round}: {stream.Error}");
        var streamFile = Path.Combine(directory, $"stream-{round}.yaml");
        File.WriteAllText(streamFile, stream.Output);
        var krm = FunctionRunner.RunKrm(File.ReadAllText(agentSetFile));
        Assert.True(krm.ExitCode == 0, $"round {round}: {krm.Error}");
        var krmFile = Path.Combine(directory, $"krm-{round}.yaml");
        File.WriteAllText(krmFile, krm.Output);

        // Every placed string is in the objects (or in config.toml, checked below): none was dropped.
        var inObjects = new HashSet<string>(expected.SelectMany(StringsOf), StringComparer.Ordinal);
        var tomlStrings = new HashSet<string>(StringComparer.Ordinal);
        foreach (var configMap in expected.Where(o => (string?)o["kind"] == "ConfigMap"))
            CheckToml(configMap, placed, tomlStrings, round);
        foreach (var s in strings.Where(s => s.Length > 0))
            Assert.True(inObjects.Contains(s) || tomlStrings.Contains(s), $"round {round}: {JsonSerializer.Serialize(s)} is in no rendered object");

        // YamlDotNet.
        var yamlDotNet = ResourceListIo.ParseDocuments(stream.Output).Select(d => YamlJson.ToJson(d)!.AsObject()).ToList();
        AssertSameObjects(expected, yamlDotNet, $"round {round}, YamlDotNet");
        var krmItems = KrmItems(YamlJson.ToJson(ResourceListIo.ParseDocuments(krm.Output)[0])!);
        AssertSameObjects(expected, krmItems, $"round {round}, YamlDotNet (ResourceList)");

        // PyYAML, YAML 1.1.
        var py = OtherYamlReaders.PyYaml([streamFile, krmFile]);
        AssertSameObjects(expected, [.. OtherYamlReaders.Documents(py[0], $"round {round}").Select(d => d!.AsObject())], $"round {round}, PyYAML");
        AssertSameObjects(expected, KrmItems(OtherYamlReaders.Documents(py[1], $"round {round}").Single()!), $"round {round}, PyYAML (ResourceList)");

        // kubectl: Go's reader, then JSON; then the pod-carrying objects into Go types.
        var (exit, objects, error) = OtherYamlReaders.KubectlRead(streamFile);
        Assert.True(exit == 0, $"round {round}, kubectl: {error}");
        foreach (var o in objects)
        {
            var labels = o["metadata"]!["labels"]!.AsObject();
            labels.Remove(OtherYamlReaders.CheckLabel);
        }
        AssertSameObjects(expected, objects, $"round {round}, kubectl");
        var deployments = string.Join("---\n", stream.Output.Split("---\n").Where(d => d.StartsWith("apiVersion: apps/v1\nkind: Deployment\n", StringComparison.Ordinal)));
        Assert.NotEmpty(deployments);
        var deploymentsFile = Path.Combine(directory, $"deployments-{round}.yaml");
        File.WriteAllText(deploymentsFile, deployments);
        var typed = OtherYamlReaders.KubectlDecodeTyped(deploymentsFile);
        Assert.True(typed.Exit == 0, $"round {round}, kubectl set env --local: {typed.Error}");
        var decodedStrings = new HashSet<string>(typed.Objects.SelectMany(StringsOf), StringComparer.Ordinal);
        foreach (var (field, value) in placed.Where(p => p.Field.StartsWith("env", StringComparison.Ordinal) || p.Field.StartsWith("setup", StringComparison.Ordinal)))
            Assert.True(decodedStrings.Contains(value), $"round {round}: {field} {JsonSerializer.Serialize(value)} is not in kubectl's decoded Deployments");
    }

    /// <summary>
    /// An AgentSet whose free-text fields hold the strings: the lists and maps each take all of
    /// them, the single-valued fields one each, constrained fields (names, label values) those
    /// the validation accepts. Every input string is double-quoted, so the input is exact.
    /// </summary>
    private static (YamlMappingNode AgentSet, List<(string Field, string Value)> Placed) AgentSetHolding(List<string> strings, Random random)
    {
        var placed = new List<(string, string)>();
        YamlScalarNode S(string field, string value)
        {
            placed.Add((field, value));
            return new YamlScalarNode(value) { Style = ScalarStyle.DoubleQuoted };
        }
        YamlSequenceNode List(string field, IEnumerable<string> values) => new(values.Select(v => (YamlNode)S(field, v)));
        YamlMappingNode Map(string field, IEnumerable<(string Key, string Value)> pairs)
        {
            var map = new YamlMappingNode();
            foreach (var (key, value) in pairs.DistinctBy(p => p.Key)) map.Add(S(field + " key", key), S(field, value));
            return map;
        }
        string Next(Func<string, bool> accept)
        {
            var candidates = strings.Where(accept).ToList();
            return candidates[random.Next(candidates.Count)];
        }

        var labelLike = strings.Where(s => LabelLike().IsMatch(s)).ToList();
        var envNames = strings.Where(s => EnvNameLike().IsMatch(s) && !ReservedEnv.Contains(s)).ToList();
        var agents = new YamlMappingNode();
        for (var a = 0; a < 3; a++)
        {
            var values = strings.Skip(a).Concat(strings.Take(a)).ToList();
            // openab expands `${` anywhere in config.toml, so the AgentSet refuses it in every
            // string written there (ConfigTomlExpansionTests); the other fields still take it.
            var configValues = values.Where(v => !v.Contains("${", StringComparison.Ordinal)).ToList();
            bool ForConfig(string s) => !s.Contains("${", StringComparison.Ordinal);
            var agent = new YamlMappingNode
            {
                // A command is one executable (openab starts it without a shell): spaces only inside a path.
                { "command", S("command", Next(s => s.Length > 0 && !s.Contains('\n') && ForConfig(s) && s == s.Trim() && (s.Contains('/') || !s.Any(char.IsWhiteSpace)))) },
                { "args", List("args", configValues) },
                { "agentsMd", S("agentsMd", Next(s => s.Length > 0)) },
                { "env", Map("env", envNames.Select((name, i) => (name, configValues[i % configValues.Count]))) },
                { "podAnnotations", Map("podAnnotations", labelLike.Select((key, i) => (key, values[i % values.Count]))) },
                { "podLabels", Map("podLabels", labelLike.Select((key, i) => (key, labelLike[(i + a) % labelLike.Count]))) },
                { "nodeSelector", Map("nodeSelector", labelLike.Select((key, i) => ("example.com/" + key, labelLike[(i + a + 1) % labelLike.Count]))) },
                { "setup", new YamlSequenceNode(new YamlMappingNode
                    {
                        { "name", "prepare" },
                        { "image", "busybox:1.37" },
                        { "command", List("setup command", values) },
                        { "env", Map("setup env", envNames.Select((name, i) => (name, values[(i + 7) % values.Count]))) },
                    }) },
                { "workspace", new YamlMappingNode { { "repo", "https://github.com/example/repo.git" }, { "ref", S("workspace ref", Next(s => GitRefLike().IsMatch(s) && !s.StartsWith('-') && !s.Contains("..", StringComparison.Ordinal))) } } },
                { "cronjobs", new YamlSequenceNode(Enumerable.Range(0, 3).Select(j => (YamlNode)new YamlMappingNode
                    {
                        { "name", S("cron name", Next(CronNameLike().IsMatch)) },
                        { "schedule", "0 9 * * *" },
                        { "channel", "123456789012345678" },
                        { "prompt", S("cron prompt", Next(s => s.Length > 0 && ForConfig(s))) },
                    })) },
                { "extraContainers", new YamlSequenceNode(new YamlMappingNode
                    {
                        { "name", "helper" },
                        { "image", "busybox:1.37" },
                        { "args", List("extraContainers args", values) },
                        { "env", new YamlSequenceNode(envNames.Select((name, i) => (YamlNode)new YamlMappingNode
                            { { "name", S("extraContainers env name", name) }, { "value", S("extraContainers env", values[(i + 3) % values.Count]) } })) },
                    }) },
                { "discord", new YamlMappingNode
                    {
                        { "botTokenSecretRef", new YamlMappingNode { { "name", "discord" }, { "key", "token" } } },
                        { "allowedChannels", new YamlSequenceNode(new YamlScalarNode("123456789012345678") { Style = ScalarStyle.DoubleQuoted }) },
                    } },
                { "resources", new YamlMappingNode { { "limits", new YamlMappingNode { { "memory", "1Gi" } } } } },
            };
            agents.Add($"a{a}", agent);
        }
        var agentSet = new YamlMappingNode
        {
            { "apiVersion", AgentSetApi.ApiVersion },
            { "kind", AgentSetApi.Kind },
            { "metadata", new YamlMappingNode { { "name", "strings" } } },
            { "spec", new YamlMappingNode { { "agents", agents } } },
        };
        return (agentSet, placed);
    }

    /// <summary>config.toml, read back by Tomlyn, holds each agent's command, args, env and prompts exactly.</summary>
    private static void CheckToml(JsonObject configMap, List<(string Field, string Value)> placed, HashSet<string> strings, int round)
    {
        var toml = (string)configMap["data"]!["config.toml"]!;
        var config = Tomlyn.TomlSerializer.Deserialize(toml, OpenabTomlContext.Default.OpenabConfig)!;
        var agent = config.Agent!;
        strings.Add(agent.Command!);
        foreach (var arg in agent.Args ?? []) strings.Add(arg);
        foreach (var (key, value) in agent.Env ?? []) { strings.Add(key); strings.Add(value); }
        foreach (var job in config.Cron?.Jobs ?? []) { strings.Add(job.Message!); strings.Add(job.SenderName!); }
        Assert.True(placed.Any(p => p.Field == "command" && p.Value == agent.Command), $"round {round}: command {JsonSerializer.Serialize(agent.Command)} read back from config.toml is not an input command");
        var args = placed.Where(p => p.Field == "args").Select(p => p.Value).ToList();
        Assert.True(agent.Args is { Count: > 0 } && args.Count % agent.Args.Count == 0, $"round {round}: config.toml args: {JsonSerializer.Serialize(agent.Args)}");
        var argsText = string.Join('\0', agent.Args);
        Assert.Contains(argsText, Enumerable.Range(0, args.Count / agent.Args.Count).Select(a => string.Join('\0', args.Skip(a * agent.Args.Count).Take(agent.Args.Count))));
        foreach (var (key, value) in agent.Env ?? [])
            Assert.True(placed.Any(p => p.Field == "env" && p.Value == value), $"round {round}: env {key} = {JsonSerializer.Serialize(value)} read back from config.toml is not an input value");
        foreach (var job in config.Cron?.Jobs ?? [])
            Assert.True(placed.Any(p => p.Field == "cron prompt" && p.Value == job.Message), $"round {round}: cron message {JsonSerializer.Serialize(job.Message)} read back from config.toml is not an input prompt");
    }

    private static List<JsonObject> KrmItems(JsonNode resourceList)
    {
        var items = resourceList["items"]!.AsArray().Select(i => i!.AsObject().DeepClone().AsObject()).ToList();
        foreach (var item in items)
        {
            var annotations = item["metadata"]!["annotations"]!.AsObject();
            foreach (var key in new[] { ResourceAnnotations.PathAnnotation, ResourceAnnotations.IndexAnnotation, ResourceAnnotations.InternalPathAnnotation, ResourceAnnotations.InternalIndexAnnotation })
                annotations.Remove(key);
        }
        return items;
    }

    private static void AssertSameObjects(List<JsonObject> expected, List<JsonObject> actual, string reader)
    {
        Assert.True(expected.Count == actual.Count, $"{reader}: {actual.Count} objects, expected {expected.Count}");
        for (var i = 0; i < expected.Count; i++)
        {
            if (JsonNode.DeepEquals(expected[i], actual[i])) continue;
            Assert.Fail($"{reader}: {expected[i]["kind"]} {expected[i]["metadata"]!["name"]} reads back otherwise: {FirstDifference(expected[i], actual[i], "")}");
        }
    }

    private static string FirstDifference(JsonNode? expected, JsonNode? actual, string path)
    {
        switch (expected)
        {
            case JsonObject e when actual is JsonObject a:
                foreach (var (key, value) in e)
                {
                    if (!a.ContainsKey(key)) return $"{path}.{key} is missing (keys read: {string.Join(", ", a.Select(p => JsonSerializer.Serialize(p.Key)).Except(e.Select(p => JsonSerializer.Serialize(p.Key))))})";
                    if (!JsonNode.DeepEquals(value, a[key])) return FirstDifference(value, a[key], $"{path}.{key}");
                }
                return $"{path} has extra keys {string.Join(", ", a.Select(p => JsonSerializer.Serialize(p.Key)).Except(e.Select(p => JsonSerializer.Serialize(p.Key))))}";
            case JsonArray e when actual is JsonArray a && e.Count == a.Count:
                for (var i = 0; i < e.Count; i++)
                    if (!JsonNode.DeepEquals(e[i], a[i])) return FirstDifference(e[i], a[i], $"{path}[{i}]");
                return path;
            default:
                return $"{path}: wrote {expected?.ToJsonString()}, read {actual?.ToJsonString() ?? "null"}";
        }
    }

    private static IEnumerable<string> StringsOf(JsonNode? node) => node switch
    {
        JsonObject o => o.SelectMany(p => StringsOf(p.Value).Prepend(p.Key)),
        JsonArray a => a.SelectMany(StringsOf),
        JsonValue v when v.GetValueKind() == JsonValueKind.String => [v.GetValue<string>()],
        _ => [],
    };
}
