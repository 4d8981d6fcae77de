using AgentSetFn.Tests.Support;
using Tomlyn;
using Tomlyn.Model;
using static AgentSetFn.Tests.Support.Output;

namespace AgentSetFn.Tests.ChartParity;

/// <summary>
/// The openab chart's `agents.&lt;name&gt;.configToml`, ported by meaning.
///
/// No case of the chart's stored tests covers configToml: the newest stored versions of
/// charts/openab/tests (chart 0.9.0-beta.12: config-url_test.yaml at ba588d9, configmap_test.yaml
/// at aae3650, gateway_serviceaccount_test.yaml at dabc2fc, gateway_test.yaml at cdd8a50,
/// hooks_test.yaml at ba588d9, message-processing-mode_test.yaml at f7bd044, persistence_test.yaml
/// at d2cfa9e, secretenv_test.yaml at 97d851e, teams_registry_test.yaml at c924914) and the May
/// snapshot's (0.8.3-beta.4) name no configToml. The field's contract is stated in openab's
/// documentation instead: charts/openab/README.md ("Provide config.toml as-is with --set-file",
/// the gateway.deploy and networkPolicy rows), docs/migrate-to-configtoml.md and
/// docs/adr/configurl-over-helm-rendering.md, as stored by the search store (newer than the
/// chart tests; the store shows no commit for them). Each fact below ports one statement of
/// those documents, quoted above it as `// chart doc:`.
///
/// Where agentset differs on purpose: the chart mounts the document instead of the file it
/// renders; agentset lays it over its own (docs/chat-options.md, "Raw config.toml"), and checks it (TOML,
/// no inline credential, `${NAME}` only for the agent's Secret-backed variables).
/// </summary>
public class ConfigTomlChartDocsTests
{
    private static RunResult Run(string agentLines) => FunctionRunner.RunKrm(AgentSetYaml.OneAgent("kiro", agentLines));

    private static TomlTable ConfigToml(RunResult run)
    {
        Assert.True(run.ExitCode == 0, $"exit {run.ExitCode}\n{run.Error}");
        return TomlSerializer.Deserialize<TomlTable>(Str(new Output(run.Output).Single("ConfigMap", "team-kiro"), "data", "config.toml")!)!;
    }

    private static TomlTable Table(TomlTable toml, params string[] path) =>
        path.Aggregate(toml, (table, key) => Assert.IsType<TomlTable>(table[key]));

    // chart doc: "configToml is a direct pass-through — what you write is what gets deployed"
    [Fact]
    public void ConfigToml_is_a_direct_pass_through_what_you_write_is_what_gets_deployed()
    {
        var toml = ConfigToml(Run("""
                  configToml: |
                    [pool]
                    max_sessions = 3
                    session_ttl_hours = 12

                    [reactions]
                    enabled = false
                    remove_after_reply = true
            """));

        Assert.Equal(3L, Table(toml, "pool")["max_sessions"]);
        Assert.Equal(12L, Table(toml, "pool")["session_ttl_hours"]);
        Assert.Equal(false, Table(toml, "reactions")["enabled"]);
        Assert.Equal(true, Table(toml, "reactions")["remove_after_reply"]);
    }

    // chart doc: "Secrets must still be injected via secretEnv — they render as valueFrom.secretKeyRef in the Deployment
    // and are available as environment variables. Reference them in configToml as ${VAR_NAME} placeholders"
    [Fact]
    public void Secrets_are_injected_via_secretEnv_and_referenced_in_configToml_as_placeholders()
    {
        var run = Run("""
                  secretEnv:
                    - {name: ANTHROPIC_API_KEY, secretName: openab, secretKey: ANTHROPIC_API_KEY}
                  configToml: |
                    [stt]
                    enabled = true
                    api_key = "${ANTHROPIC_API_KEY}"
            """);

        Assert.Equal("${ANTHROPIC_API_KEY}", Table(ConfigToml(run), "stt")["api_key"]);
        var env = Seq(new Output(run.Output).Single("Deployment", "team-kiro"), "spec", "template", "spec", "containers")
            .Single(c => Str(c, "name") == "openab").Children[new YamlDotNet.RepresentationModel.YamlScalarNode("env")];
        var entry = ((YamlDotNet.RepresentationModel.YamlSequenceNode)env).Children.Cast<YamlDotNet.RepresentationModel.YamlMappingNode>()
            .Single(e => Str(e, "name") == "ANTHROPIC_API_KEY");
        Assert.Equal("openab", Str(entry, "valueFrom", "secretKeyRef", "name"));
        Assert.Equal("ANTHROPIC_API_KEY", Str(entry, "valueFrom", "secretKeyRef", "key"));
    }

    // chart doc: "When false (config-only / external gateway), you must (a) supply the gateway URL via configToml (a [gateway] section ...)"
    [Fact]
    public void An_external_gateway_is_configured_by_a_gateway_section_of_configToml()
    {
        var toml = ConfigToml(Run("""
                  secretEnv:
                    - {name: GATEWAY_WS_TOKEN, secretName: gateway, secretKey: token}
                  configToml: |
                    [gateway]
                    url = "ws://openab-gateway.example:8080/ws"
                    platform = "telegram"
                    token = "${GATEWAY_WS_TOKEN}"
            """));

        var gateway = Table(toml, "gateway");
        Assert.Equal("ws://openab-gateway.example:8080/ws", gateway["url"]);
        Assert.Equal("telegram", gateway["platform"]);
        Assert.Equal("${GATEWAY_WS_TOKEN}", gateway["token"]);
    }

    // chart doc: "Put the complete operator configuration in agents.<name>.configToml ... [[cron.jobs]] ... teams_tenant_id"
    [Fact]
    public void Scheduled_jobs_with_keys_the_typed_fields_lack_are_written_from_configToml()
    {
        var toml = ConfigToml(Run("""
                  configToml: |
                    [[cron.jobs]]
                    schedule = "0 9 * * 1-5"
                    platform = "teams"
                    channel = "19:conversation-id"
                    teams_tenant_id = "00000000-0000-0000-0000-000000000000"
                    message = "summarize yesterday's merged work"
                    sender_name = "DailyOps"
                    timezone = "Asia/Taipei"
            """));

        var job = Assert.Single(Assert.IsType<TomlTableArray>(Table(toml, "cron")["jobs"]));
        Assert.Equal("00000000-0000-0000-0000-000000000000", job["teams_tenant_id"]);
        Assert.Equal("Asia/Taipei", job["timezone"]);
    }

    // chart doc: "Helm mounts the content verbatim into a ConfigMap — no template rendering, no conditionals, no enum validation"
    // agentset checks the document first: openab would refuse a file that is not TOML at boot, so agentset refuses it at render.
    [Fact]
    public void A_document_that_is_not_TOML_is_refused_where_the_chart_would_mount_it()
    {
        var run = Run("""
                  configToml: |
                    [pool]
                    max_sessions = 3
                    [pool]
                    session_ttl_hours = 12
            """);

        ErrorResults.AssertRefused(run, "spec.agents.kiro.configToml|is not valid TOML: line 3, column 1: The key `pool` is already defined", "duplicate table");
    }

    // chart doc: "bot_token = \"${DISCORD_BOT_TOKEN}\"" (every example keeps the token a placeholder)
    // agentset refuses the token itself in the document: it would land in git and in the ConfigMap.
    [Fact]
    public void The_discord_token_written_into_configToml_is_refused()
    {
        const string token = "MTIzNDU2Nzg5MDEyMzQ1Njc4.GhIjKl.NEVER-SHOWN-abcdefghijklmnopqrstu";
        var run = Run($"""
                  configToml: |
                    [discord]
                    bot_token = "{token}"
            """);

        ErrorResults.AssertRefused(run, "spec.agents.kiro.configToml|line 2, `[discord] bot_token` holds a credential inline", "inline token", token);
    }
}
