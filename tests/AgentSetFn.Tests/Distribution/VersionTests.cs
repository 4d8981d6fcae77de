using AgentSetFn.Api;
using AgentSetFn.Cli;
using AgentSetFn.Tests.Support;

namespace AgentSetFn.Tests.Distribution;

/// <summary>`agentset --version`: the release, the commit, the default openab release.</summary>
public sealed class VersionTests
{
    /// <summary>The commit the binary was just built from: HEAD, or unknown without git.</summary>
    private static string ExpectedCommit()
    {
        try
        {
            var head = Binary.Exec("git", null, Repo.Root, "rev-parse", "HEAD");
            return head.ExitCode == 0 ? head.Output.Trim()[..7] : VersionInfo.UnknownCommit;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return VersionInfo.UnknownCommit; // no git on this machine
        }
    }

    [Fact]
    public void Version_names_the_projects_version_the_commit_and_the_openab_release_it_writes_for()
    {
        var run = Binary.Run(null, null, "--version");
        Assert.Equal(0, run.ExitCode);
        Assert.Equal($"agentset {Release.Version}\ncommit {ExpectedCommit()}\nopenab {OpenabReleases.Default}\n", run.Output);
        Assert.Equal("", run.Error);
    }

    [Theory]
    [InlineData("390c3e3a1b2c3d4e5f60718293a4b5c6d7e8f901", "390c3e3")]
    [InlineData("390C3E3A1B2C3D4E5F60718293A4B5C6D7E8F901", "390c3e3")]
    [InlineData("390c3e3\n", "390c3e3")]
    [InlineData("abc12", "abc12")]
    [InlineData("", "unknown")]
    [InlineData("   ", "unknown")]
    [InlineData(null, "unknown")]
    [InlineData("main", "unknown")]
    [InlineData("390c3e3-dirty", "unknown")]
    public void The_commit_is_shortened_and_what_is_no_hash_is_unknown(string? revision, string expected) =>
        Assert.Equal(expected, VersionInfo.ShortCommit(revision));

    [Fact]
    public void The_commit_never_reaches_a_rendered_object()
    {
        var commit = ExpectedCommit();
        var render = Binary.Run(null, null, "render", Path.Combine(Repo.Root, "examples", "agentset.yaml"));
        Assert.True(render.ExitCode == 0, render.Error);
        Assert.Contains("kind: Deployment", render.Output, StringComparison.Ordinal);
        if (commit != VersionInfo.UnknownCommit) Assert.DoesNotContain(commit, render.Output, StringComparison.Ordinal);
    }
}
