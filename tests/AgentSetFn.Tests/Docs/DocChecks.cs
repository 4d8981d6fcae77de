namespace AgentSetFn.Tests.Docs;

/// <summary>
/// What makes a page's blocks and links trustworthy, as lists of problems ("page:line: what"), so
/// a test can report every problem of every page at once, and be shown to find them.
/// </summary>
internal static class DocChecks
{
    /// <summary>Scripts that build and test the whole repository: a docs test must never run them (it runs inside them).</summary>
    private static readonly string[] WholeRepositoryCommands = ["scripts/test.sh", ".ci/run", "bench/run.sh", "scripts/render-example.sh"];

    /// <summary>Every shell block is either run by the docs test or says why it cannot be; every marker is well formed.</summary>
    public static List<string> MarkerProblems(string page, string text)
    {
        var problems = new List<string>();
        var tested = false;
        foreach (var block in DocPages.Blocks(text))
        {
            var at = $"{page}:{block.Line}";
            var known = block.Marker is null || block.IsTested || block.NotTestedReason is not null || block.FilePath is not null || block.IsOutput;
            if (!known)
                problems.Add($"{at}: unknown marker `<!--{block.Marker}-->` (tested, tested in DIR, not tested: REASON, file: PATH, output)");
            else if (block.IsShell && !block.IsTested && block.NotTestedReason is null)
                problems.Add($"{at}: a `{block.Language}` block is neither marked `<!-- tested -->` nor `<!-- not tested: REASON -->`");
            else if (block.NotTestedReason is "")
                problems.Add($"{at}: `not tested:` needs a reason");
            else if (block.IsTested && !block.IsShell)
                problems.Add($"{at}: only a shell block can be tested, not a `{block.Language}` block");
            else if (block.IsTested && WholeRepositoryCommands.FirstOrDefault(c => block.Text.Contains(c, StringComparison.Ordinal)) is { } whole)
                problems.Add($"{at}: a tested block runs `{whole}`, which builds the repository; mark it `not tested:` with the reason");
            else if (block.IsTested && !IsInside(block.Directory))
                problems.Add($"{at}: `tested in {block.Directory}` must name a directory inside the repository");
            else if (block.FilePath is { } file && !IsInside(file))
                problems.Add($"{at}: `file: {file}` must be a relative path inside the test's copy of the repository");
            else if (block.IsOutput && !tested)
                problems.Add($"{at}: an `output` block must follow a tested block (one output per tested block)");
            if (block.IsTested) tested = true;
            else if (block.IsOutput) tested = false;
        }
        return problems;
    }

    /// <summary>Every relative link points at a file or directory of the repository, and every anchor at a heading of its page.</summary>
    public static List<string> LinkProblems(string root, string page, string text)
    {
        var problems = new List<string>();
        var directory = Path.GetDirectoryName(Path.Combine(root, page))!;
        foreach (var link in DocPages.Links(text))
        {
            if (link.StartsWith("http://", StringComparison.Ordinal) || link.StartsWith("https://", StringComparison.Ordinal) || link.StartsWith("mailto:", StringComparison.Ordinal))
                continue;
            var hash = link.IndexOf('#', StringComparison.Ordinal);
            var path = hash < 0 ? link : link[..hash];
            var anchor = hash < 0 ? null : link[(hash + 1)..];
            if (path.Length == 0)
            {
                if (!DocPages.Anchors(text).Contains(anchor!)) problems.Add($"{page}: `{link}`: no heading with the anchor `#{anchor}` on the page");
                continue;
            }
            var target = Path.GetFullPath(Path.Combine(directory, Uri.UnescapeDataString(path)));
            if (!target.StartsWith(Path.GetFullPath(root) + Path.DirectorySeparatorChar, StringComparison.Ordinal))
                problems.Add($"{page}: `{link}` points outside the repository");
            else if (!File.Exists(target) && !Directory.Exists(target))
                problems.Add($"{page}: `{link}`: no such file or directory");
            else if (anchor is not null && target.EndsWith(".md", StringComparison.Ordinal) && !DocPages.Anchors(File.ReadAllText(target)).Contains(anchor))
                problems.Add($"{page}: `{link}`: no heading with the anchor `#{anchor}` in {Path.GetRelativePath(root, target)}");
        }
        return problems;
    }

    private static bool IsInside(string relative) =>
        !Path.IsPathRooted(relative) && !relative.Split('/').Any(part => part is ".." or "~");
}
