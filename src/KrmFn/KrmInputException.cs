namespace KrmFn;

/// <summary>
/// The input is not a usable ResourceList or YAML stream. The message says why; the results
/// say it per problem, with the resource and file when known (duplicate keys).
/// </summary>
public sealed class KrmInputException(string message, IReadOnlyList<KrmResult>? results = null) : Exception(message)
{
    public IReadOnlyList<KrmResult> Results { get; } = results ?? [new KrmResult(Severity.Error, message)];
}
