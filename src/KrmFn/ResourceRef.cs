namespace KrmFn;

/// <summary>The resource a result is about: a result's resourceRef.</summary>
public sealed record ResourceRef(string ApiVersion, string Kind, string Name, string? Namespace);
