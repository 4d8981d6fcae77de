using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace KrmFn.Tests;

/// <summary>
/// YamlText writes generated objects without YamlDotNet's emitter: whatever the strings hold,
/// the text must read back as exactly the same JSON.
/// </summary>
public class YamlTextTests
{
    private static readonly string[] Tricky =
    [
        "", " ", "a ", " a", "true", "False", "yes", "no", "on", "off", "~", "null", "0", "007", "1e3", "0x1F", ".5", "1_000",
        "12:30", "-", "- a", "-a", "--flag", "---", "...", "?", ":", "a:", "a: b", "a:b", "a #b", "a#b", "#a", "&a", "*a", "!a",
        "|", ">", "'", "\"", "%", "@", "`", "{a}", "[a]", "a, b", "${DISCORD_BOT_TOKEN}", "http://x:9000/p?q=1#f",
        "line\n", "line", "a\nb", "a\nb\n", "a\nb\n\n", "a\n\nb", "\na", " a\nb", "a \nb", "a\tb", "a\r\nb", "tab\tin",
        "unicode é ü 漢字", "emoji 😀", "nul\u0000", "bell\u0007", "del\u007f", "c1\u0085", "ls\u2028", "bom\ufeff",
        "echo \"$HOME\" | sh\n", "#!/bin/sh\nset -eu\n  indented\n", "trailing\n  \n", "a: b\nc: d\n", "'quoted'\n",
    ];

    public static TheoryData<string> Strings() => new(Tricky);

    private static JsonNode RoundTrip(JsonNode value)
    {
        using var document = JsonDocument.Parse(value.ToJsonString());
        var text = YamlText.FromJson(document.RootElement, [new("config.kubernetes.io/path", "a b/c.yaml")]);
        return YamlJson.ToJson(ResourceListIo.ParseDocuments(text)[0])!;
    }

    [Theory]
    [MemberData(nameof(Strings))]
    public void A_string_reads_back_unchanged_as_key_value_and_list_entry(string value)
    {
        var original = new JsonObject
        {
            ["apiVersion"] = "v1",
            ["metadata"] = new JsonObject { ["name"] = "x", ["annotations"] = new JsonObject { [value.Length == 0 ? "k" : value] = value } },
            ["data"] = new JsonObject { ["v"] = value, ["list"] = new JsonArray(value, new JsonArray(value), new JsonObject { ["k"] = value }) },
        };
        var back = RoundTrip(original);
        original["metadata"]!["annotations"]!["config.kubernetes.io/path"] = "a b/c.yaml";
        Assert.True(JsonNode.DeepEquals(original, back), $"{JsonSerializer.Serialize(value)} came back as {back.ToJsonString()}");
    }

    [Fact]
    public void Random_documents_read_back_unchanged()
    {
        var random = new Random(20261123);
        for (var i = 0; i < 300; i++)
        {
            var original = new JsonObject { ["metadata"] = new JsonObject { ["name"] = "x" }, ["spec"] = RandomNode(random, 0) };
            var back = RoundTrip(original);
            original["metadata"]!["annotations"] = new JsonObject { ["config.kubernetes.io/path"] = "a b/c.yaml" };
            Assert.True(JsonNode.DeepEquals(original, back), $"case {i}: {original.ToJsonString()}\ncame back as {back.ToJsonString()}");
        }
    }

    private static JsonNode RandomNode(Random random, int depth) => (depth > 3 ? random.Next(4) : random.Next(7)) switch
    {
        0 => RandomString(random),
        1 => random.Next(-1000, 1000),
        2 => random.Next(2) == 0,
        3 => Tricky[random.Next(Tricky.Length)],
        4 => new JsonArray(Enumerable.Range(0, random.Next(4)).Select(_ => RandomNode(random, depth + 1)).ToArray()),
        _ => new JsonObject(Enumerable.Range(0, random.Next(4)).Select(k => KeyValuePair.Create($"{RandomString(random)}{k}", (JsonNode?)RandomNode(random, depth + 1)))),
    };

    private static string RandomString(Random random)
    {
        const string alphabet = "ab :#-'\"\n\t{}[],&*!|>%@`~?é😀\\/.$";
        var text = new StringBuilder();
        var length = random.Next(12);
        for (var i = 0; i < length; i++)
        {
            var index = random.Next(alphabet.Length);
            if (char.IsHighSurrogate(alphabet[index])) text.Append(alphabet, index, 2);
            else if (!char.IsLowSurrogate(alphabet[index])) text.Append(alphabet[index]);
        }
        return text.ToString();
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void A_stream_written_as_it_comes_equals_yamldotnets_stream(int count)
    {
        // WriteStream holds one document back to know whether "---" markers are needed.
        var documents = Enumerable.Range(0, count).Select(i => (YamlDotNet.RepresentationModel.YamlNode)new YamlDotNet.RepresentationModel.YamlMappingNode { { "n", $"doc-{i}" } }).ToList();
        var written = new StringWriter { NewLine = "\n" };
        ResourceListIo.WriteStream(documents.Select(d => (Action<TextWriter>)(output => output.Write(ResourceListIo.Emit([d])))), written);
        Assert.Equal(ResourceListIo.Emit(documents), written.ToString());
    }
}
