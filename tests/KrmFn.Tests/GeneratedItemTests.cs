namespace KrmFn.Tests;

/// <summary>A generated item stays typed until written and is serialised once, when written.</summary>
public class GeneratedItemTests
{
    [Fact]
    public void An_item_is_serialised_only_when_written_and_then_once()
    {
        var widget = new Widget { Metadata = { Name = "w", Labels = new() { ["app"] = "true" } } };

        var item = new GeneratedItem(widget, WidgetJson.Default.Widget, [new("config.kubernetes.io/index", "0")]);
        Assert.Equal(0, widget.Reads);

        var text = item.ToYaml();

        Assert.Equal(1, widget.Reads);
        Assert.Equal("""
            apiVersion: example.com/v1
            kind: Widget
            metadata:
              name: w
              labels:
                app: "true"
              annotations:
                config.kubernetes.io/index: "0"
            script: |
              echo hi

            """, text);
        var written = new StringWriter { NewLine = "\n" };
        item.WriteDocument(written);
        Assert.Equal(text, written.ToString());
    }

    [Fact]
    public void Type_information_for_another_type_is_refused_when_the_item_is_made()
    {
        var error = Assert.Throws<ArgumentException>(() => new GeneratedItem("text", WidgetJson.Default.Widget));
        Assert.Contains("Widget", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_value_that_is_not_written_as_a_json_object_is_refused()
    {
        var error = Assert.Throws<ArgumentException>(() => new GeneratedItem("text", WidgetJson.Default.String));
        Assert.Contains("not written as a JSON object", error.Message, StringComparison.Ordinal);
    }
}
