using AgentSetFn.Tests.Support;

namespace AgentSetFn.Tests.Cli;

/// <summary>
/// `render -o DIR` writes only what it can prove is its own, removes what it wrote for removed
/// agents, never writes through a symlink, and leaves DIR as it was when it fails; `render DIR`
/// reads no file through a symlink out of the tree and no file past the size limit.
/// </summary>
public sealed class RenderOutputTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("agentset-out-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string P(string relative) => Path.Combine(_dir, relative);

    private void Write(string relative, string text)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(P(relative))!);
        File.WriteAllText(P(relative), text);
    }

    private static string Team(string channel = "123456789012345678", params string[] agents) => """
        apiVersion: agentset.dev/v1alpha1
        kind: AgentSet
        metadata: {name: team, namespace: agents}
        spec:
          agents:

        """ + string.Concat(agents.Select(a => $"    {a}:\n      discord: {{botTokenSecretRef: {{name: t, key: {a}}}, allowedChannels: [\"{channel}\"]}}\n"));

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
        Write("team.yaml", Team(agents: ["claude", "kiro"]));
        var first = Render(P("team.yaml"), "-o", P("out"));
        Assert.True(first.ExitCode == 0, first.Error);
        Assert.True(File.Exists(P("out/team/claude/deployment.yaml")));

        Write("out/kustomization.yaml", "resources: [team/kiro/deployment.yaml]\n");
        Write("out/team/claude/notes.yaml", "# the team's notes on claude\n");
        var forged = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: mine\n  annotations: {agentset.dev/owned-by: agents/team, agentset.dev/agent: claude}\n";
        Write("out/team/claude/mine.yaml", forged);
        var copied = File.ReadAllText(P("out/team/claude/deployment.yaml"));
        Write("out/team/kiro/deployment-claude.yaml", copied);

        Write("team.yaml", Team(agents: ["kiro"]));
        var second = Render(P("team.yaml"), "-o", P("out"));
        Assert.True(second.ExitCode == 0, second.Error);

        Assert.False(File.Exists(P("out/team/claude/deployment.yaml")));
        Assert.False(File.Exists(P("out/team/claude/configmap.yaml")));
        Assert.Contains($"removed {P("out/team/claude/deployment.yaml")}", second.Error, StringComparison.Ordinal);
        Assert.Equal("# the team's notes on claude\n", File.ReadAllText(P("out/team/claude/notes.yaml")));
        Assert.Equal(forged, File.ReadAllText(P("out/team/claude/mine.yaml")));
        Assert.Equal(copied, File.ReadAllText(P("out/team/kiro/deployment-claude.yaml")));
        Assert.True(File.Exists(P("out/kustomization.yaml")));
        Assert.Contains($"warning: ({P("out/team/claude/mine.yaml")}): carries agentset.dev/owned-by: agents/team but is not a file", second.Error, StringComparison.Ordinal);
        Assert.Contains($"warning: ({P("out/team/kiro/deployment-claude.yaml")})", second.Error, StringComparison.Ordinal);

        // All of an agent's files gone: its directory goes too.
        Write("team.yaml", Team(agents: ["claude"]));
        Assert.Equal(0, Render(P("team.yaml"), "-o", P("out")).ExitCode);
        Write("team.yaml", Team(agents: ["kiro"]));
        File.Delete(P("out/team/claude/notes.yaml"));
        File.Delete(P("out/team/claude/mine.yaml"));
        Assert.Equal(0, Render(P("team.yaml"), "-o", P("out")).ExitCode);
        Assert.False(Directory.Exists(P("out/team/claude")));
    }

    [Fact]
    public void A_file_it_did_not_write_is_never_overwritten()
    {
        Write("team.yaml", Team(agents: ["kiro"]));
        Write("out/team/kiro/deployment.yaml", "# hand-written\napiVersion: apps/v1\nkind: Deployment\nmetadata: {name: team-kiro}\n");
        var before = Snapshot(P("out"));

        var run = Render(P("team.yaml"), "-o", P("out"));
        Assert.Equal(1, run.ExitCode);
        Assert.Contains($"`{P("out/team/kiro/deployment.yaml")}` holds a file AgentSet agents/team in `{P("team.yaml")}` did not write", run.Error, StringComparison.Ordinal);
        Assert.Equal(before, Snapshot(P("out")));
    }

    [Fact]
    public void A_symlink_in_the_output_directory_is_never_written_through()
    {
        Write("team.yaml", Team(agents: ["kiro"]));
        Directory.CreateDirectory(P("elsewhere"));
        Directory.CreateDirectory(P("out"));
        File.CreateSymbolicLink(P("out/team"), P("elsewhere"));

        var run = Render(P("team.yaml"), "-o", P("out"));
        Assert.Equal(1, run.ExitCode);
        Assert.Contains($"`{P("out/team")}` is a symlink", run.Error, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFileSystemEntries(P("elsewhere")));

        File.Delete(P("out/team"));
        Write("secret.txt", "not yours\n");
        Directory.CreateDirectory(P("out/team/kiro"));
        File.CreateSymbolicLink(P("out/team/kiro/deployment.yaml"), P("secret.txt"));
        var before = Snapshot(P("out"));
        run = Render(P("team.yaml"), "-o", P("out"));
        Assert.Equal(1, run.ExitCode);
        Assert.Equal("not yours\n", File.ReadAllText(P("secret.txt")));
        Assert.Equal(before, Snapshot(P("out")));
    }

    [Fact]
    public void A_run_that_fails_leaves_the_output_directory_byte_identical()
    {
        Write("team.yaml", Team(agents: ["claude"]));
        Assert.Equal(0, Render(P("team.yaml"), "-o", P("out")).ExitCode);
        // A file where kiro's directory must go: claude's new files are written first, then this fails.
        Write("out/team/kiro", "in the way\n");
        var before = Snapshot(P("out"));

        Write("team.yaml", Team("223456789012345678", "claude", "kiro", "zed"));
        var run = Render(P("team.yaml"), "-o", P("out"));
        Assert.Equal(1, run.ExitCode);
        Assert.Contains("nothing was written", run.Error, StringComparison.Ordinal);
        Assert.Equal(before, Snapshot(P("out")));
        Assert.Empty(Directory.GetFiles(P("out"), ".*", SearchOption.AllDirectories)); // no temporary file left
    }

    [Fact]
    public void Two_agentsets_that_collide_are_an_error_and_nothing_is_printed_or_written()
    {
        Write("a/team.yaml", Team(agents: ["kiro"]));
        Write("b/team.yaml", Team(agents: ["kiro", "claude"]));
        var run = Render(P("a/team.yaml"), P("b/team.yaml"));
        Assert.Equal(1, run.ExitCode);
        Assert.Equal("", run.Output);
        Assert.Contains($"AgentSet agents/team in `{P("a/team.yaml")}` and AgentSet agents/team in `{P("b/team.yaml")}` both generate ConfigMap agents/team-kiro", run.Error, StringComparison.Ordinal);

        // No object in common, but one directory for both: each run would remove the other's files.
        Write("b/team.yaml", Team(agents: ["claude"]));
        Assert.Equal(0, Render(P("a/team.yaml"), P("b/team.yaml")).ExitCode);
        run = Render(P("a/team.yaml"), P("b/team.yaml"), "-o", P("out"));
        Assert.Equal(1, run.ExitCode);
        Assert.Contains("both write their files to `team/`", run.Error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(P("out")));
    }

    [Fact]
    public void A_directory_is_read_without_following_symlinks_out_of_it()
    {
        Write("pkg/team.yaml", Team(agents: ["kiro"]));
        Write("outside/other.yaml", Team(agents: ["claude"]).Replace("name: team", "name: other", StringComparison.Ordinal));
        File.CreateSymbolicLink(P("pkg/again.yaml"), P("pkg/team.yaml")); // inside: read once, as team.yaml
        Directory.CreateDirectory(P("pkg/sub"));
        File.CreateSymbolicLink(P("pkg/sub/up"), P("pkg")); // a loop back inside: not followed
        var fine = Render(P("pkg"));
        Assert.True(fine.ExitCode == 0, fine.Error);

        foreach (var (link, target) in new[] { ("zero.yaml", "/dev/zero"), ("other.yaml", P("outside/other.yaml")), ("linked", P("outside")) })
        {
            File.CreateSymbolicLink(P("pkg/" + link), target);
            var run = Render(P("pkg"));
            Assert.Equal(1, run.ExitCode);
            Assert.Equal("", run.Output);
            Assert.Contains($"error: ({P("pkg/" + link)}): a symlink to `{target}`, outside `{P("pkg")}`", run.Error, StringComparison.Ordinal);
            File.Delete(P("pkg/" + link));
        }
    }

    [Fact]
    public void An_input_file_over_the_size_limit_is_an_error_naming_it()
    {
        Write("team.yaml", Team(agents: ["kiro"]));
        using (var big = File.Create(P("big.yaml"))) big.SetLength(64L * 1024 * 1024 + 1);
        var run = Render(P("team.yaml"), P("big.yaml"));
        Assert.Equal(1, run.ExitCode);
        Assert.Contains($"error: ({P("big.yaml")}): the file is larger than 64 MiB, the most agentset reads", run.Error, StringComparison.Ordinal);

        // Named explicitly, a device is read up to the limit only.
        run = Render(P("team.yaml"), "/dev/zero");
        Assert.Equal(1, run.ExitCode);
        Assert.Contains("error: (/dev/zero): the file is larger than 64 MiB", run.Error, StringComparison.Ordinal);
    }
}
