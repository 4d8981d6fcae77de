using AgentSetFn.Api;

namespace AgentSetFn.Tests.Api;

/// <summary>ImageReference.Parse: the one place an image reference's text is split into repository and tag.</summary>
public class ImageReferenceTests
{
    private const string Digest = "sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

    [Theory]
    [InlineData("node:22.12-alpine", "node", "22.12-alpine")]
    [InlineData("ghcr.io/openabdev/openab:0.8.3-beta.4", "ghcr.io/openabdev/openab", "0.8.3-beta.4")]
    [InlineData("host:5000/team/img:1.0", "host:5000/team/img", "1.0")]
    [InlineData("img@" + Digest, "img", Digest)]
    [InlineData("host:5000/img@" + Digest, "host:5000/img", Digest)]
    // A tag and a digest: the split is at the '@', so the repository keeps the tag (and is then
    // refused by the repository pattern: pin with one or the other).
    [InlineData("img:1.0@" + Digest, "img:1.0", Digest)]
    [InlineData("img:latest", "img", "latest")]
    public void A_reference_with_a_tag_or_digest_splits_at_its_separator(string image, string repository, string tag)
    {
        Assert.Equal(new ImageReference(repository, tag), ImageReference.Parse(image));
    }

    [Theory]
    [InlineData("node")]
    [InlineData("ghcr.io/openabdev/openab")]
    // The ':' is the registry's port, not a tag.
    [InlineData("host:5000/img")]
    // An '@' before the last '/' is no digest separator.
    [InlineData("team@x/img")]
    [InlineData("")]
    public void A_reference_without_a_separator_after_the_last_slash_has_no_tag(string image)
    {
        Assert.Equal(new ImageReference(image, null), ImageReference.Parse(image));
    }

    [Theory]
    [InlineData("node:22.12-alpine")]
    [InlineData("host:5000/img:1.0")]
    [InlineData("img@" + Digest)]
    public void Parse_and_Text_are_inverse_for_a_pinned_reference(string image)
    {
        Assert.Equal(image, ImageReference.Parse(image).Text);
    }

    [Fact]
    public void Resolve_defaults_each_empty_part_on_its_own()
    {
        Assert.Equal(new ImageReference("r", "t"), ImageReference.Resolve(null, "r", "t"));
        Assert.Equal(new ImageReference("mine", "t"), ImageReference.Resolve(new ImageReference("mine", ""), "r", "t"));
        Assert.Equal(new ImageReference("r", Digest), ImageReference.Resolve(new ImageReference(null, Digest), "r", "t"));
        Assert.Equal("r@" + Digest, ImageReference.Resolve(new ImageReference(null, Digest), "r", "t").Text);
    }
}
