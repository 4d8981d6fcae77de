using System.Diagnostics;
using AgentSetFn.Tests.Support;

namespace AgentSetFn.Tests.Docs;

/// <summary>
/// The commands of README.md, CONTRIBUTING.md and docs/ as a user pastes them: each page's
/// tested blocks run in order with bash, in a copy of the repository's examples/ and fixtures/,
/// with the function under test on PATH as `agentset` (and kpt, kubectl), a home and a temp
/// directory of their own. Each must exit 0 and print what the page shows as its output.
/// </summary>
public sealed class DocCommandTests
{
    /// <summary>Repository directories a pasted command may read: the copy keeps the repository clean.</summary>
    private static readonly string[] Copied = ["examples", "fixtures"];

    public static TheoryData<string> PagesWithCommands => new(DocPages.All(Repo.Root)
        .Where(page => DocPages.Blocks(File.ReadAllText(Path.Combine(Repo.Root, page))).Any(b => b.IsTested)));

    [Theory]
    [MemberData(nameof(PagesWithCommands))]
    public void The_pages_commands_run_and_print_what_the_page_shows(string page)
    {
        using var sandbox = new TempDirectory("agentset-docs-");
        foreach (var directory in Copied) CopyTree(Path.Combine(Repo.Root, directory), sandbox.At(directory));
        Directory.CreateDirectory(sandbox.At(".home"));
        Directory.CreateDirectory(sandbox.At(".tmp"));

        string? lastOutput = null;
        foreach (var block in DocPages.Blocks(File.ReadAllText(Path.Combine(Repo.Root, page))))
        {
            var at = $"{page}:{block.Line}";
            if (block.FilePath is { } file)
                sandbox.Write(file, block.Text);
            else if (block.IsTested)
            {
                var (exitCode, output) = RunBash(block.Text, sandbox.At(block.Directory), sandbox);
                Assert.True(exitCode == 0, $"{at}: exit code {exitCode}\n{block.Text}\n--- output:\n{output}");
                lastOutput = output;
            }
            else if (block.IsOutput)
            {
                Assert.True(lastOutput is not null, $"{at}: an output block with no tested block before it");
                Assert.True(Normalized(block.Text) == Normalized(lastOutput), $"{at}: the page shows an output the command does not print:\n{Golden.Diff(Normalized(block.Text), Normalized(lastOutput))}");
                lastOutput = null;
            }
        }
    }

    [Fact]
    public void A_failing_command_fails_and_its_output_is_compared()
    {
        using var sandbox = new TempDirectory("agentset-docs-");
        Assert.NotEqual(0, RunBash("true\nfalse\necho never\n", sandbox, sandbox).ExitCode);
        Assert.NotEqual(0, RunBash("false | cat\n", sandbox, sandbox).ExitCode);
        var (exitCode, output) = RunBash("agentset --version >/dev/null && echo out && echo err >&2\n", sandbox, sandbox);
        Assert.Equal(0, exitCode);
        Assert.Equal("out\nerr\n", output);
    }

    /// <summary>The block as a bash script (-e, -u, pipefail), stderr merged into stdout in the order written.</summary>
    private static (int ExitCode, string Output) RunBash(string script, string workingDirectory, TempDirectory sandbox)
    {
        var file = sandbox.Write(Path.Combine(".blocks", $"{Guid.NewGuid():N}.sh"), "exec 2>&1\n" + script);
        var start = new ProcessStartInfo("bash") { WorkingDirectory = workingDirectory, RedirectStandardOutput = true, RedirectStandardInput = true };
        foreach (var argument in new[] { "-euo", "pipefail", file }) start.ArgumentList.Add(argument);
        start.Environment["PATH"] = Binary.PathWithFunction;
        start.Environment["HOME"] = sandbox.At(".home");
        start.Environment["TMPDIR"] = sandbox.At(".tmp");
        // Where a user's kustomize plugins would go: the sandbox's home instead.
        start.Environment.Remove("KUSTOMIZE_PLUGIN_HOME");
        start.Environment.Remove("XDG_CONFIG_HOME");
        using var process = Process.Start(start)!;
        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync();
        if (!process.WaitForExit(180_000))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"the block did not finish:\n{script}");
        }
        return (process.ExitCode, output.GetAwaiter().GetResult());
    }

    private static string Normalized(string text) =>
        string.Join('\n', text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n').Select(l => l.TrimEnd())).TrimEnd('\n') + "\n";

    private static void CopyTree(string from, string to)
    {
        foreach (var file in Directory.GetFiles(from, "*", SearchOption.AllDirectories))
        {
            var destination = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
            File.Copy(file, destination);
        }
    }
}
