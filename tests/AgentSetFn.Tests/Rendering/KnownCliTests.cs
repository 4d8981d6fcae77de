using AgentSetFn.Api;
using AgentSetFn.Tests.Support;
using static AgentSetFn.Tests.Support.Output;

namespace AgentSetFn.Tests.Rendering;

/// <summary>The CLI table's rows as a user meets them: explicit paths that miss a row's login file warn, naming it; the docs show each row as the table has it.</summary>
public class KnownCliTests
{
    public static TheoryData<string> Commands => new(KnownClis.All.Select(c => c.Command));

    [Theory]
    [MemberData(nameof(Commands))]
    public void The_docs_tables_show_the_row_as_the_cli_table_has_it(string command)
    {
        var cli = KnownClis.Find(command)!;
        var pages = new[] { "clis.md", "operations.md" }.SelectMany(page => File.ReadLines(Path.Combine(Repo.Root, "docs", page)));
        var rows = pages.Where(l => l.StartsWith($"| `{command}` |", StringComparison.Ordinal))
            .Select(l => l.Split('|').Select(c => c.Trim()).ToArray()).ToList();
        // The memory table under "Memory from the pool" (operations.md), with the default pool.
        var memory = Assert.Single(rows, r => r.Length == 5);
        var pool = AgentSetApi.Pool.MaxSessions.Default!.Value;
        Assert.Equal([$"{Pinned.BrokerMemoryMiB + cli.SessionMemoryMiB}Mi", $"{Pinned.BrokerMemoryMiB + pool * cli.SessionMemoryMiB}Mi"], memory[2..4]);
        var cells = Assert.Single(rows, r => r.Length == 10);
        static string Codes(IEnumerable<string> items) => string.Join(", ", items.Select(i => $"`{i}`"));
        Assert.Contains($"-{cli.ImageVariant}`", cells[2], StringComparison.Ordinal);
        Assert.Equal(cli.Args.Count == 0 ? "(none)" : $"`{string.Join(' ', cli.Args)}`", cells[3]);
        Assert.Equal(cli.WorkingDir, cells[4]);
        Assert.Equal(Codes(cli.PersistPaths), cells[5]);
        Assert.Equal(Codes(cli.ExcludePaths), cells[6].Split(" (", 2)[0]);
        Assert.Equal(Codes(cli.LoginFiles), cells[7]);
        Assert.Equal($"{cli.SessionMemoryMiB} MiB", cells[8]);
        if (cli.FirstImage > OpenabReleases.OldestKnown) Assert.Contains(cli.FirstImage.ToString(), cells[2], StringComparison.Ordinal);
    }

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
    // Kimi Code keeps its OAuth login in credentials/, a platform API key in config.toml.
    [InlineData("kimi", "\".kimi-code/credentials/\"", ".kimi-code/config.toml")]
    [InlineData("kimi", "\".kimi-code/config.toml\"", ".kimi-code/credentials/kimi-code.json")]
    [InlineData("pi-acp", "\".pi/agent/sessions/\"", ".pi/agent/auth.json")]
    [InlineData("hermes-acp", "\".hermes/config.yaml\", \".hermes/auth.json\"", ".hermes/.env")]
    [InlineData("grok", "\".grok/config.toml\"", ".grok/auth.json")]
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
    [InlineData("kimi", "\".kimi-code/\"")]
    [InlineData("pi-acp", "\".pi/agent/auth.json\"")]
    [InlineData("hermes-acp", "\".hermes/auth.json\", \".hermes/.env\"")]
    [InlineData("grok", "\".grok/\"")]
    public void Paths_that_keep_the_login_do_not_warn(string command, string paths)
    {
        var output = FunctionRunner.Rendered(WithPaths(command, paths));
        Assert.DoesNotContain(output.ResultsOf("warning"), r => Str(r, "field", "path") == "spec.agents.bot.persistence.paths");
    }
}
