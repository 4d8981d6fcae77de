namespace KrmFn;

/// <summary>
/// What a processor gives back. <see cref="Kept"/>: input items, written as they were read
/// (copied ones byte for byte); <see cref="Generated"/>: new objects, enumerated once, as the
/// output is written, so a lazy sequence is written one object at a time; <see cref="Results"/>.
/// An error result makes the run exit 1; by the KRM contract the items should then be the
/// input's, untouched, and nothing generated.
/// </summary>
public sealed record ResourceListOutput(IReadOnlyList<ResourceItem> Kept, IEnumerable<GeneratedItem> Generated, IReadOnlyList<KrmResult> Results)
{
    /// <summary>Items and results, nothing generated (a failed run).</summary>
    public ResourceListOutput(IReadOnlyList<ResourceItem> kept, IReadOnlyList<KrmResult> results) : this(kept, [], results) { }

    public bool Failed => KrmResult.AnyErrors(Results);
}
