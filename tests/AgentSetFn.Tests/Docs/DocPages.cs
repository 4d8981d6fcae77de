using System.Text.RegularExpressions;

namespace AgentSetFn.Tests.Docs;

/// <summary>
/// The documentation as a reader gets it: README.md, CONTRIBUTING.md and every page under docs/,
/// each read into its fenced blocks (with the marker comment that says what a test does with
/// the block) and its links.
/// </summary>
/// <remarks>
/// Markers are HTML comments on the line before a fence, invisible on GitHub:
/// <c>&lt;!-- tested --&gt;</c> runs a shell block from the repository's root (<c>tested in DIR</c>: from DIR);
/// <c>&lt;!-- not tested: REASON --&gt;</c> says why a shell block cannot run here;
/// <c>&lt;!-- file: PATH --&gt;</c> writes the block to PATH before the blocks after it run;
/// <c>&lt;!-- output --&gt;</c> is the output (stdout and stderr as one stream) the last tested block must print.
/// </remarks>
internal static partial class DocPages
{
    /// <summary>Info strings of blocks a reader would paste into a shell: each needs a marker.</summary>
    public static readonly IReadOnlySet<string> ShellLanguages = new HashSet<string>(StringComparer.Ordinal) { "sh", "bash", "shell", "console", "zsh" };

    /// <summary>Repository-relative paths of every documentation page, in a stable order.</summary>
    public static IEnumerable<string> All(string root)
    {
        foreach (var top in new[] { "README.md", "CONTRIBUTING.md" })
            if (File.Exists(Path.Combine(root, top))) yield return top;
        foreach (var page in Directory.GetFiles(Path.Combine(root, "docs"), "*.md", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
            yield return Path.GetRelativePath(root, page).Replace('\\', '/');
    }

    /// <summary>The fenced blocks of a page, each with the marker before it (or null) and its 1-based line.</summary>
    public static List<Block> Blocks(string text)
    {
        var lines = text.Split('\n');
        var blocks = new List<Block>();
        for (var i = 0; i < lines.Length; i++)
        {
            var open = FenceOpen().Match(lines[i]);
            if (!open.Success) continue;
            var indent = open.Groups["indent"].Length;
            var fence = open.Groups["fence"].Value;
            var language = open.Groups["info"].Value.Trim().Split(' ', 2)[0];
            var marker = PreviousNonBlank(lines, i) is { } previous && MarkerLine().Match(previous) is { Success: true } m ? m.Groups["marker"].Value.Trim() : null;
            var body = new List<string>();
            var j = i + 1;
            for (; j < lines.Length; j++)
            {
                var trimmed = lines[j].TrimStart(' ');
                if (trimmed.StartsWith(fence, StringComparison.Ordinal) && trimmed.TrimEnd().All(c => c == fence[0])) break;
                body.Add(lines[j].Length - trimmed.Length >= indent ? lines[j][indent..] : trimmed);
            }
            blocks.Add(new Block(i + 1, language, marker, string.Join('\n', body) + "\n"));
            i = j;
        }
        return blocks;
    }

    /// <summary>The page with fenced blocks (and code spans, unless kept) blanked, so only prose links and headings remain.</summary>
    public static string Prose(string text, bool keepCodeSpans = false)
    {
        var lines = text.Split('\n');
        string? fence = null;
        for (var i = 0; i < lines.Length; i++)
        {
            if (fence is null && FenceOpen().Match(lines[i]) is { Success: true } open) { fence = open.Groups["fence"].Value; lines[i] = ""; continue; }
            if (fence is not null)
            {
                var trimmed = lines[i].TrimStart(' ');
                if (trimmed.StartsWith(fence, StringComparison.Ordinal) && trimmed.TrimEnd().All(c => c == fence[0])) fence = null;
                lines[i] = "";
                continue;
            }
            if (!keepCodeSpans) lines[i] = CodeSpan().Replace(lines[i], "``");
        }
        return string.Join('\n', lines);
    }

    /// <summary>Every inline link target of a page's prose: `[text](target)`.</summary>
    public static IEnumerable<string> Links(string text) =>
        Link().Matches(Prose(text)).Select(m => m.Groups["target"].Value);

    /// <summary>The anchors a page offers: GitHub's slug of each heading (numbered when repeated) and explicit ids.</summary>
    public static HashSet<string> Anchors(string text)
    {
        var anchors = new HashSet<string>(StringComparer.Ordinal);
        var prose = Prose(text, keepCodeSpans: true);
        foreach (var line in prose.Split('\n'))
        {
            var heading = Heading().Match(line);
            if (!heading.Success) continue;
            var slug = Slug(heading.Groups["title"].Value);
            var unique = slug;
            for (var n = 1; !anchors.Add(unique); n++) unique = $"{slug}-{n}";
        }
        foreach (Match id in ExplicitId().Matches(prose)) anchors.Add(id.Groups["id"].Value);
        return anchors;
    }

    /// <summary>GitHub's heading anchor: lower case, punctuation dropped, each space a hyphen.</summary>
    public static string Slug(string title)
    {
        var text = LinkText().Replace(title.Trim(), "${text}").ToLowerInvariant();
        return new string(text.Where(c => char.IsLetterOrDigit(c) || c is ' ' or '-' or '_').Select(c => c == ' ' ? '-' : c).ToArray());
    }

    private static string? PreviousNonBlank(string[] lines, int index)
    {
        for (var k = index - 1; k >= 0; k--)
            if (lines[k].Trim().Length > 0) return lines[k].Trim();
        return null;
    }

    [GeneratedRegex(@"\A(?<indent> {0,8})(?<fence>`{3,}|~{3,})(?<info>[^`]*)\z")]
    private static partial Regex FenceOpen();

    [GeneratedRegex(@"\A<!--(?<marker>.*)-->\z")]
    private static partial Regex MarkerLine();

    [GeneratedRegex(@"(`+)[^`]*?\1")]
    private static partial Regex CodeSpan();

    [GeneratedRegex(@"\[(?<text>[^\]]*)\]\((?<target>[^)\s]+)(\s+""[^""]*"")?\)")]
    private static partial Regex Link();

    [GeneratedRegex(@"\[(?<text>[^\]]*)\]\([^)]*\)")]
    private static partial Regex LinkText();

    [GeneratedRegex(@"\A#{1,6}\s+(?<title>.+?)\s*#*\s*\z")]
    private static partial Regex Heading();

    [GeneratedRegex(@"<a\s+(?:id|name)=""(?<id>[^""]+)""")]
    private static partial Regex ExplicitId();
}

/// <summary>One fenced block: where it starts, its language, the marker before it and its text.</summary>
internal sealed record Block(int Line, string Language, string? Marker, string Text)
{
    public bool IsShell => DocPages.ShellLanguages.Contains(Language);

    public bool IsTested => Marker is "tested" || (Marker?.StartsWith("tested in ", StringComparison.Ordinal) ?? false);

    /// <summary>The directory a tested block runs in, relative to the repository's root ("" for the root).</summary>
    public string Directory => Marker?.StartsWith("tested in ", StringComparison.Ordinal) == true ? Marker["tested in ".Length..].Trim() : "";

    public string? NotTestedReason => Marker?.StartsWith("not tested:", StringComparison.Ordinal) == true ? Marker["not tested:".Length..].Trim() : null;

    public string? FilePath => Marker?.StartsWith("file:", StringComparison.Ordinal) == true ? Marker["file:".Length..].Trim() : null;

    public bool IsOutput => Marker is "output";
}
