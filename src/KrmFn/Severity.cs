namespace KrmFn;

/// <summary>How grave a result is: an error fails the run (exit 1, nothing generated).</summary>
public enum Severity { Error, Warning, Info }
