namespace AgentSetFn.Api;

/// <summary>
/// An image as repository and tag; a tag that starts with `sha256:` is a digest. As written in
/// an AgentSet either part may be empty (then defaulted); resolved, both are set.
/// </summary>
internal sealed record ImageReference(string? Repository, string? Tag)
{
    /// <summary>Each part as written, or its default when empty.</summary>
    public static ImageReference Resolve(ImageReference? image, string defaultRepository, string defaultTag) => new(
        image?.Repository is { Length: > 0 } r ? r : defaultRepository,
        image?.Tag is { Length: > 0 } t ? t : defaultTag);

    /// <summary>
    /// An image reference's parts: repository@sha256:... splits at the first '@', repository:tag
    /// at the last ':'. Tag is null when that separator is not after the last '/': `node` has no
    /// tag, and in `host:5000/img` the ':' is the registry's port.
    /// </summary>
    public static ImageReference Parse(string image)
    {
        var at = image.IndexOf('@', StringComparison.Ordinal);
        var separator = at >= 0 ? at : image.LastIndexOf(':');
        return separator > image.LastIndexOf('/')
            ? new ImageReference(image[..separator], image[(separator + 1)..])
            : new ImageReference(image, null);
    }

    /// <summary>repository:tag, or repository@sha256:... when the tag is a digest.</summary>
    public static string Join(string repository, string tag) =>
        tag.StartsWith("sha256:", StringComparison.Ordinal) ? $"{repository}@{tag}" : $"{repository}:{tag}";

    /// <summary>The reference text of a resolved image (both parts set).</summary>
    public string Text => Join(Repository ?? "", Tag ?? "");
}
