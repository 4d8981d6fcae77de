using AgentSetFn.Tests.Support;

namespace AgentSetFn.Tests.Cli;

/// <summary>
/// Each command's --help, byte for byte (fixtures/cli-help/), and what a command missing its
/// argument prints: its help on stdout, the missing part on stderr, exit 1.
/// </summary>
public sealed class HelpTests
{
    private static string Expected(string command) => Path.Combine(Repo.Fixtures, "cli-help", $"{(command.Length == 0 ? "agentset" : command.Replace(' ', '-'))}.txt");

    [Theory]
    [InlineData("")]
    [InlineData("render")]
    [InlineData("validate")]
    [InlineData("checklist")]
    [InlineData("schema")]
    [InlineData("migrate")]
    [InlineData("policy")]
    [InlineData("kustomize")]
    [InlineData("kustomize install-plugin")]
    [InlineData("kustomize plugin")]
    public void Help_of_each_command_is_unchanged(string command)
    {
        var run = Binary.Run(null, null, [.. command.Split(' ', StringSplitOptions.RemoveEmptyEntries), "--help"]);
        Assert.Equal(0, run.ExitCode);
        Assert.Equal("", run.Error);
        Golden.AssertMatches(Expected(command), run.Output);
    }

    [Theory]
    [InlineData("render", "Required argument missing for command: 'render'.")]
    [InlineData("validate", "Required argument missing for command: 'validate'.")]
    [InlineData("checklist", "Required argument missing for command: 'checklist'.")]
    [InlineData("migrate", "Required argument missing for command: 'migrate'.")]
    [InlineData("policy", "Required argument missing for command: 'policy'.")]
    [InlineData("kustomize plugin", "Required argument missing for command: 'plugin'.")]
    [InlineData("kustomize", "Required command was not provided.")]
    public void A_command_without_its_argument_prints_its_help_and_exits_1(string command, string error)
    {
        var run = Binary.Run(null, null, command.Split(' '));
        Assert.Equal(1, run.ExitCode);
        // A usage error: the error, then the command's help, all on stderr; stdout stays empty for a pipe.
        Assert.Equal(error + "\n\n" + File.ReadAllText(Expected(command)), run.Error);
        Assert.Equal("", run.Output);
    }
}
