using System.Text.RegularExpressions;
using AgentSetFn.Tests.Support;
using YamlDotNet.RepresentationModel;

namespace AgentSetFn.Tests.Distribution;

/// <summary>
/// The names a user copies (the image in examples/ and docs, the catalog entry, the license,
/// the changelog) are the ones a release of the project's version publishes.
/// </summary>
public sealed partial class PublishedNamesTests
{
    private static string ImageRepository => Release.Scalar(Release.Workflow("release.yml"), "env", "IMAGE")!;

    [GeneratedRegex(@"ghcr\.io/agentset-dev/agentset(?::(?<tag>[0-9][^\s""'`)\]]*))?")]
    private static partial Regex ImageReference();

    [Fact]
    public void Every_tagged_image_reference_names_the_image_the_release_publishes()
    {
        Assert.Equal("ghcr.io/agentset-dev/agentset", ImageRepository);
        var files = Directory.GetFiles(Release.File("examples"), "*", SearchOption.AllDirectories)
            .Concat(Directory.GetFiles(Release.File("docs"), "*.md"))
            .Append(Release.File("README.md")).Append(Release.File("Dockerfile")).Append(Release.File("src/AgentSetFn/PACKAGE.md"));
        var tagged = files.SelectMany(f => ImageReference().Matches(File.ReadAllText(f))
                .Where(m => m.Groups["tag"].Success).Select(m => (File: Path.GetRelativePath(Release.Root, f), m.Value)))
            .ToList();
        // The kpt image package and the Argo CD sidecar run it, install.md verifies it.
        Assert.Contains(tagged, t => t.File == Path.Combine("examples", "kpt-image", "Kptfile"));
        Assert.Contains(tagged, t => t.File == Path.Combine("examples", "argocd", "repo-server-patch.yaml"));
        Assert.All(tagged, t => Assert.True(t.Value == $"{ImageRepository}:{Release.Version}", $"{t.File} names {t.Value}, not {ImageRepository}:{Release.Version}"));
    }

    [GeneratedRegex(@"\bv=(?<v>\S+)|releases/download/v(?<v>[0-9][^/\s""]*)|refs/tags/v(?<v>[0-9][^\s""]*)")]
    private static partial Regex ReleaseVersion();

    [Fact]
    public void The_install_page_downloads_and_verifies_the_release_of_the_projects_version()
    {
        var page = File.ReadAllText(Release.File("docs/install.md"));
        var versions = ReleaseVersion().Matches(page).Select(m => m.Groups["v"].Value).ToList();
        Assert.True(versions.Count >= 2, "docs/install.md names no release to download and verify");
        Assert.All(versions, v => Assert.Equal(Release.Version, v));
        Assert.Contains($"dotnet tool install -g agentset", page, StringComparison.Ordinal);
        Assert.Contains($"agentset {Release.Version}\ncommit ", page, StringComparison.Ordinal);
    }

    [Fact]
    public void The_catalog_entry_names_the_released_image_the_examples_and_the_license()
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(File.ReadAllText(Release.File("metadata.yaml"))));
        var metadata = (YamlMappingNode)stream.Documents.Single().RootNode;

        // The catalog names the repository; a release tags it with the version the examples use.
        Assert.Equal(ImageRepository, Release.Scalar(metadata, "image"));
        Assert.Contains($"- image: {Release.Scalar(metadata, "image")}:{Release.Version}\n", File.ReadAllText(Release.File("examples/kpt-image/Kptfile")), StringComparison.Ordinal);

        Assert.Equal(Release.Property("PackageLicenseExpression"), Release.Scalar(metadata, "license"));
        Assert.False(string.IsNullOrWhiteSpace(Release.Scalar(metadata, "description")));
        Assert.Contains("mutator", ((YamlSequenceNode)metadata["tags"]).Children.Select(t => t.ToString()));

        const string tree = "https://github.com/agentset-dev/agentset/tree/main/";
        var source = Release.Scalar(metadata, "sourceURL")!;
        Assert.StartsWith(tree, source, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(Release.File(source[tree.Length..]), "AgentSetFn.csproj")), source);
        var examples = ((YamlSequenceNode)metadata["examplePackageURLs"]).Children.Select(u => u.ToString()).ToList();
        Assert.NotEmpty(examples);
        Assert.All(examples, url =>
        {
            Assert.StartsWith(tree, url, StringComparison.Ordinal);
            Assert.True(File.Exists(Path.Combine(Release.File(url[tree.Length..]), "Kptfile")), $"{url} is not a kpt package of this repository");
        });
        Assert.Equal(Release.Property("RepositoryUrl"), tree[..^"/tree/main/".Length]);
    }

    [Fact]
    public void The_license_is_the_Apache_license_the_package_declares()
    {
        Assert.Equal("Apache-2.0", Release.Property("PackageLicenseExpression"));
        var license = File.ReadAllText(Release.File("LICENSE"));
        Assert.Contains("Apache License\n                           Version 2.0, January 2004", license, StringComparison.Ordinal);
        Assert.Contains("END OF TERMS AND CONDITIONS", license, StringComparison.Ordinal);
    }

    [Fact]
    public void The_changelog_has_an_entry_for_the_projects_version_which_the_release_takes_its_notes_from()
    {
        var changelog = File.ReadAllText(Release.File("CHANGELOG.md"));
        Assert.Contains($"\n## [{Release.Version}]\n", changelog, StringComparison.Ordinal);
        Assert.Contains($"\n[{Release.Version}]: https://github.com/agentset-dev/agentset/releases/tag/v{Release.Version}\n", changelog, StringComparison.Ordinal);

        // The release job's own awk line, on the changelog: this version's entry and nothing else.
        var script = Release.Scalar(Release.StepNamed(Release.Job(Release.Workflow("release.yml"), "release"), "GitHub release"), "run")!;
        var awk = script.Split('\n').Single(l => l.StartsWith("awk ", StringComparison.Ordinal));
        var notes = Binary.Exec("bash", null, Release.Root, new Dictionary<string, string> { ["VERSION"] = Release.Version },
            "-ec", awk.Replace("> notes.md", "", StringComparison.Ordinal));
        Assert.True(notes.ExitCode == 0, notes.Error);
        Assert.False(string.IsNullOrWhiteSpace(notes.Output), "no notes for " + Release.Version);
        Assert.Contains("\n### ", notes.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("## [", notes.Output, StringComparison.Ordinal);
    }
}
