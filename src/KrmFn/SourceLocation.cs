namespace KrmFn;

/// <summary>Where a resource came from, for results: its file path and document index (kpt's path and index annotations).</summary>
public sealed record SourceLocation(string? Path, int? Index);
