using System.Text;
using KrmFn;
using AgentSetFn.Tests.Support;
using YamlDotNet.RepresentationModel;
using static AgentSetFn.Tests.Support.Output;

namespace AgentSetFn.Tests.Krm;

/// <summary>
/// Every way the KRM input stream itself can be wrong, through the real command line in-process
/// (and the worst of them through the binary): each is an error result and a stderr line saying
/// what is wrong, exit 1, no generated object, and the input items back when the ResourceList
/// could be read. Hostile YAML (deep nesting, alias bombs) must be refused, never crash.
/// </summary>
public class BadStreamTests
{
    private const string Token = "MTIzNDU2Nzg5MDEyMzQ1Njc4.stream-hygiene.DO-NOT-ECHO";

    private static readonly string AgentSet = $$$"""
        apiVersion: agentset.dev/v1alpha1
        kind: AgentSet
        metadata:
          name: team
          annotations: {config.kubernetes.io/path: agentset.yaml}
        spec:
          agents:
            kiro:
              discord: {botToken: {{{Token}}}, allowedChannels: ["123456789012345678"]}
              persistence: {s3: {enabled: true, bucket: team-state, region: eu-west-1}}
        """;

    private const string UserItem = """
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: web
          annotations: {config.kubernetes.io/path: app/web.yaml}
        data: {a: '1'}
        """;

    /// <summary>A ResourceList text with the given items (YAML list entries) and functionConfig, indented as written.</summary>
    private static string List(string items, string? functionConfig = null)
    {
        var text = new StringBuilder("apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems:\n");
        text.Append(Indent(items, "  ")).Append('\n');
        if (functionConfig is not null) text.Append("functionConfig:\n").Append(Indent(functionConfig, "  ")).Append('\n');
        return text.ToString();
    }

    private static string Indent(string text, string by) => string.Join('\n', text.Split('\n').Select(l => l.Length == 0 ? l : by + l));

    private static string Item(string yaml) => "- " + Indent(yaml, "  ")[2..];

    private static string Nested(int depth, string open, string close, string inner = "x") =>
        new StringBuilder().Insert(0, open, depth).Append(inner).Insert(depth * open.Length + inner.Length, close, depth).ToString();

    // Ten anchors, each a list of ten aliases to the one before: 10^10 scalars if expanded.
    private static string LaughAnchors(string indent) => string.Join('\n',
        new[] { $"{indent}l0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]" }.Concat(
            Enumerable.Range(1, 9).Select(i => $"{indent}l{i}: &l{i} [{string.Join(", ", Enumerable.Repeat($"*l{i - 1}", 10))}]")));

    private static string BillionLaughsItem() =>
        Item("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: lol}\ndata:\n" + LaughAnchors("  "));

    /// <summary>One bad stream: its input, a fragment of the error, and where the error must point.</summary>
    public sealed record Case(Func<string> Input, string Message, string? Field = null, string? File = null, bool ItemsBack = false);

    private static readonly Dictionary<string, Case> Cases = new()
    {
        ["empty stdin"] = new(() => "", "stdin is empty"),
        ["only blank lines"] = new(() => "\n  \n\t\n", "stdin is empty"),
        ["only a comment"] = new(() => "# nothing here\n", "not a ResourceList"),
        ["not YAML"] = new(() => "not: [valid", "not valid YAML at line"),
        ["prose"] = new(() => "Dear function, please render my agents.\n", "not a ResourceList"),
        ["a YAML list"] = new(() => "- a\n- b\n", "not a ResourceList"),
        ["YAML that is not a ResourceList"] = new(() => "apiVersion: v1\nkind: List\nitems: []\n", "kind is 'List', expected 'ResourceList'"),
        ["two ResourceLists"] = new(() => List("[]") + "---\n" + List("[]"), "expected one YAML mapping"),
        ["items not a list"] = new(() => "apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems: {a: b}\n", "items must be a list"),
        ["functionConfig not a mapping"] = new(() => List("[]") + "functionConfig: agentset.yaml\n", "functionConfig must be a resource"),
        ["no functionConfig"] = new(() => List(Item(UserItem)), "no functionConfig", ItemsBack: true),
        ["functionConfig of another kind"] = new(() => List(Item(UserItem), "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}"),
            "needs an AgentSet", "kind", ItemsBack: true),
        ["binary garbage"] = new(() => Encoding.Latin1.GetString(Garbage(4096)), "NUL bytes"),
        ["a gzip file"] = new(() => "\u001f\u008b\u0008\0\0\0\0\0\0\u0003" + AgentSet, "NUL bytes"),
        ["terminal escapes"] = new(() => "\u001b[31mError\u001b[0m\n", "not a ResourceList"),
        ["10k nested lists in an item"] = new(() => List(Item("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: deep}\ndata: {a: " + Nested(10_000, "[", "]") + "}")),
            "nested more than 1000 levels deep"),
        ["10k nested mappings in the functionConfig"] = new(() => List("[]", AgentSet + "\n    env: " + Nested(10_000, "{a: ", "}")),
            "nested more than 1000 levels deep"),
        ["nesting that aliases take past the limit"] = new(() => List(Item("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: deep}\ndata:\n  a: &a " + Nested(600, "[", "]") + "\n  b: " + Nested(600, "[", "]", "*a"))),
            "alias *a nests the document more than 1000 levels deep"),
        ["billion laughs in an item"] = new(() => List(BillionLaughsItem()), "billion laughs"),
        ["billion laughs in the functionConfig"] = new(() => List("[]", AgentSet.Replace("metadata:", "x-anchors:\n" + LaughAnchors("  ") + "\nmetadata:", StringComparison.Ordinal)
            + "\n      tolerations: *l9"), "billion laughs"),
        ["billion laughs as a mapping key"] = new(() => List("[]", AgentSet.Replace("metadata:", "x-anchors:\n" + LaughAnchors("  ") + "\nmetadata:", StringComparison.Ordinal)
            + "\n      ? *l9\n      : x"), "YAML refused"),
        ["a list as a mapping key"] = new(() => List(Item("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: k}\ndata: {? [a, b] : c}")), "a mapping key must be a string"),
        ["an alias to no anchor"] = new(() => List("- *nowhere"), "alias *nowhere refers to no anchor"),
        ["duplicate agent in the functionConfig"] = new(() => List(Item(UserItem), AgentSet + "\n    kiro: {command: kiro-cli}"),
            "duplicate key `kiro`", "spec.agents.kiro", "agentset.yaml"),
        ["duplicate token in the functionConfig"] = new(() => List("[]", AgentSet.Replace("{botToken: ", $"{{botToken: {Token}-2, botToken: ", StringComparison.Ordinal)),
            "duplicate key `botToken`", "spec.agents.kiro.discord.botToken", "agentset.yaml"),
        ["duplicate key in an item"] = new(() => List(Item(UserItem.Replace("{a: '1'}", "{a: '1', a: '2'}", StringComparison.Ordinal)), AgentSet),
            "duplicate key `a`", "data.a", "app/web.yaml"),
        ["duplicate key in the ResourceList"] = new(() => List("[]", AgentSet) + "items: []\n", "duplicate key `items`", "items"),
        ["a tag that decodes to no URI"] = new(() => List(Item(UserItem.Replace("{a: '1'}", "{a: !<tag:example.com,2000:a%20b> '1'}", StringComparison.Ordinal)), AgentSet),
            "a tag that is not a valid URI"),
        ["a quoted line indented less than its flow mapping"] = new(() => List("[]", AgentSet.Replace("bucket: team-state", "bucket: 'team\n\n  '", StringComparison.Ordinal)),
            "check the indentation of the lines of a multi-line value"),
        ["tab indentation in the functionConfig"] = new(() => List("[]", AgentSet.Replace("\n  agents:", "\n\tagents:", StringComparison.Ordinal)),
            "indentation must use spaces, not tabs"),
        ["tab indentation in an item"] = new(() => List(Item(UserItem.Replace("\ndata:", "\n\tdata:", StringComparison.Ordinal)), AgentSet),
            "indentation must use spaces, not tabs"),
    };

    public static TheoryData<string> CaseNames => new(Cases.Keys);

    private static byte[] Garbage(int length)
    {
        var bytes = new byte[length];
        new Random(4).NextBytes(bytes);
        bytes[17] = 0; // NUL is what makes it binary for sure
        return bytes;
    }

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void A_bad_stream_is_an_error_result_with_exit_1_and_nothing_generated(string name)
    {
        var @case = Cases[name];
        var input = @case.Input();
        var run = FunctionRunner.Run(input);

        Assert.True(run.ExitCode == 1, $"{name}: exit {run.ExitCode}\n{run.Error}");
        var output = new Output(run.Output);
        var errors = output.ResultsOf("error").ToList();
        Assert.True(errors.Any(e => Str(e, "message")!.Contains(@case.Message, StringComparison.Ordinal)
                                    && (@case.Field is null || Str(e, "field", "path") == @case.Field)
                                    && (@case.File is null || Str(e, "file", "path") == @case.File)),
            $"{name}: no error with '{@case.Message}' at {@case.Field} ({@case.File}); got:\n{string.Join("\n", errors.Select(e => $"{Str(e, "field", "path")} ({Str(e, "file", "path")}): {Str(e, "message")}"))}");
        Assert.Contains(@case.Message, run.Error, StringComparison.Ordinal);
        Assert.All(output.Items, i => Assert.Null(Str(i, "metadata", "annotations", "agentset.dev/owned-by")));
        if (@case.ItemsBack)
            Assert.Equal(ResourceListIo.Emit([new YamlSequenceNode(InputItems(input))]), ResourceListIo.Emit([new YamlSequenceNode(output.Items)]));
        else
            Assert.Empty(output.Items);
        Assert.DoesNotContain(Token, run.Output, StringComparison.Ordinal);
        Assert.DoesNotContain(Token, run.Error, StringComparison.Ordinal);
    }

    /// <summary>The input's items, each read whole as nodes.</summary>
    private static List<YamlNode> InputItems(string input) => [.. ResourceListIo.ParseComposed(input).Items.Select(i => i.Resource)];

    [Fact]
    public void Deep_nesting_within_the_limit_passes_through_untouched()
    {
        var item = Item("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: deep}\ndata: {a: " + Nested(990, "[", "]") + "}");
        var input = List(item, AgentSet);
        var run = FunctionRunner.Run(input);
        Assert.Equal(0, run.ExitCode);
        var deep = new Output(run.Output).Single("ConfigMap", "deep");
        Assert.Equal(ResourceListIo.Emit([InputItems(input)[0]]), ResourceListIo.Emit([deep]));
    }

    [Fact]
    public void Aliases_used_as_intended_work_and_pass_through_as_aliases()
    {
        // One toleration list shared by two agents, and an item with an anchor: normal YAML.
        var secondAgent = "\n    codex:\n      command: codex-acp\n      discord: {botTokenSecretRef: {name: d, key: t}}\n      persistence: {s3: {enabled: true, bucket: team-state, region: eu-west-1}}\n      tolerations: *tolerations";
        var shared = List(Item("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: anchors}\ndata:\n  a: &v value\n  b: *v"),
            AgentSet + "\n      tolerations: &tolerations [{key: dedicated, operator: Equal, value: agents, effect: NoSchedule}]" + secondAgent);
        var ok = FunctionRunner.Run(shared);
        Assert.True(ok.ExitCode == 0, ok.Error);
        var output = new Output(ok.Output);
        foreach (var name in new[] { "team-kiro", "team-codex" })
            Assert.Equal("dedicated", Str(Seq(output.Single("Deployment", name), "spec", "template", "spec", "tolerations").Single(), "key"));
        Assert.Contains("a: &v value\n    b: *v\n", ok.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void A_20_MB_resource_list_is_rendered_with_every_item_back()
    {
        var input = LargeList(20 * 1024 * 1024);
        var run = FunctionRunner.Run(input);
        Assert.True(run.ExitCode == 0, run.Error);
        var output = new Output(run.Output);
        Assert.Equal(ResourceListIo.Parse(input).Items.Count + 3, output.Items.Count);
        Assert.Single(output.OfKind("Deployment"));
    }

    /// <summary>A ResourceList of at least <paramref name="bytes"/>: ConfigMaps of 1 KiB, then the AgentSet.</summary>
    private static string LargeList(int bytes)
    {
        var text = new StringBuilder("apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems:\n");
        var payload = new string('x', 1000);
        for (var i = 0; text.Length < bytes; i++)
            text.Append($"- apiVersion: v1\n  kind: ConfigMap\n  metadata:\n    name: cm-{i}\n    annotations: {{config.kubernetes.io/path: 'big/cm-{i}.yaml'}}\n  data: {{payload: {payload}}}\n");
        return text.Append("functionConfig:\n").Append(Indent(AgentSet, "  ")).Append('\n').ToString();
    }

    // Through the Native AOT binary: a stack overflow or an out-of-memory there kills the process
    // (exit 134/139 or the like, no output), which no in-process test can show.

    [Fact]
    public void The_binary_refuses_empty_stdin_with_a_message()
    {
        var run = Binary.Run("", null);
        Assert.Equal(1, run.ExitCode);
        Assert.Contains("error: stdin is empty", run.Error, StringComparison.Ordinal);
        Assert.Contains("stdin is empty", Str(Assert.Single(new Output(run.Output).Results), "message"), StringComparison.Ordinal);
    }

    [Fact]
    public void The_binary_refuses_binary_garbage_with_a_message()
    {
        var run = Binary.RunBytes(Garbage(64 * 1024), null);
        Assert.Equal(1, run.ExitCode);
        Assert.Contains("NUL bytes", run.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(100_000)]
    [InlineData(1_000_000)]
    public void The_binary_refuses_deep_nesting_without_overflowing_its_stack(int depth)
    {
        var run = Binary.Run(List(Item("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: deep}\ndata: {a: " + Nested(depth, "[", "]") + "}"), AgentSet), null);
        Assert.True(run.ExitCode == 1, $"exit {run.ExitCode}: {run.Error}");
        Assert.Contains("nested more than 1000 levels deep", run.Error, StringComparison.Ordinal);
        Assert.Empty(new Output(run.Output).Items);
    }

    [Fact]
    public void The_binary_refuses_a_billion_laughs_in_bounded_memory()
    {
        var run = Binary.RunBytes(Encoding.UTF8.GetBytes(List(BillionLaughsItem(), AgentSet)), HeapLimit);
        Assert.True(run.ExitCode == 1, $"exit {run.ExitCode}: {run.Error}");
        Assert.Contains("billion laughs", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void The_binary_renders_a_20_MB_resource_list_in_bounded_memory()
    {
        var input = LargeList(20 * 1024 * 1024);
        var run = Binary.RunBytes(Encoding.UTF8.GetBytes(input), HeapLimit);
        Assert.True(run.ExitCode == 0, $"exit {run.ExitCode}: {run.Error}");
        Assert.Equal(ResourceListIo.Parse(input).Items.Count + 3, new Output(run.Output).Items.Count);
    }

    /// <summary>A ResourceList's bytes with <paramref name="bad"/> put where "@@" is in its text.</summary>
    private static byte[] WithBytes(string text, params byte[] bad)
    {
        var at = text.IndexOf("@@", StringComparison.Ordinal);
        return [.. Encoding.UTF8.GetBytes(text[..at]), .. bad, .. Encoding.UTF8.GetBytes(text[(at + 2)..])];
    }

    private static readonly string WebWithMark = UserItem.Replace("{a: '1'}", "{a: 'caf@@'}", StringComparison.Ordinal);

    /// <summary>Where the bad bytes are, and what the error must say about it.</summary>
    public static TheoryData<string, string, string?> BadUtf8 => new()
    {
        // Latin-1 é, as an editor on another locale saves it.
        { List(Item(WebWithMark), AgentSet), "in the ConfigMap `web` (app/web.yaml)", "app/web.yaml" },
        // The same in a flow-style list, which is read the slower way.
        { "apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems: [{apiVersion: v1, kind: ConfigMap, metadata: {name: web, annotations: {config.kubernetes.io/path: app/web.yaml}}, data: {a: 'caf@@'}}]\n",
            "in the ConfigMap `web` (app/web.yaml)", "app/web.yaml" },
        { List(Item(UserItem), AgentSet.Replace("name: team", "name: team\n  labels: {owner: caf@@}", StringComparison.Ordinal)),
            "in the AgentSet `team` (agentset.yaml)", "agentset.yaml" },
        { "# caf@@\n" + List(Item(UserItem), AgentSet), "at line 1, column 6 (byte 5)", null },
    };

    [Theory]
    [MemberData(nameof(BadUtf8))]
    public void The_binary_refuses_bytes_that_are_not_UTF8_and_names_where_they_are(string text, string where, string? file)
    {
        // Never replaced by U+FFFD: the items come back byte for byte or the run fails.
        foreach (var bad in new byte[][] { [0xE9], [0xE2, 0x82], [0xED, 0xA0, 0x80], [0xC0, 0xAF], [0xFF] })
        {
            var run = Binary.RunBytes(WithBytes(text, bad), null);
            Assert.True(run.ExitCode == 1, $"exit {run.ExitCode}: {run.Error}");
            var error = Assert.Single(run.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
            Assert.StartsWith("error: ", error, StringComparison.Ordinal);
            Assert.Contains("stdin is not valid UTF-8 at line ", error, StringComparison.Ordinal);
            Assert.Contains(where, error, StringComparison.Ordinal);
            var output = new Output(run.Output);
            Assert.Empty(output.Items);
            var result = Assert.Single(output.Results);
            Assert.Equal(file, Str(result, "file", "path"));
            Assert.DoesNotContain("\uFFFD", run.Output + run.Error, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Text_in_every_script_passes_through_byte_for_byte()
    {
        var text = List(Item(WebWithMark.Replace("caf@@", "café ✓ 🚀 \u00A0 \u200B ÿ", StringComparison.Ordinal)), AgentSet);
        var run = Binary.RunBytes(Encoding.UTF8.GetBytes(text), null);
        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Contains("{a: 'café ✓ 🚀 \u00A0 \u200B ÿ'}", run.Output, StringComparison.Ordinal);
    }

    // The GC fails with out-of-memory past this heap size, so a run that needs more fails the test.
    // Hexadecimal without "0x": the Native AOT runtime ignores a value written with the prefix
    // (the JIT runtime takes both), which left these tests unbounded on the binary.
    private static readonly Dictionary<string, string> HeapLimit = new() { ["DOTNET_GCHeapHardLimit"] = "20000000" }; // 512 MiB
}
