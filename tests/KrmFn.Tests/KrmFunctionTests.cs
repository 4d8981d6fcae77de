using System.Text;
using YamlDotNet.RepresentationModel;

namespace KrmFn.Tests;

/// <summary>
/// The run loop any function gets from the library (<see cref="KrmFunction.Run"/>): read the
/// ResourceList, run the processor, write items and results, exit 1 on any error result. Tested
/// with a small processor of its own, without agentset.
/// </summary>
public class KrmFunctionTests
{
    private const string Input = """
        apiVersion: config.kubernetes.io/v1
        kind: ResourceList
        items:
        # a head comment
        - apiVersion: v1
          kind: ConfigMap   # kept as written
          metadata: {name: web, annotations: {config.kubernetes.io/path: app/web.yaml}}
          data: {a: '1'}
        functionConfig:
          apiVersion: example.com/v1
          kind: WidgetConfig
          metadata: {name: w}

        """;

    /// <summary>Keeps every item and generates one Widget named after the functionConfig.</summary>
    private sealed class WidgetFunction(Func<ResourceList, IReadOnlyList<KrmResult>>? results = null) : IResourceListProcessor
    {
        public int Calls { get; private set; }

        public ResourceListOutput Process(ResourceList input)
        {
            Calls++;
            var name = ResourceAnnotations.Metadata(input.FunctionConfig!, "name")!;
            var widget = new Widget { Metadata = { Name = name } };
            var output = results?.Invoke(input) ?? [];
            if (KrmResult.AnyErrors(output)) return new ResourceListOutput(input.Items, output);
            return new ResourceListOutput(input.Items, [new GeneratedItem(widget, WidgetJson.Default.Widget, [new("config.kubernetes.io/path", $"widgets/{name}.yaml")])], output);
        }
    }

    private static (int Exit, string Output, string Error) Run(IResourceListProcessor processor, string input)
    {
        var output = new StringWriter { NewLine = "\n" };
        var error = new StringWriter { NewLine = "\n" };
        var exit = KrmFunction.Run(processor, () => input, output, error);
        return (exit, output.ToString(), error.ToString());
    }

    [Fact]
    public void Kept_items_come_back_as_written_and_generated_ones_after_them()
    {
        var (exit, output, error) = Run(new WidgetFunction(), Input);

        Assert.Equal(0, exit);
        Assert.Equal("", error);
        Assert.Equal("""
            apiVersion: config.kubernetes.io/v1
            kind: ResourceList
            items:
            # a head comment
            - apiVersion: v1
              kind: ConfigMap   # kept as written
              metadata: {name: web, annotations: {config.kubernetes.io/path: app/web.yaml}}
              data: {a: '1'}
            - apiVersion: example.com/v1
              kind: Widget
              metadata:
                name: w
                annotations:
                  config.kubernetes.io/path: widgets/w.yaml
              script: |
                echo hi

            """, output);
    }

    [Fact]
    public void An_error_result_exits_1_with_the_items_and_every_result_and_the_error_on_stderr()
    {
        var function = new WidgetFunction(input =>
        [
            new KrmResult(Severity.Warning, "a warning", "spec.a", new SourceLocation("w.yaml", 0)),
            new KrmResult(Severity.Error, "bad\nname", "metadata.name", new SourceLocation("w.yaml", 0), new ResourceRef("example.com/v1", "WidgetConfig", "w", null)),
        ]);

        var (exit, output, error) = Run(function, Input);

        Assert.Equal(1, exit);
        Assert.Equal("error: metadata.name (w.yaml): bad\\nname\n", error); // one line: the newline is shown, not written
        Assert.DoesNotContain("kind: Widget\n", output, StringComparison.Ordinal);
        var list = (YamlMappingNode)ResourceListIo.ParseDocuments(output)[0];
        Assert.Single((YamlSequenceNode)list.Children["items"]);
        var results = ((YamlSequenceNode)list.Children["results"]).Children.Cast<YamlMappingNode>().ToList();
        Assert.Equal(["warning", "error"], results.Select(r => ResourceListIo.ScalarValue(r, "severity")));
        Assert.Equal("w.yaml", ResourceListIo.ScalarValue((YamlMappingNode)results[1].Children["file"], "path"));
        Assert.Equal("WidgetConfig", ResourceListIo.ScalarValue((YamlMappingNode)results[1].Children["resourceRef"], "kind"));
    }

    [Fact]
    public void Warnings_alone_exit_0_and_print_nothing_on_stderr()
    {
        var (exit, output, error) = Run(new WidgetFunction(_ => [new KrmResult(Severity.Warning, "careful")]), Input);

        Assert.Equal(0, exit);
        Assert.Equal("", error);
        Assert.EndsWith("results:\n- message: careful\n  severity: warning\n", output, StringComparison.Ordinal);
    }

    public static TheoryData<string, string> Unreadable => new()
    {
        { "", "stdin is empty" },
        { "not: [valid", "not valid YAML at line" },
        { "apiVersion: v1\nkind: List\nitems: []\n", "kind is 'List', expected 'ResourceList'" },
        { "apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems: {a: b}\n", "items must be a list" },
        { "apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems:\n- " + new string('[', 5000) + new string(']', 5000) + "\n", "nested more than 1000 levels deep" },
        { "apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems: []\nx: a\0b\n", "NUL bytes" },
    };

    [Theory]
    [MemberData(nameof(Unreadable))]
    public void An_unreadable_resource_list_is_an_empty_one_with_the_error_and_exit_1(string input, string message)
    {
        var function = new WidgetFunction();

        var (exit, output, error) = Run(function, input);

        Assert.Equal(1, exit);
        Assert.Equal(0, function.Calls);
        Assert.StartsWith("apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems: []\nresults:\n- message: ", output, StringComparison.Ordinal);
        Assert.Contains(message, output, StringComparison.Ordinal);
        Assert.StartsWith("error: ", error, StringComparison.Ordinal);
        Assert.Contains(message, error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_duplicate_key_is_reported_against_the_item_and_its_file()
    {
        var (exit, output, _) = Run(new WidgetFunction(), Input.Replace("{a: '1'}", "{a: '1', a: '2'}", StringComparison.Ordinal));

        Assert.Equal(1, exit);
        var result = (YamlMappingNode)((YamlSequenceNode)((YamlMappingNode)ResourceListIo.ParseDocuments(output)[0]).Children["results"]).Children[0];
        Assert.Contains("duplicate key `a`", ResourceListIo.ScalarValue(result, "message"), StringComparison.Ordinal);
        Assert.Equal("data.a", ResourceListIo.ScalarValue((YamlMappingNode)result.Children["field"], "path"));
        Assert.Equal("app/web.yaml", ResourceListIo.ScalarValue((YamlMappingNode)result.Children["file"], "path"));
    }

    [Fact]
    public void An_input_error_of_the_functions_own_reader_is_reported_like_an_unreadable_list()
    {
        var function = new WidgetFunction();
        var output = new StringWriter { NewLine = "\n" };
        var error = new StringWriter { NewLine = "\n" };

        var exit = KrmFunction.Run(function, () => throw new KrmInputException("stdin is too large", [new KrmResult(Severity.Error, "stdin is too large", null, new SourceLocation("big.yaml", 3))]), output, error);

        Assert.Equal(1, exit);
        Assert.Equal(0, function.Calls);
        Assert.Equal("error: (big.yaml): stdin is too large\n", error.ToString());
        Assert.Equal("""
            apiVersion: config.kubernetes.io/v1
            kind: ResourceList
            items: []
            results:
            - message: stdin is too large
              severity: error
              file:
                path: big.yaml
                index: 3

            """, output.ToString());
    }

    /// <summary>Generates widgets lazily and records how much output was written when each was asked for.</summary>
    private sealed class LazyFunction(StringWriter output) : IResourceListProcessor
    {
        public List<int> WrittenBefore { get; } = [];

        public ResourceListOutput Process(ResourceList input) => new(input.Items, Widgets(), []);

        private IEnumerable<GeneratedItem> Widgets()
        {
            for (var i = 0; i < 3; i++)
            {
                WrittenBefore.Add(output.GetStringBuilder().Length);
                yield return new GeneratedItem(new Widget { Metadata = { Name = $"w{i}" } }, WidgetJson.Default.Widget);
            }
        }
    }

    [Fact]
    public void Generated_items_are_written_one_by_one_as_they_are_enumerated()
    {
        var output = new StringWriter { NewLine = "\n" };
        var function = new LazyFunction(output);

        var exit = KrmFunction.Run(function, () => Input, output, new StringWriter());

        Assert.Equal(0, exit);
        Assert.Equal(3, function.WrittenBefore.Count);
        // When a widget is asked for, the one before it is already written, whole.
        var text = output.ToString();
        Assert.EndsWith("  data: {a: '1'}\n", text[..function.WrittenBefore[0]], StringComparison.Ordinal); // the kept item
        Assert.EndsWith("    name: w0\n  script: |\n    echo hi\n", text[..function.WrittenBefore[1]], StringComparison.Ordinal);
        Assert.EndsWith("    name: w1\n  script: |\n    echo hi\n", text[..function.WrittenBefore[2]], StringComparison.Ordinal);
    }
}
