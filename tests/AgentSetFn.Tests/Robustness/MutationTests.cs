using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using KrmFn;
using AgentSetFn.Tests.Support;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;
using static AgentSetFn.Tests.Support.Output;

namespace AgentSetFn.Tests.Robustness;

/// <summary>
/// Random edits of every fixture, run through the real command line in-process: each run must
/// end in valid output (every generated object passes the strict Kubernetes check) or in error
/// results with nothing generated. Never an unhandled exception, a hang, or invalid output.
/// Seeded, so a failure names the fixture and edit number that reproduce it.
/// </summary>
public class MutationTests
{
    private const int EditsPerFixture = 250;

    public static TheoryData<string> Fixtures => new(Repo.FixtureNames);

    // Values that break types, ranges, quoting and the shell: what a scalar may be changed to.
    private static readonly string[] Replacements =
    [
        "", "~", "0", "-1", "1.5", "1.2e+17", "99999999999999999999", "true", "\"false\"", "yes", "[]", "{}", "[a, b]",
        "{a: b}", "\"\"", "'a\"; curl x | sh'", "../../etc", "/abs/path", "UPPER_Case", "x-" + new string('a', 70),
        "\"12345678901234567890\"", "日本語", "\"a\\nb\"", "'*'", "500x", "http://", "!!binary aGVsbG8=", "*nowhere",
    ];

    // Control characters, and what they smuggle past a check that is not anchored: a newline
    // after `..`, an option for the AWS CLI, the function's own mount paths.
    private static readonly string[] IdentifierAttacks =
    [
        "\"team\\n\"", "\"a\\rb\"", "\"x\\0\"", "\"\\ty\"", "\"x\\e\"", "\"..\\n\"", "\"a/..\\n\"", "--delete", "-x/",
        "/etc/openab", "/tmp", "/var/run/secrets/agentset/s3", "\"/home/agent\\n\"",
    ];

    /// <summary>What an identifier must never hold: each is appended to every field in turn.</summary>
    private static readonly char[] ControlCharacters = ['\n', '\r', '\t', '\0', '\u001b', '\u007f', '\u0085'];

    /// <summary>
    /// Free text, where tabs and line breaks are data: AGENTS.md, a prompt, an environment
    /// value, an argument of a command, an annotation value. Every other field is an identifier.
    /// </summary>
    private static bool IsText(IReadOnlyList<object> path) => path switch
    {
        [.., "agentsMd"] or [.., "prompt"] or [.., "configToml"] or [.., "inline"] => true,
        [.., "env", string] or [.., "podAnnotations", string] => true,
        [.., "args" or "command", int] => true,
        [.., "env", int, "value"] => true,
        _ => false,
    };

    /// <summary>
    /// Each scalar and each mapping key of every fixture, with a control character appended: an
    /// error, or (only a tab or line break, only in free text) valid output.
    /// </summary>
    [Theory]
    [MemberData(nameof(Fixtures))]
    public void A_control_character_in_any_field_is_an_error_unless_the_field_is_text(string fixture)
    {
        var original = FunctionRunner.Fixture(fixture);
        var sites = Sites(Root(original)).Count;
        Assert.True(sites > 5, $"{fixture}: only {sites} fields");
        for (var site = 0; site < sites; site++)
        {
            // A line break everywhere (the `$` bypass), and one of the others in turn.
            foreach (var c in new[] { '\n', ControlCharacters[1 + site % (ControlCharacters.Length - 1)] })
            {
                var root = Root(original);
                var (path, isKey, append) = Sites(root)[site];
                append(c);
                var mutated = ResourceListIo.Emit([root]);
                var run = FunctionRunner.Run(ResourceListAround(mutated));
                var where = $"{fixture}: U+{(int)c:X4} after {(isKey ? "the key " : "")}{string.Join('.', path)}";
                try
                {
                    Check(run);
                }
                catch (Exception e)
                {
                    throw new Xunit.Sdk.XunitException($"{where}: {e.Message}\n--- stderr ---\n{run.Error}");
                }
                Assert.True(run.ExitCode == 1 || (!isKey && IsText(path) && c is '\n' or '\r' or '\t'), $"{where} was accepted");
            }
        }
    }

    private static YamlMappingNode Root(string text) => (YamlMappingNode)ResourceListIo.ParseDocuments(text)[0];

    /// <summary>Every scalar value and mapping key, in document order, with a way to append to it.</summary>
    private static List<(IReadOnlyList<object> Path, bool IsKey, Action<char> Append)> Sites(YamlNode node, IReadOnlyList<object>? path = null)
    {
        path ??= [];
        var sites = new List<(IReadOnlyList<object>, bool, Action<char>)>();
        switch (node)
        {
            case YamlScalarNode scalar:
                sites.Add((path, false, c => Append(scalar, c)));
                break;
            case YamlMappingNode mapping:
                foreach (var (key, value) in mapping.Children.ToList())
                {
                    var name = ((YamlScalarNode)key).Value!;
                    IReadOnlyList<object> childPath = [.. path, name];
                    sites.Add((childPath, true, c =>
                    {
                        mapping.Children.Remove(key);
                        mapping.Children.Add(new YamlScalarNode(name + c) { Style = ScalarStyle.DoubleQuoted }, value);
                    }));
                    sites.AddRange(Sites(value, childPath));
                }
                break;
            case YamlSequenceNode sequence:
                for (var i = 0; i < sequence.Children.Count; i++) sites.AddRange(Sites(sequence.Children[i], [.. path, i]));
                break;
        }
        return sites;
    }

    private static void Append(YamlScalarNode scalar, char c)
    {
        scalar.Value += c;
        // Double quotes carry any character as an escape; a tag would make it something else.
        scalar.Style = ScalarStyle.DoubleQuoted;
        scalar.Tag = default;
    }

    // Strings that YAML 1.1 and 1.2 readers take for bools, nulls, numbers, timestamps or merge
    // keys when written plain (quoted here, so the AgentSet holds them as strings), and strings
    // a plain scalar cannot hold: wherever they land, the output must read back as the same
    // strings in a YAML 1.1 reader too (see YamlLookAlikesReadBackInYaml11).
    private static readonly string[] YamlLookAlikeReplacements =
        [.. TrickyStrings.LookAlikes.Concat(TrickyStrings.Unsafe).Distinct()
            .Select(s => JsonSerializer.Serialize(s, new JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))];

    private static readonly string[] AllReplacements = [.. Replacements, .. IdentifierAttacks, .. YamlLookAlikeReplacements];

    [Theory]
    [MemberData(nameof(Fixtures))]
    public async Task Random_edits_end_in_valid_output_or_error_results(string fixture)
    {
        var original = FunctionRunner.Fixture(fixture);
        var random = new Random(Seed(fixture));
        var lookAlikeOutputs = new List<string>();
        for (var edit = 0; edit < EditsPerFixture; edit++)
        {
            var (description, mutated) = Mutate(original, random);
            var input = ResourceListAround(mutated);
            RunResult run;
            try
            {
                // A hang fails here instead of stalling the suite.
                run = await Task.Run(() => FunctionRunner.Run(input)).WaitAsync(TimeSpan.FromSeconds(10));
            }
            catch (Exception e)
            {
                throw new Xunit.Sdk.XunitException($"{fixture} edit {edit} ({description}) threw: {e}\n--- input ---\n{mutated}");
            }
            try
            {
                Check(run);
            }
            catch (Exception e)
            {
                throw new Xunit.Sdk.XunitException($"{fixture} edit {edit} ({description}): {e.Message}\n--- input ---\n{mutated}\n--- stderr ---\n{run.Error}");
            }
            if (run.ExitCode == 0 && YamlLookAlikeReplacements.Any(description.Contains)) lookAlikeOutputs.Add(run.Output);
        }
        YamlLookAlikesReadBackInYaml11(fixture, lookAlikeOutputs);
    }

    /// <summary>
    /// The runs that placed a look-alike and succeeded: PyYAML (YAML 1.1) reads every output
    /// exactly as YamlDotNet does, so no string turned into a number, bool, null or date.
    /// </summary>
    private static void YamlLookAlikesReadBackInYaml11(string fixture, List<string> outputs)
    {
        if (outputs.Count == 0) return;
        var directory = Directory.CreateTempSubdirectory("agentset-mutation-");
        try
        {
            var files = outputs.Select((output, i) =>
            {
                var file = Path.Combine(directory.FullName, $"{i}.yaml");
                File.WriteAllText(file, output);
                return file;
            }).ToList();
            var yaml11 = OtherYamlReaders.PyYaml(files);
            for (var i = 0; i < outputs.Count; i++)
            {
                // The functionConfig comes back as it was sent, plain `yes` and all: not the function's text.
                var expected = YamlJson.ToJson(ResourceListIo.ParseDocuments(outputs[i])[0])!.AsObject();
                var actual = OtherYamlReaders.Documents(yaml11[i], $"a {fixture} output:\n{outputs[i]}").Single()!.AsObject();
                expected.Remove("functionConfig");
                actual.Remove("functionConfig");
                Assert.True(JsonNode.DeepEquals(expected, actual), $"{fixture}: PyYAML reads an output otherwise than YamlDotNet:\n{outputs[i]}\n--- PyYAML ---\n{actual.ToJsonString()}");
            }
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    private static int Seed(string fixture) => fixture.Aggregate(17, (h, c) => unchecked(h * 31 + c));

    private static void Check(RunResult run)
    {
        Assert.True(run.ExitCode is 0 or 1, $"exit {run.ExitCode}");
        var output = new Output(run.Output);
        var errors = output.ResultsOf("error").ToList();
        if (run.ExitCode == 1)
        {
            Assert.NotEmpty(errors);
            Assert.All(errors, e => Assert.False(string.IsNullOrWhiteSpace(Str(e, "message"))));
            Assert.Empty(output.Items);
        }
        else
        {
            Assert.Empty(errors);
            Assert.NotEmpty(output.Items);
            foreach (var item in output.Items) KubernetesValidity.AssertValid(item);
        }
    }

    /// <summary>The AgentSet text as kpt would send it, without parsing it (it may not parse).</summary>
    private static string ResourceListAround(string agentSet)
    {
        var text = new StringBuilder("apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems: []\nfunctionConfig:\n");
        foreach (var line in agentSet.Split('\n')) text.Append("  ").Append(line).Append('\n');
        return text.ToString();
    }

    private static (string Description, string Text) Mutate(string text, Random random)
    {
        // Mostly edits of the YAML tree (they reach validation); some of the raw text (they reach the parser).
        switch (random.Next(10))
        {
            case 0:
                var cut = random.Next(text.Length);
                return ($"truncate at {cut}", text[..cut]);
            case 1:
                var lines = text.Split('\n').ToList();
                var line = random.Next(lines.Count);
                lines.Insert(line, lines[line]);
                return ($"duplicate line {line + 1}", string.Join('\n', lines));
            default:
                var root = (YamlMappingNode)ResourceListIo.ParseDocuments(text)[0];
                var edits = new List<string>();
                for (var i = random.Next(1, 4); i > 0; i--) edits.Add(EditTree(root, random));
                return (string.Join("; ", edits), ResourceListIo.Emit([root]));
        }
    }

    private static string EditTree(YamlMappingNode root, Random random)
    {
        var all = new List<(YamlNode Parent, YamlNode Node, string Path)>();
        Collect(root, "", all);
        var (parent, node, path) = all[random.Next(all.Count)];
        switch (random.Next(5))
        {
            case 0 when parent is YamlMappingNode mapping:
                mapping.Children.Remove(mapping.Children.First(c => ReferenceEquals(c.Value, node)).Key);
                return $"delete {path}";
            case 1:
                var value = AllReplacements[random.Next(AllReplacements.Length)];
                var replacement = Parse(value);
                Replace(parent, node, replacement);
                return $"set {path} to {value}";
            case 2 when parent is YamlSequenceNode sequence:
                sequence.Children.Insert(sequence.Children.IndexOf(node), Copy(node));
                return $"duplicate {path}";
            case 2 when parent is YamlMappingNode mapping:
                var key = mapping.Children.First(c => ReferenceEquals(c.Value, node)).Key;
                mapping.Children[new YamlScalarNode(((YamlScalarNode)key).Value + "2")] = Copy(node);
                return $"duplicate {path} under a new key";
            case 3:
                var (otherParent, other, otherPath) = all[random.Next(all.Count)];
                if (ReferenceEquals(other, node) || Contains(node, other) || Contains(other, node)) return "no-op swap";
                Replace(parent, node, other is YamlScalarNode ? Copy(other) : other);
                Replace(otherParent, other, node is YamlScalarNode ? Copy(node) : node);
                return $"swap {path} and {otherPath}";
            default:
                if (node is YamlScalarNode scalar)
                {
                    // Same text, other type: quoted <-> plain.
                    scalar.Style = scalar.Style is ScalarStyle.Plain or ScalarStyle.Any ? ScalarStyle.DoubleQuoted : ScalarStyle.Plain;
                    return $"toggle quoting of {path}";
                }
                Replace(parent, node, node is YamlMappingNode ? new YamlSequenceNode(Copy(node)) : new YamlMappingNode { { "item", Copy(node) } });
                return $"wrap {path}";
        }
    }

    private static void Collect(YamlNode node, string path, List<(YamlNode, YamlNode, string)> all)
    {
        switch (node)
        {
            case YamlMappingNode mapping:
                foreach (var (key, value) in mapping.Children)
                {
                    var childPath = $"{path}.{((YamlScalarNode)key).Value}";
                    all.Add((mapping, value, childPath));
                    Collect(value, childPath, all);
                }
                break;
            case YamlSequenceNode sequence:
                for (var i = 0; i < sequence.Children.Count; i++)
                {
                    all.Add((sequence, sequence.Children[i], $"{path}[{i}]"));
                    Collect(sequence.Children[i], $"{path}[{i}]", all);
                }
                break;
        }
    }

    private static void Replace(YamlNode parent, YamlNode node, YamlNode with)
    {
        if (parent is YamlSequenceNode sequence)
        {
            sequence.Children[sequence.Children.IndexOf(node)] = with;
        }
        else
        {
            var mapping = (YamlMappingNode)parent;
            mapping.Children[mapping.Children.First(c => ReferenceEquals(c.Value, node)).Key] = with;
        }
    }

    private static bool Contains(YamlNode ancestor, YamlNode node)
    {
        var all = new List<(YamlNode, YamlNode, string)>();
        Collect(ancestor, "", all);
        return all.Any(a => ReferenceEquals(a.Item2, node));
    }

    /// <summary>A value as YAML would read it after `v: `, or the plain text when it does not parse alone (`*nowhere`).</summary>
    private static YamlNode Parse(string value)
    {
        try
        {
            return ((YamlMappingNode)ResourceListIo.ParseDocuments("v: " + value)[0]).Children.Values.Single();
        }
        catch (KrmInputException)
        {
            return new YamlScalarNode(value);
        }
    }

    private static YamlNode Copy(YamlNode node) => node is YamlScalarNode scalar
        ? new YamlScalarNode(scalar.Value) { Style = scalar.Style, Tag = scalar.Tag }
        : ResourceListIo.ParseDocuments(ResourceListIo.Emit([node]))[0];
}
