using KrmFn;

namespace AgentSetFn;

/// <summary>Collects results for one AgentSet, stamping each with its file and resource.</summary>
internal sealed class Diagnostics(SourceLocation source, ResourceRef? resource)
{
    private readonly List<KrmResult> _results = [];

    public IReadOnlyList<KrmResult> Results => _results;
    public bool HasErrors => KrmResult.AnyErrors(_results);

    public void Error(string fieldPath, string message) =>
        _results.Add(new KrmResult(Severity.Error, message, fieldPath, source, resource));

    public void Warning(string fieldPath, string message) =>
        _results.Add(new KrmResult(Severity.Warning, message, fieldPath, source, resource));

    /// <summary>Something the function decided for the user that they may want to know (never fails a run).</summary>
    public void Info(string fieldPath, string message) =>
        _results.Add(new KrmResult(Severity.Info, message, fieldPath, source, resource));
}
