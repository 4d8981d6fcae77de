using AgentSetFn.Tests.Support;
using static AgentSetFn.Tests.Support.Output;

namespace AgentSetFn.Tests.Rendering;

/// <summary>The CLI table's rows as a user meets them: explicit paths that miss a row's login file warn, naming it.</summary>
public class KnownCliTests
{
    private static string WithPaths(string command, string paths) => AgentSetYaml.OneAgent("bot",
        $"      command: {command}\n").Replace(
        "      persistence:\n        existingClaim: bot-home\n",
        $"      persistence:\n        s3: {{enabled: true, bucket: agent-logins, region: eu-west-1}}\n        paths: [{paths}]\n", StringComparison.Ordinal);

    [Theory]
    // cursor-agent up to 2026.05 keeps its login in ~/.config/cursor/auth.json, later ones in ~/.cursor/cli-config.json.
    [InlineData("cursor-agent", "\".cursor/\"", ".config/cursor/auth.json")]
    [InlineData("cursor-agent", "\".config/cursor/\"", ".cursor/cli-config.json")]
    [InlineData("opencode", "\".config/opencode/\"", ".local/share/opencode/auth.json")]
    [InlineData("copilot", "\".copilot/logs/\"", ".copilot/config.json")]
    public void Explicit_paths_that_miss_the_login_warn_and_name_the_file(string command, string paths, string login)
    {
        var output = FunctionRunner.Rendered(WithPaths(command, paths));
        var warnings = output.ResultsOf("warning").Where(r => Str(r, "field", "path") == "spec.agents.bot.persistence.paths").ToList();
        Assert.Contains(warnings, w => Str(w, "message")!.Contains($"`{login}`, where {command} keeps its login", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("cursor-agent", "\".cursor/\", \".config/cursor/\"")]
    [InlineData("opencode", "\".local/share/opencode/\"")]
    [InlineData("copilot", "\".copilot/\"")]
    public void Paths_that_keep_the_login_do_not_warn(string command, string paths)
    {
        var output = FunctionRunner.Rendered(WithPaths(command, paths));
        Assert.DoesNotContain(output.ResultsOf("warning"), r => Str(r, "field", "path") == "spec.agents.bot.persistence.paths");
    }
}
