using AgentSetFn.Tests.Support;
using Tomlyn.Model;
using static AgentSetFn.Tests.Support.Output;

namespace AgentSetFn.Tests.ChartParity;

/// <summary>
/// openab's chart tests charts/openab/tests/hooks_test.yaml (chart 0.9.0-beta.12, stored commit
/// ba588d9dba52bcb6d8679f249b9ecad5036279d7), ported by meaning: the chart's
/// `agents.kiro.hooks.*` values as the agent's `hooks`, the assertion on config.toml's
/// [hooks.pre_boot] / [hooks.pre_shutdown] read from agentset's ConfigMap, and the chart's
/// `fail` as agentset's error on the field. The agent runs openab 0.9.0-beta.12, which reads
/// [hooks].
/// </summary>
public class HooksChartTests
{
    private const string Sha = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    private static string Agent(string hooks) =>
        AgentSetYaml.OneAgent("kiro", string.Join('\n', ("image: {tag: 0.9.0-beta.12}\n" + hooks).Split('\n').Select(l => "      " + l)));

    private static TomlTable Config(string hooks)
    {
        var configMap = FunctionRunner.Rendered(Agent(hooks)).Single("ConfigMap", "team-kiro");
        return Tomlyn.TomlSerializer.Deserialize<TomlTable>(Str(configMap, "data", "config.toml")!)!;
    }

    private static TomlTable Hook(TomlTable config, string name) => (TomlTable)((TomlTable)config["hooks"])[name];

    // chart: "does not render hooks when not configured"
    [Fact]
    public void Does_not_render_hooks_when_not_configured()
    {
        var configMap = FunctionRunner.Rendered(AgentSetYaml.OneAgent("kiro")).Single("ConfigMap", "team-kiro");
        Assert.DoesNotContain("[hooks", Str(configMap, "data", "config.toml"), StringComparison.Ordinal);
    }

    // chart: "renders [hooks.pre_boot] with inline script"
    [Fact]
    public void Renders_hooks_pre_boot_with_inline_script()
    {
        var preBoot = Hook(Config("hooks:\n  preBoot:\n    inline: |\n      #!/bin/sh\n      set -e\n      echo \"boot\"\n    timeoutSeconds: 120\n    onFailure: abort"), "pre_boot");
        Assert.Equal("#!/bin/sh\nset -e\necho \"boot\"\n", preBoot["inline"]);
        Assert.Equal(120L, preBoot["timeout_seconds"]);
        Assert.Equal("abort", preBoot["on_failure"]);
    }

    // chart: "renders [hooks.pre_boot] with url and sha256"
    [Fact]
    public void Renders_hooks_pre_boot_with_url_and_sha256()
    {
        var preBoot = Hook(Config($"hooks:\n  preBoot:\n    url: \"https://example.com/boot.sh\"\n    sha256: \"{Sha}\""), "pre_boot");
        Assert.Equal("https://example.com/boot.sh", preBoot["url"]);
        Assert.Equal(Sha, preBoot["sha256"]);
    }

    // chart: "renders [hooks.pre_boot] with script path"
    [Fact]
    public void Renders_hooks_pre_boot_with_script_path()
    {
        var preBoot = Hook(Config("hooks:\n  preBoot:\n    script: \"/etc/openab/pre-boot.sh\"\n    timeoutSeconds: 60"), "pre_boot");
        Assert.Equal("/etc/openab/pre-boot.sh", preBoot["script"]);
    }

    // chart: "renders [hooks.pre_shutdown] with warn on_failure"
    [Fact]
    public void Renders_hooks_pre_shutdown_with_warn_on_failure()
    {
        var preShutdown = Hook(Config("hooks:\n  preShutdown:\n    script: \"/etc/openab/shutdown.sh\"\n    timeoutSeconds: 30\n    onFailure: warn"), "pre_shutdown");
        Assert.Equal("warn", preShutdown["on_failure"]);
        Assert.Equal(30L, preShutdown["timeout_seconds"]);
    }

    // chart: "defaults timeout to 60 and on_failure to abort"
    [Fact]
    public void Defaults_timeout_to_60_and_on_failure_to_abort()
    {
        var preBoot = Hook(Config("hooks:\n  preBoot:\n    script: \"/boot.sh\""), "pre_boot");
        Assert.Equal(60L, preBoot["timeout_seconds"]);
        Assert.Equal("abort", preBoot["on_failure"]);
    }

    // chart: "renders both hooks together"
    [Fact]
    public void Renders_both_hooks_together()
    {
        var config = Config("hooks:\n  preBoot:\n    script: \"/boot.sh\"\n  preShutdown:\n    script: \"/shutdown.sh\"");
        Assert.Equal("/boot.sh", Hook(config, "pre_boot")["script"]);
        Assert.Equal("/shutdown.sh", Hook(config, "pre_shutdown")["script"]);
    }

    // chart: "rejects when no script source is set in preBoot"
    [Fact]
    public void Rejects_when_no_script_source_is_set_in_preBoot() =>
        ErrorResults.AssertRefused(FunctionRunner.RunKrm(Agent("hooks:\n  preBoot:\n    timeoutSeconds: 60")),
            "spec.agents.kiro.hooks.preBoot|must set exactly one of: script, inline, url", "no source");

    // chart: "rejects when multiple sources are set in preBoot"
    [Fact]
    public void Rejects_when_multiple_sources_are_set_in_preBoot() =>
        ErrorResults.AssertRefused(FunctionRunner.RunKrm(Agent("hooks:\n  preBoot:\n    script: \"/boot.sh\"\n    inline: \"#!/bin/sh\\necho hi\"")),
            "spec.agents.kiro.hooks.preBoot|must set exactly one of: script, inline, url", "two sources");

    // chart: "rejects invalid onFailure value"
    [Fact]
    public void Rejects_invalid_onFailure_value() =>
        ErrorResults.AssertRefused(FunctionRunner.RunKrm(Agent("hooks:\n  preBoot:\n    script: \"/boot.sh\"\n    onFailure: \"ignore\"")),
            "spec.agents.kiro.hooks.preBoot.onFailure|abort", "onFailure");

    // chart: "rejects non-positive timeoutSeconds"
    [Fact]
    public void Rejects_non_positive_timeoutSeconds() =>
        ErrorResults.AssertRefused(FunctionRunner.RunKrm(Agent("hooks:\n  preBoot:\n    script: \"/boot.sh\"\n    timeoutSeconds: 0")),
            "spec.agents.kiro.hooks.preBoot.timeoutSeconds|got 0", "timeoutSeconds");

    // chart: "rejects url without sha256"
    [Fact]
    public void Rejects_url_without_sha256() =>
        ErrorResults.AssertRefused(FunctionRunner.RunKrm(Agent("hooks:\n  preBoot:\n    url: \"https://example.com/boot.sh\"")),
            "spec.agents.kiro.hooks.preBoot.sha256|sha256 is required when url is set", "url without sha256");
}
