using AgentSetFn.Tests.Support;

namespace AgentSetFn.Tests.Docs;

/// <summary>Every relative link of README.md, CONTRIBUTING.md and docs/ leads somewhere: the file or directory exists, the anchor is a heading there.</summary>
public sealed class DocLinkTests : IDisposable
{
    private readonly TempDirectory _temp = new("agentset-doclinks-");

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void Every_relative_link_resolves()
    {
        var problems = DocPages.All(Repo.Root).SelectMany(page => DocChecks.LinkProblems(Repo.Root, page, File.ReadAllText(Path.Combine(Repo.Root, page)))).ToList();
        Assert.True(problems.Count == 0, string.Join('\n', problems));
    }

    [Theory]
    [InlineData("Chat options (openab's config.toml)", "chat-options-openabs-configtoml")]
    [InlineData("Raw config.toml (`configToml`)", "raw-configtoml-configtoml")]
    [InlineData("Stopping: the grace period and the final backup", "stopping-the-grace-period-and-the-final-backup")]
    [InlineData("Gateway (Telegram, LINE, Teams, Feishu, Google Chat, WeCom)", "gateway-telegram-line-teams-feishu-google-chat-wecom")]
    [InlineData("See [kpt](https://kpt.dev) first", "see-kpt-first")]
    public void Anchors_are_the_ones_GitHub_makes(string heading, string anchor) =>
        Assert.Equal(anchor, DocPages.Slug(heading));

    [Fact]
    public void A_repeated_heading_gets_a_numbered_anchor_and_fenced_lines_are_not_headings()
    {
        var anchors = DocPages.Anchors("# Top\n## Notes\n## Notes\n```sh\n# a comment\n```\n<a id=\"kept\"></a>\n");
        Assert.Equal(new HashSet<string> { "top", "notes", "notes-1", "kept" }, anchors);
    }

    [Fact]
    public void A_missing_file_or_heading_is_found_and_code_is_not_read_as_links()
    {
        _temp.Write("docs/a.md", "# A\n\n## Present\n");
        _temp.Write("examples/x.yaml", "a: b\n");
        var page = "[ok](a.md#present) [dir](../examples/) [file](../examples/x.yaml) [web](https://example.com/none)\n"
            + "[gone](missing.md) [no heading](a.md#absent) [self](#absent-here) [out](../../etc/passwd)\n"
            + "`[code](nowhere.md)`\n```md\n[fenced](nowhere-either.md)\n```\n";
        var problems = DocChecks.LinkProblems(_temp, "docs/b.md", page);
        Assert.Equal(4, problems.Count);
        Assert.Contains(problems, p => p.Contains("`missing.md`: no such file", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("`a.md#absent`: no heading", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("`#absent-here`: no heading", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("points outside the repository", StringComparison.Ordinal));
    }
}
