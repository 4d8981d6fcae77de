using AgentSetFn.Tests.Support;

namespace AgentSetFn.Tests.Cli;

/// <summary>
/// `agentset migrate` and the chart's `agents.<name>.configToml`: copied as the agent's
/// `configToml` (with a note: the chart mounted it instead of its own file, the AgentSet lays it
/// over its own) when it is TOML without an inline credential; otherwise left out with a note
/// that names the line, never the value.
/// </summary>
public sealed class MigrateConfigTomlTests : IDisposable
{
    private readonly TempDirectory _dir = new("agentset-migrate-configtoml-");

    public void Dispose() => _dir.Dispose();

    private const string Marker = "gsk_NEVERSHOWN0123456789abcdefABCDEF";

    private RunResult Migrate(string configToml)
    {
        var file = Path.Combine(_dir, "values.yaml");
        File.WriteAllText(file, "agents:\n  kiro:\n    command: kiro-cli\n    discord:\n      allowedChannels: [\"123456789012345678\"]\n"
            + "    secretEnv: [{name: GITHUB_TOKEN, secretName: gh, secretKey: token}]\n    persistence: {existingClaim: home}\n    configToml: |\n"
            + string.Concat(configToml.Split('\n').Select(l => "      " + l + "\n")));
        return FunctionRunner.Run("", "migrate", file, "--name", "team");
    }

    [Fact]
    public void A_document_without_credentials_is_carried_as_written_and_the_agentset_renders_it()
    {
        var run = Migrate("[mcp.servers.github]\nurl = \"https://api.githubcopilot.com/mcp/\"\ntoken = \"${GITHUB_TOKEN}\"");

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("      configToml: |\n        [mcp.servers.github]\n        url = \"https://api.githubcopilot.com/mcp/\"\n        token = \"${GITHUB_TOKEN}\"\n",
            run.Output, StringComparison.Ordinal);
        Assert.Contains("agents.kiro.configToml: copied as configToml; the chart used it instead of the config.toml it rendered, the AgentSet lays it over its own",
            run.Error, StringComparison.Ordinal);

        var file = Path.Combine(_dir, "agentset.yaml");
        File.WriteAllText(file, run.Output);
        var render = Binary.Run(null, null, "render", file);
        Assert.True(render.ExitCode == 0, render.Error);
        Assert.Contains("[mcp.servers.github]", render.Output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("[stt]\napi_key = \"" + Marker + "\"", "line 2 holds a credential inline")]
    [InlineData("[mcp.servers.x]\nurl = \"https://x.example/?k=" + Marker + "\"", "line 2 looks like a credential")]
    public void A_document_holding_a_credential_is_left_out_with_a_note_naming_its_line(string configToml, string note)
    {
        var run = Migrate(configToml);

        Assert.Equal(0, run.ExitCode);
        Assert.DoesNotContain("configToml: |", run.Output, StringComparison.Ordinal);
        Assert.Contains($"agents.kiro.configToml: {note}; agents.kiro.configToml not copied (it would land in git)", run.Error, StringComparison.Ordinal);
        SecretHygiene.AssertNotShown(run, Marker);
    }

    [Fact]
    public void A_document_that_is_not_TOML_is_left_out_with_its_first_problem()
    {
        var run = Migrate("[stt]\nenabled = true\n[stt]\nmodel = \"" + Marker + "\"");

        Assert.Equal(0, run.ExitCode);
        Assert.DoesNotContain("configToml: |", run.Output, StringComparison.Ordinal);
        Assert.Contains("agents.kiro.configToml: not valid TOML (line 3: The key `stt` is already defined at line 1, column 1 and cannot be redefined); not copied",
            run.Error, StringComparison.Ordinal);
        SecretHygiene.AssertNotShown(run, Marker);
    }
}
