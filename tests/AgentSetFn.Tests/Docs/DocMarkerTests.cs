using AgentSetFn.Tests.Support;

namespace AgentSetFn.Tests.Docs;

/// <summary>
/// No command reaches the docs without a test: every shell block of README.md, CONTRIBUTING.md
/// and docs/ is run by <see cref="DocCommandTests"/> or says why it cannot run here.
/// </summary>
public class DocMarkerTests
{
    [Fact]
    public void Every_shell_block_is_tested_or_says_why_not()
    {
        var problems = DocPages.All(Repo.Root).SelectMany(page => DocChecks.MarkerProblems(page, File.ReadAllText(Path.Combine(Repo.Root, page)))).ToList();
        Assert.True(problems.Count == 0, string.Join('\n', problems));
    }

    [Fact]
    public void The_docs_test_reads_every_page()
    {
        var pages = DocPages.All(Repo.Root).ToList();
        Assert.Contains("README.md", pages);
        Assert.Contains("CONTRIBUTING.md", pages);
        Assert.Contains("docs/reference.md", pages);
        Assert.Contains("docs/running.md", pages);
    }

    [Theory]
    [InlineData("```sh\nagentset render x.yaml\n```\n", "a `sh` block is neither marked")]
    [InlineData("Text.\n\n```bash\nls\n```\n", "a `bash` block is neither marked")]
    [InlineData("<!-- not tested: -->\n```sh\nls\n```\n", "needs a reason")]
    [InlineData("<!-- tested -->\n```yaml\na: b\n```\n", "only a shell block can be tested")]
    [InlineData("<!-- tested -->\n```sh\nbash scripts/test.sh\n```\n", "builds the repository")]
    [InlineData("<!-- tested in ../elsewhere -->\n```sh\nls\n```\n", "must name a directory inside")]
    [InlineData("<!-- file: /etc/passwd -->\n```yaml\na: b\n```\n", "must be a relative path inside")]
    [InlineData("<!-- output -->\n```text\nhello\n```\n", "must follow a tested block")]
    [InlineData("<!-- tested -->\n```sh\necho a\n```\n<!-- output -->\n```text\na\n```\n<!-- output -->\n```text\na\n```\n", "must follow a tested block")]
    [InlineData("<!-- testd -->\n```sh\nls\n```\n", "unknown marker")]
    [InlineData("- a list item:\n\n  ```console\n  $ agentset --version\n  ```\n", "a `console` block is neither marked")]
    public void A_block_without_a_test_or_a_reason_is_found(string page, string problem)
    {
        var problems = DocChecks.MarkerProblems("page.md", page);
        Assert.Contains(problems, p => p.StartsWith("page.md:", StringComparison.Ordinal) && p.Contains(problem, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("<!-- tested -->\n```sh\necho a\n```\n\n<!-- output -->\n```text\na\n```\n")]
    [InlineData("<!-- not tested: needs a cluster -->\n```sh\nkubectl apply -f x.yaml\n```\n")]
    [InlineData("<!-- file: agents/agentset.yaml -->\n```yaml\nkind: AgentSet\n```\n<!-- tested in agents -->\n```sh\nls\n```\n")]
    [InlineData("```yaml\na: b\n```\n\n```\nplain text, no language\n```\n")]
    [InlineData("````markdown\n```sh\nls\n```\n````\n")]
    public void A_well_marked_page_has_no_problem(string page) =>
        Assert.Empty(DocChecks.MarkerProblems("page.md", page));
}
