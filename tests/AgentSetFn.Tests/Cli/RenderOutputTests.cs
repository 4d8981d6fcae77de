using AgentSetFn.Tests.Support;

namespace AgentSetFn.Tests.Cli;

/// <summary>
/// `render -o DIR` writes only what it can prove is its own, removes what it wrote for removed
/// agents, never writes through a symlink, and leaves DIR as it was when it fails; `render DIR`
/// reads no file through a symlink out of the tree and no file past the size limit.
/// </summary>
public sealed class RenderOutputTests : IDisposable
{
    private readonly TempDirectory _dir = new("agentset-out-");

    public void Dispose() => _dir.Dispose();

    private static string Team(string channel = "123456789012345678", params string[] agents) => AgentSetYaml.HeadInNamespace + AgentSetYaml.DiscordAgents(agents, channel);

    /// <summary>Every file and symlink below a directory, hidden ones included, with its content or link target.</summary>
    private static SortedDictionary<string, string> Snapshot(string root) => new(
        new DirectoryInfo(root).EnumerateFileSystemInfos("*", SearchOption.AllDirectories)
            .ToDictionary(f => Path.GetRelativePath(root, f.FullName),
                f => f.LinkTarget is { } link ? "-> " + link : f is DirectoryInfo ? "/" : File.ReadAllText(f.FullName)),
        StringComparer.Ordinal);

    private RunResult Render(params string[] args) => Binary.Run(null, null, ["render", .. args]);

    [Fact]
    public void A_removed_agents_files_are_removed_and_every_other_file_is_kept()
    {
        _dir.Write("team.yaml", Team(agents: ["claude", "kiro"]));
        var first = Render(_dir.At("team.yaml"), "-o", _dir.At("out"));
        Assert.True(first.ExitCode == 0, first.Error);
        Assert.True(File.Exists(_dir.At("out/team/claude/deployment.yaml")));

        _dir.Write("out/kustomization.yaml", "resources: [team/kiro/deployment.yaml]\n");
        _dir.Write("out/team/claude/notes.yaml", "# the team's notes on claude\n");
        var forged = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: mine\n  annotations: {agentset.dev/owned-by: agents/team, agentset.dev/agent: claude}\n";
        _dir.Write("out/team/claude/mine.yaml", forged);
        var copied = File.ReadAllText(_dir.At("out/team/claude/deployment.yaml"));
        _dir.Write("out/team/kiro/deployment-claude.yaml", copied);

        _dir.Write("team.yaml", Team(agents: ["kiro"]));
        var second = Render(_dir.At("team.yaml"), "-o", _dir.At("out"));
        Assert.True(second.ExitCode == 0, second.Error);

        Assert.False(File.Exists(_dir.At("out/team/claude/deployment.yaml")));
        Assert.False(File.Exists(_dir.At("out/team/claude/configmap.yaml")));
        Assert.Contains($"removed {_dir.At("out/team/claude/deployment.yaml")}", second.Error, StringComparison.Ordinal);
        Assert.Equal("# the team's notes on claude\n", File.ReadAllText(_dir.At("out/team/claude/notes.yaml")));
        Assert.Equal(forged, File.ReadAllText(_dir.At("out/team/claude/mine.yaml")));
        Assert.Equal(copied, File.ReadAllText(_dir.At("out/team/kiro/deployment-claude.yaml")));
        Assert.True(File.Exists(_dir.At("out/kustomization.yaml")));
        Assert.Contains($"warning: ({_dir.At("out/team/claude/mine.yaml")}): carries agentset.dev/owned-by: agents/team but is not a file", second.Error, StringComparison.Ordinal);
        Assert.Contains($"warning: ({_dir.At("out/team/kiro/deployment-claude.yaml")})", second.Error, StringComparison.Ordinal);

        // All of an agent's files gone: its directory goes too.
        _dir.Write("team.yaml", Team(agents: ["claude"]));
        Assert.Equal(0, Render(_dir.At("team.yaml"), "-o", _dir.At("out")).ExitCode);
        _dir.Write("team.yaml", Team(agents: ["kiro"]));
        File.Delete(_dir.At("out/team/claude/notes.yaml"));
        File.Delete(_dir.At("out/team/claude/mine.yaml"));
        Assert.Equal(0, Render(_dir.At("team.yaml"), "-o", _dir.At("out")).ExitCode);
        Assert.False(Directory.Exists(_dir.At("out/team/claude")));
    }

    [Fact]
    public void A_file_it_did_not_write_is_never_overwritten()
    {
        _dir.Write("team.yaml", Team(agents: ["kiro"]));
        _dir.Write("out/team/kiro/deployment.yaml", "# hand-written\napiVersion: apps/v1\nkind: Deployment\nmetadata: {name: team-kiro}\n");
        var before = Snapshot(_dir.At("out"));

        var run = Render(_dir.At("team.yaml"), "-o", _dir.At("out"));
        Assert.Equal(1, run.ExitCode);
        Assert.Contains($"`{_dir.At("out/team/kiro/deployment.yaml")}` holds a file AgentSet agents/team in `{_dir.At("team.yaml")}` did not write", run.Error, StringComparison.Ordinal);
        Assert.Equal(before, Snapshot(_dir.At("out")));
    }

    [Fact]
    public void A_symlink_in_the_output_directory_is_never_written_through()
    {
        _dir.Write("team.yaml", Team(agents: ["kiro"]));
        Directory.CreateDirectory(_dir.At("elsewhere"));
        Directory.CreateDirectory(_dir.At("out"));
        File.CreateSymbolicLink(_dir.At("out/team"), _dir.At("elsewhere"));

        var run = Render(_dir.At("team.yaml"), "-o", _dir.At("out"));
        Assert.Equal(1, run.ExitCode);
        Assert.Contains($"`{_dir.At("out/team")}` is a symlink", run.Error, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFileSystemEntries(_dir.At("elsewhere")));

        File.Delete(_dir.At("out/team"));
        _dir.Write("secret.txt", "not yours\n");
        Directory.CreateDirectory(_dir.At("out/team/kiro"));
        File.CreateSymbolicLink(_dir.At("out/team/kiro/deployment.yaml"), _dir.At("secret.txt"));
        var before = Snapshot(_dir.At("out"));
        run = Render(_dir.At("team.yaml"), "-o", _dir.At("out"));
        Assert.Equal(1, run.ExitCode);
        Assert.Equal("not yours\n", File.ReadAllText(_dir.At("secret.txt")));
        Assert.Equal(before, Snapshot(_dir.At("out")));
    }

    [Fact]
    public void A_run_that_fails_leaves_the_output_directory_byte_identical()
    {
        _dir.Write("team.yaml", Team(agents: ["claude"]));
        Assert.Equal(0, Render(_dir.At("team.yaml"), "-o", _dir.At("out")).ExitCode);
        // A file where kiro's directory must go: claude's new files are written first, then this fails.
        _dir.Write("out/team/kiro", "in the way\n");
        var before = Snapshot(_dir.At("out"));

        _dir.Write("team.yaml", Team("223456789012345678", "claude", "kiro", "zed"));
        var run = Render(_dir.At("team.yaml"), "-o", _dir.At("out"));
        Assert.Equal(1, run.ExitCode);
        Assert.Contains("nothing was written", run.Error, StringComparison.Ordinal);
        Assert.Equal(before, Snapshot(_dir.At("out")));
        Assert.Empty(Directory.GetFiles(_dir.At("out"), ".*", SearchOption.AllDirectories)); // no temporary file left
    }

    [Fact]
    public void Two_agentsets_that_collide_are_an_error_and_nothing_is_printed_or_written()
    {
        _dir.Write("a/team.yaml", Team(agents: ["kiro"]));
        _dir.Write("b/team.yaml", Team(agents: ["kiro", "claude"]));
        var run = Render(_dir.At("a/team.yaml"), _dir.At("b/team.yaml"));
        Assert.Equal(1, run.ExitCode);
        Assert.Equal("", run.Output);
        Assert.Contains($"AgentSet agents/team in `{_dir.At("a/team.yaml")}` and AgentSet agents/team in `{_dir.At("b/team.yaml")}` both generate ConfigMap agents/team-kiro", run.Error, StringComparison.Ordinal);

        // No object in common, but one directory for both: each run would remove the other's files.
        _dir.Write("b/team.yaml", Team(agents: ["claude"]));
        Assert.Equal(0, Render(_dir.At("a/team.yaml"), _dir.At("b/team.yaml")).ExitCode);
        run = Render(_dir.At("a/team.yaml"), _dir.At("b/team.yaml"), "-o", _dir.At("out"));
        Assert.Equal(1, run.ExitCode);
        Assert.Contains("both write their files to `team/`", run.Error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(_dir.At("out")));
    }

    [Fact]
    public void A_directory_is_read_without_following_symlinks_out_of_it()
    {
        _dir.Write("pkg/team.yaml", Team(agents: ["kiro"]));
        _dir.Write("outside/other.yaml", Team(agents: ["claude"]).Replace("name: team", "name: other", StringComparison.Ordinal));
        File.CreateSymbolicLink(_dir.At("pkg/again.yaml"), _dir.At("pkg/team.yaml")); // inside: read once, as team.yaml
        Directory.CreateDirectory(_dir.At("pkg/sub"));
        File.CreateSymbolicLink(_dir.At("pkg/sub/up"), _dir.At("pkg")); // a loop back inside: not followed
        var fine = Render(_dir.At("pkg"));
        Assert.True(fine.ExitCode == 0, fine.Error);

        foreach (var (link, target) in new[] { ("zero.yaml", "/dev/zero"), ("other.yaml", _dir.At("outside/other.yaml")), ("linked", _dir.At("outside")) })
        {
            File.CreateSymbolicLink(_dir.At("pkg/" + link), target);
            var run = Render(_dir.At("pkg"));
            Assert.Equal(1, run.ExitCode);
            Assert.Equal("", run.Output);
            Assert.Contains($"error: ({_dir.At("pkg/" + link)}): a symlink to `{target}`, outside `{_dir.At("pkg")}`", run.Error, StringComparison.Ordinal);
            File.Delete(_dir.At("pkg/" + link));
        }
    }

    [Fact]
    public void An_input_file_over_the_size_limit_is_an_error_naming_it()
    {
        _dir.Write("team.yaml", Team(agents: ["kiro"]));
        using (var big = File.Create(_dir.At("big.yaml"))) big.SetLength(64L * 1024 * 1024 + 1);
        var run = Render(_dir.At("team.yaml"), _dir.At("big.yaml"));
        Assert.Equal(1, run.ExitCode);
        Assert.Contains($"error: ({_dir.At("big.yaml")}): the file is larger than 64 MiB, the most agentset reads", run.Error, StringComparison.Ordinal);

        // Named explicitly, a device is read up to the limit only.
        run = Render(_dir.At("team.yaml"), "/dev/zero");
        Assert.Equal(1, run.ExitCode);
        Assert.Contains("error: (/dev/zero): the file is larger than 64 MiB", run.Error, StringComparison.Ordinal);
    }
}
