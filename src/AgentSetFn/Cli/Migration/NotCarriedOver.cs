namespace AgentSetFn.Cli.Migration;

/// <summary>
/// What the migration did not carry over, in the order found: listed in the comment that heads
/// the AgentSet, and as warnings on stderr. Never a secret value: notes name fields.
/// </summary>
internal sealed class NotCarriedOver
{
    private readonly List<string> _notes = [];

    public IReadOnlyList<string> Notes => _notes;

    public void Add(string note) => _notes.Add(note);

    /// <summary>The comment heading the AgentSet (no final newline).</summary>
    public string Comment(string file)
    {
        var header = new List<string> { $"# Migrated from {file} by `agentset migrate`. Review it, then render it." };
        if (_notes.Count > 0)
        {
            header.Add("# Not carried over (no AgentSet equivalent, or on purpose):");
            header.AddRange(_notes.Select(n => $"#   - {n}"));
        }
        return string.Join('\n', header);
    }

    /// <summary>The lines for stderr, one per note.</summary>
    public IEnumerable<string> Warnings(string file) => _notes.Select(note => $"warning: ({file}): not carried over: {note}");
}
