using YamlDotNet.RepresentationModel;

namespace KrmFn.Tests;

/// <summary>Items copied as text are read for their identity only; <see cref="ResourceItem.Whole"/> reads the rest.</summary>
public class ResourceItemTests
{
    [Fact]
    public void A_copied_item_holds_its_identity_and_reads_whole_on_demand()
    {
        var list = ResourceListIo.Parse("""
            apiVersion: config.kubernetes.io/v1
            kind: ResourceList
            items:
            - apiVersion: v1
              kind: ConfigMap
              metadata: {name: web, labels: {app: web}}
              data: {a: '1'}

            """);

        var item = Assert.Single(list.Items);
        Assert.NotNull(item.Text);
        var identity = (YamlMappingNode)item.Resource;
        Assert.False(identity.Children.ContainsKey("data"));
        Assert.Equal("web", ResourceAnnotations.Metadata(identity, "name"));
        var whole = item.Whole();
        Assert.NotNull(whole);
        Assert.Equal("1", ResourceListIo.ScalarValue((YamlMappingNode)whole.Children["data"], "a"));
        Assert.Equal("web", ResourceListIo.ScalarValue((YamlMappingNode)((YamlMappingNode)whole.Children["metadata"]).Children["labels"], "app"));
    }

    [Fact]
    public void An_item_read_as_nodes_is_whole_already()
    {
        var list = ResourceListIo.Parse("apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems: [{apiVersion: v1, kind: ConfigMap, metadata: {name: web}, data: {a: '1'}}]\n");

        var item = Assert.Single(list.Items);
        Assert.Null(item.Text);
        Assert.Same(item.Resource, item.Whole());
    }

    [Fact]
    public void A_copied_item_that_aliases_another_items_anchor_is_not_copied()
    {
        var list = ResourceListIo.Parse("""
            apiVersion: config.kubernetes.io/v1
            kind: ResourceList
            items:
            - &a {apiVersion: v1, kind: ConfigMap, metadata: {name: a}}
            - *a

            """);

        Assert.All(list.Items, item => Assert.Null(item.Text));
        Assert.All(list.Items, item => Assert.NotNull(item.Whole()));
    }
}
