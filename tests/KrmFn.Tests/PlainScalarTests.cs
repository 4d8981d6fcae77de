using System.Text.Json;
using System.Text.Json.Nodes;
using AgentSetFn.Tests.Support;
using YamlDotNet.RepresentationModel;

namespace KrmFn.Tests;

/// <summary>
/// The one rule for plain scalars: a string is written plain only when no YAML 1.1 or 1.2 reader
/// takes the plain text for anything else. Checked per family against the predicate, against
/// both writers, and, to keep the families honest, against real readers (PyYAML, kubectl).
/// </summary>
public class PlainScalarTests
{
    public static TheoryData<string> LookAlikes => new(TrickyStrings.LookAlikes);

    public static TheoryData<string> NearMisses => new(TrickyStrings.NearMisses);

    [Theory]
    [MemberData(nameof(LookAlikes))]
    public void A_look_alike_is_a_non_string_to_some_reader_and_written_quoted(string text)
    {
        Assert.True(YamlScalars.ReadsAsNonString(text), $"{JsonSerializer.Serialize(text)} is not taken for a look-alike");
        Assert.Equal($"v: \"{text}\"", WrittenByYamlText(text));
        Assert.Equal($"v: \"{text}\"\n", WrittenByYamlDotNet(text));
    }

    [Theory]
    [MemberData(nameof(NearMisses))]
    public void A_near_miss_is_a_string_to_every_reader_and_written_plain(string text)
    {
        Assert.False(YamlScalars.ReadsAsNonString(text), $"{JsonSerializer.Serialize(text)} is taken for a look-alike");
        Assert.Equal($"v: {text}", WrittenByYamlText(text));
        Assert.Equal($"v: {text}\n", WrittenByYamlDotNet(text));
    }

    [Fact]
    public void Random_numbers_of_every_base_sign_and_underscore_are_look_alikes()
    {
        var random = new Random(7);
        for (var i = 0; i < 5000; i++)
        {
            var number = TrickyStrings.RandomNumber(random);
            Assert.True(YamlScalars.ReadsAsNonString(number), $"{number} is not taken for a look-alike");
        }
    }

    [Theory]
    [InlineData("on")]
    [InlineData("0x1F")]
    [InlineData("y")]
    [InlineData("<<")]
    [InlineData("2001-12-14 21:59:43.10 -5")]
    public void A_look_alike_key_is_quoted_by_both_writers(string key)
    {
        using var document = JsonDocument.Parse(new JsonObject { [key] = "v" }.ToJsonString());
        Assert.Equal($"\"{key}\": v\n", YamlText.FromJson(document.RootElement, []));
        // Nodes built in code without a style (keys of converted JSON, the migrate command's) too.
        Assert.Equal($"\"{key}\": v\n", ResourceListIo.Emit([YamlJson.ToYaml(document.RootElement)]));
        Assert.Equal($"\"{key}\": v\n", ResourceListIo.Emit([new YamlMappingNode { { key, "v" } }]));
    }

    [Fact]
    public void Any_string_reads_back_from_both_writers_as_value_list_entry_and_key()
    {
        // YamlText, and YamlDotNet's emitter over nodes built without a style (which alone
        // wrote a leading tab plain and a carriage return into a block, losing both).
        var random = new Random(11);
        foreach (var text in TrickyStrings.All.Concat(Enumerable.Range(0, 3000).Select(_ => TrickyStrings.RandomText(random))))
        {
            var node = new JsonObject { ["v"] = text, ["list"] = new JsonArray(text) };
            if (text.Length > 0 && text is not ("v" or "list")) node[text] = "key";
            using var document = JsonDocument.Parse(node.ToJsonString());
            foreach (var written in new[] { YamlText.FromJson(document.RootElement, []), ResourceListIo.Emit([YamlJson.ToYaml(document.RootElement)]) })
            {
                var back = YamlJson.ToJson(ResourceListIo.ParseDocuments(written)[0]);
                Assert.True(JsonNode.DeepEquals(node, back), $"{JsonSerializer.Serialize(text)} written as\n{written}\nread back as {back?.ToJsonString()}");
            }
        }
    }

    [Fact]
    public void Every_look_alike_is_misread_by_a_real_reader_and_every_near_miss_by_none()
    {
        // The families are what real readers do: each look-alike (but those quoted anyway),
        // written plain, is something else than itself to YamlDotNet's YAML 1.2 core reading,
        // PyYAML or kubectl; each near miss is itself to all three.
        var directory = Directory.CreateTempSubdirectory("agentset-plain-");
        try
        {
            var lookAlikes = TrickyStrings.MisreadLookAlikes.Where(t => t.Length > 0).Distinct().ToList();
            var nearMisses = TrickyStrings.NearMisses.ToList();
            var all = lookAlikes.Concat(nearMisses).ToList();
            var files = all.Select((text, i) =>
            {
                var file = Path.Combine(directory.FullName, $"{i:D3}.yaml");
                File.WriteAllText(file, $"apiVersion: test.agentset.dev/v1\nkind: Plain\nmetadata:\n  name: p{i}\nv: {text}\n");
                return file;
            }).ToList();
            var py = OtherYamlReaders.PyYaml(files);
            string? Core(string text) => YamlJson.ToJson(ResourceListIo.ParseDocuments($"v: {text}\n")[0])!["v"] is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : null;
            string? Py(int i) => py[i] is JsonArray { Count: 1 } docs && docs[0]!["v"] is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : null;

            // kubectl reads the files left undecided by the other two (one file each: a float
            // like .inf fails kubectl's whole run, which is a misreading too).
            var undecided = Enumerable.Range(0, all.Count).Where(i => Core(all[i]) == all[i] && Py(i) == all[i]).ToList();
            var goDirectory = Directory.CreateDirectory(Path.Combine(directory.FullName, "go"));
            foreach (var i in undecided) File.Copy(files[i], Path.Combine(goDirectory.FullName, Path.GetFileName(files[i])));
            var (exit, objects, error) = OtherYamlReaders.KubectlRead(goDirectory.FullName);
            Assert.True(exit == 0, $"kubectl: {error}");
            var go = objects.ToDictionary(o => (string)o["metadata"]!["name"]!, o => o["v"] is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : null);

            for (var i = 0; i < all.Count; i++)
            {
                var text = all[i];
                var misread = Core(text) != text || Py(i) != text || go[$"p{i}"] != text;
                if (i < lookAlikes.Count)
                    Assert.True(misread, $"{JsonSerializer.Serialize(text)} is read as itself by every reader: not a look-alike");
                else
                    Assert.False(misread, $"{JsonSerializer.Serialize(text)} is misread (YAML 1.2 core: {Core(text)}, PyYAML: {py[i]?.ToJsonString()}, kubectl: {go.GetValueOrDefault($"p{i}")})");
            }
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    private static string WrittenByYamlText(string text)
    {
        using var document = JsonDocument.Parse(new JsonObject { ["v"] = text }.ToJsonString());
        return YamlText.FromJson(document.RootElement, []).TrimEnd('\n');
    }

    private static string WrittenByYamlDotNet(string text) => ResourceListIo.Emit([new YamlMappingNode { { "v", YamlJson.StringNode(text) } }]);
}
