namespace KrmFn;

/// <summary>
/// One entry of a ResourceList's results, as the KRM Functions Specification defines it:
/// severity, message, and where applicable the resource, the field path and the file.
/// Messages never contain secret values: callers describe a token, they never quote it.
/// </summary>
public sealed record KrmResult(
    Severity Severity,
    string Message,
    string? FieldPath = null,
    SourceLocation? File = null,
    ResourceRef? Resource = null)
{
    // A result is one line on a terminal: a value quoted in it (a name with a newline) must
    // not break it, nor forge a second result.
    public string Message { get; init; } = Printable(Message);
    public string? FieldPath { get; init; } = FieldPath is null ? null : Printable(FieldPath);

    public string SeverityText => Severity switch
    {
        Severity.Error => "error",
        Severity.Warning => "warning",
        _ => "info",
    };

    /// <summary>Whether any result is an error (then the function exits 1 and renders nothing).</summary>
    public static bool AnyErrors(IEnumerable<KrmResult> results) => results.Any(r => r.Severity == Severity.Error);

    /// <summary>Text with each control character written as an escape: `\n`, `\0`, `\u001B`.</summary>
    public static string Printable(string text)
    {
        if (!text.Any(char.IsControl)) return text;
        var printable = new System.Text.StringBuilder(text.Length + 8);
        foreach (var c in text)
        {
            if (char.IsControl(c)) printable.Append(Escape(c));
            else printable.Append(c);
        }
        return printable.ToString();
    }

    /// <summary>How a control character is shown in a result.</summary>
    public static string Escape(char c) => c switch
    {
        '\n' => "\\n",
        '\r' => "\\r",
        '\t' => "\\t",
        '\0' => "\\0",
        _ => "\\u" + ((int)c).ToString("X4", System.Globalization.CultureInfo.InvariantCulture),
    };

    /// <summary>One line for a terminal: "error: spec.replicas (config.yaml): message".</summary>
    public override string ToString()
    {
        var where = FieldPath is null ? "" : $" {FieldPath}";
        var file = File?.Path is null ? "" : $" ({File.Path})";
        var location = where + file;
        return location.Length == 0 ? $"{SeverityText}: {Message}" : $"{SeverityText}:{location}: {Message}";
    }
}
