namespace KrmFn;

/// <summary>
/// An item's own lines in the input (its head comments included), copied to the output byte
/// for byte: <see cref="Source"/>[<see cref="Start"/>..<see cref="End"/>), written
/// <see cref="Indent"/> columns further left, where the output's list entries are.
/// </summary>
internal sealed record ItemText(string Source, int Start, int End, int Indent);
