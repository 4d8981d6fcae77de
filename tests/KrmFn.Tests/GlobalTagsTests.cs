using static AgentSetFn.Tests.Support.YamlTree;
using YamlDotNet.RepresentationModel;

namespace KrmFn.Tests;

/// <summary>
/// A YAML stream written from nodes keeps its global tags (see VerbatimTags). Every comparison
/// reads the texts with YamlDotNet's own YamlStream, not with the library's reader or writer.
/// </summary>
public class GlobalTagsTests
{
    [Fact]
    public void A_stream_keeps_global_tags_and_yamldotnet_alone_would_not()
    {
        var document = Load("kind: ConfigMap\ndata: {x: !<tag:example.com,2000:foo> b, y: !<tag:example.com,2001:bar> [c]}\n")[0];

        var text = ResourceListIo.Emit([document]);

        Assert.Equal(Described([document]), Described(Load(text)));
        Assert.Contains("!<tag:example.com,2000:foo> b", text, StringComparison.Ordinal);
        // What the emitter does with the tag by itself, which this guards against.
        var plain = new StringWriter();
        new YamlStream(new YamlDocument(document)).Save(plain, assignAnchors: false);
        Assert.Contains("tag:example.com,2000:foo b", plain.ToString().Replace("!<tag:example.com,2000:foo> b", "", StringComparison.Ordinal), StringComparison.Ordinal);
    }
}
