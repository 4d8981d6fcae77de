using AgentSetFn.Tests.Support;

namespace AgentSetFn.Tests.Docs;

/// <summary>The documentation stays findable: the README a short front page, every page under docs/ listed in its index.</summary>
public class DocIndexTests
{
    /// <summary>A newcomer reads the README in five minutes; what is longer belongs on a page of docs/.</summary>
    [Fact]
    public void The_readme_is_a_front_page_of_at_most_250_lines()
    {
        var lines = File.ReadAllLines(Path.Combine(Repo.Root, "README.md")).Length;
        Assert.True(lines <= 250, $"README.md has {lines} lines; move the details to a page of docs/ and link it");
    }

    [Fact]
    public void Every_page_under_docs_is_linked_from_its_index()
    {
        var index = File.ReadAllText(Path.Combine(Repo.Root, "docs", "README.md"));
        var linked = DocPages.Links(index).Select(link => link.Split('#')[0]).ToHashSet(StringComparer.Ordinal);
        var missing = DocPages.All(Repo.Root)
            .Where(page => page.StartsWith("docs/", StringComparison.Ordinal) && page != "docs/README.md")
            .Where(page => !linked.Contains(page["docs/".Length..]))
            .ToList();
        Assert.True(missing.Count == 0, $"docs/README.md does not link {string.Join(", ", missing)}");
    }
}
