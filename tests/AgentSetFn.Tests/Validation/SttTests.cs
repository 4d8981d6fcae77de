using AgentSetFn.Tests.Support;
using Tomlyn;
using Tomlyn.Model;
using YamlDotNet.RepresentationModel;
using static AgentSetFn.Tests.Support.Output;

namespace AgentSetFn.Tests.Validation;

/// <summary>
/// `stt` (openab `[stt]`, src/config.rs SttConfig): the chart's names and defaults, the API key
/// through the secret-value mechanism (only `${STT_API_KEY}` in config.toml), a plain-http
/// server without a key, the base URL's checks and its egress rule under the network policy.
/// </summary>
public class SttTests
{
    private const string Key = "gsk_9f83-STT-KEY-never-echoed";

    private static RunResult Run(string agentLines, string specLines = "") =>
        FunctionRunner.RunKrm(AgentSetYaml.OneAgent("kiro", agentLines, specLines));

    private static Output Rendered(RunResult run)
    {
        Assert.True(run.ExitCode == 0, $"exit {run.ExitCode}\n{run.Error}");
        return new Output(run.Output);
    }

    private static string ConfigText(Output output) => Str(output.Single("ConfigMap", "team-kiro"), "data", "config.toml")!;

    private static TomlTable? SttTable(Output output) =>
        TomlSerializer.Deserialize<TomlTable>(ConfigText(output))!.TryGetValue("stt", out var stt) ? Assert.IsType<TomlTable>(stt) : null;

    private static List<YamlMappingNode> AgentEnv(Output output) =>
        [.. Seq(Seq(output.Single("Deployment", "team-kiro"), "spec", "template", "spec", "containers").First(c => Str(c, "name") == "openab"), "env")];

    [Fact]
    public void Enabled_stt_writes_the_charts_defaults_and_the_key_as_a_reference_to_the_pods_variable()
    {
        var output = Rendered(Run("      stt: {enabled: true, apiKeySecretRef: {name: groq, key: api-key}}"));

        var stt = SttTable(output)!;
        Assert.Equal(["enabled", "api_key", "model", "base_url"], stt.Keys);
        Assert.Equal(true, stt["enabled"]);
        Assert.Equal("${STT_API_KEY}", stt["api_key"]);
        Assert.Equal("whisper-large-v3-turbo", stt["model"]);
        Assert.Equal("https://api.groq.com/openai/v1", stt["base_url"]);
        var variable = Assert.Single(AgentEnv(output), e => Str(e, "name") == "STT_API_KEY");
        Assert.Equal(("groq", "api-key"), (Str(variable, "valueFrom", "secretKeyRef", "name"), Str(variable, "valueFrom", "secretKeyRef", "key")));
        // A referenced key needs no Secret of the function's.
        Assert.Empty(output.OfKind("Secret"));
    }

    [Fact]
    public void An_inline_key_lands_only_in_the_agents_Secret_with_a_warning()
    {
        var run = Run($"      stt: {{enabled: true, apiKey: {Key}, echoTranscript: true}}");
        var output = Rendered(run);

        var secret = output.Single("Secret", "team-kiro");
        Assert.Equal(Key, System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(Str(secret, "data", "stt-api-key")!)));
        var variable = Assert.Single(AgentEnv(output), e => Str(e, "name") == "STT_API_KEY");
        Assert.Equal(("team-kiro", "stt-api-key"), (Str(variable, "valueFrom", "secretKeyRef", "name"), Str(variable, "valueFrom", "secretKeyRef", "key")));
        Assert.Equal(true, SttTable(output)!["echo_transcript"]);
        var warning = Assert.Single(output.ResultsOf("warning"), w => Str(w, "field", "path") == "spec.agents.kiro.stt.apiKey");
        Assert.Contains("will land in git; prefer apiKeySecretRef", Str(warning, "message"), StringComparison.Ordinal);
        SecretHygiene.AssertNotShown(run, Key);
    }

    [Fact]
    public void An_ExternalSecret_fetches_the_key_into_a_Secret_of_its_own()
    {
        var output = Rendered(Run("      stt:\n        enabled: true\n        apiKeyExternalSecret: {secretStoreRef: {name: vault}, remoteKey: openab/groq, property: key}"));

        var external = Assert.Single(output.OfKind("ExternalSecret"));
        Assert.Equal("team-kiro-stt-api-key", Str(external, "spec", "target", "name"));
        var data = Assert.Single(Seq(external, "spec", "data"));
        Assert.Equal(("stt-api-key", "openab/groq", "key"), (Str(data, "secretKey"), Str(data, "remoteRef", "key"), Str(data, "remoteRef", "property")));
        var variable = Assert.Single(AgentEnv(output), e => Str(e, "name") == "STT_API_KEY");
        Assert.Equal("team-kiro-stt-api-key", Str(variable, "valueFrom", "secretKeyRef", "name"));
    }

    [Fact]
    public void Without_enabled_nothing_is_written_and_a_key_given_anyway_is_warned()
    {
        var plain = Rendered(Run(""));
        Assert.Null(SttTable(plain));
        Assert.DoesNotContain(AgentEnv(plain), e => Str(e, "name") == "STT_API_KEY");

        var off = Rendered(Run($"      stt: {{apiKey: {Key}, model: whisper-1}}"));
        Assert.Null(SttTable(off));
        Assert.DoesNotContain(AgentEnv(off), e => Str(e, "name") == "STT_API_KEY");
        Assert.Empty(off.OfKind("Secret"));
        Assert.Contains(off.ResultsOf("warning"), w => Str(w, "field", "path") == "spec.agents.kiro.stt.enabled");
    }

    [Fact]
    public void A_plain_http_server_needs_no_key_and_gets_openabs_placeholder_but_https_without_a_key_is_refused()
    {
        var output = Rendered(Run("      stt: {enabled: true, baseUrl: 'http://whisper.stt.svc:8000/v1', model: large-v3-turbo}"));
        var stt = SttTable(output)!;
        Assert.Equal("not-needed", stt["api_key"]);
        Assert.Equal("http://whisper.stt.svc:8000/v1", stt["base_url"]);
        Assert.DoesNotContain(AgentEnv(output), e => Str(e, "name") == "STT_API_KEY");

        // A key for a plain-http server is still wired when given.
        Assert.Equal("${STT_API_KEY}", SttTable(Rendered(Run("      stt: {enabled: true, baseUrl: 'http://10.0.0.5:8000/v1', apiKeySecretRef: {name: k, key: k}}")))!["api_key"]);

        ErrorResults.AssertOnlyError(Run("      stt: {enabled: true}"), "spec.agents.kiro.stt",
            "needs the STT API key: set apiKeySecretRef: {name, key} (an existing Secret), apiKeyExternalSecret", "or apiKey");
    }

    // name, agent lines, "field|message fragment"
    public static TheoryData<string, string, string> Errors => new()
    {
        { "two forms", $"stt: {{enabled: true, apiKey: {Key}, apiKeySecretRef: {{name: k, key: k}}}}", "spec.agents.kiro.stt|set exactly one of apiKey, apiKeySecretRef or apiKeyExternalSecret, not both apiKey and apiKeySecretRef" },
        { "two forms while off", $"stt: {{apiKey: {Key}, apiKeySecretRef: {{name: k, key: k}}}}", "spec.agents.kiro.stt|set at most one of apiKey" },
        { "bad SecretRef name", "stt: {enabled: true, apiKeySecretRef: {name: Not_A_Name, key: k}}", "spec.agents.kiro.stt.apiKeySecretRef.name|is not a valid Secret name" },
        { "credentials in the base URL", $"stt: {{enabled: true, apiKeySecretRef: {{name: k, key: k}}, baseUrl: 'https://user:{Key}@api.groq.com/openai/v1'}}", "spec.agents.kiro.stt.baseUrl|must be an http(s) URL without credentials" },
        { "a query in the base URL", $"stt: {{enabled: true, apiKeySecretRef: {{name: k, key: k}}, baseUrl: 'https://api.groq.com/openai/v1?key={Key}'}}", "spec.agents.kiro.stt.baseUrl|(its query not shown) must be" },
        { "not http", "stt: {enabled: true, apiKeySecretRef: {name: k, key: k}, baseUrl: 'ftp://whisper/v1'}", "spec.agents.kiro.stt.baseUrl|must be an http(s) URL" },
        { "not a URL", "stt: {enabled: true, apiKeySecretRef: {name: k, key: k}, baseUrl: whisper}", "spec.agents.kiro.stt.baseUrl|`whisper` must be an http(s) URL" },
        { "spaces around the URL", "stt: {enabled: true, apiKeySecretRef: {name: k, key: k}, baseUrl: ' https://api.openai.com/v1'}", "spec.agents.kiro.stt.baseUrl|must be an http(s) URL" },
        { "empty model", "stt: {enabled: true, apiKeySecretRef: {name: k, key: k}, model: ''}", "spec.agents.kiro.stt.model|must not be empty" },
        { "a ${VAR} openab would expand", "stt: {enabled: true, apiKeySecretRef: {name: k, key: k}, model: '${MODEL}'}", "spec.agents.kiro.stt.model|contains `${`" },
        { "enabled quoted", "stt: {enabled: 'true'}", "spec.agents.kiro.stt.enabled|must be a boolean" },
        { "typo", "stt: {enabled: true, api_key: x}", "spec.agents.kiro.stt.api_key|did you mean `apiKey`?" },
        { "the agent's env takes the variable", "stt: {enabled: true, apiKeySecretRef: {name: k, key: k}}\n      env: {STT_API_KEY: plain}", "spec.agents.kiro.env.STT_API_KEY|STT_API_KEY holds the STT API key (stt.apiKey)" },
        { "secretEnv reads the key", "stt: {enabled: true, apiKeySecretRef: {name: groq, key: api-key}}\n      secretEnv: [{name: COPY, secretName: groq, secretKey: api-key}]", "spec.agents.kiro.secretEnv[0]|Secret `groq` key `api-key` holds the STT API key" },
    };

    [Theory]
    [MemberData(nameof(Errors))]
    public void A_wrong_form_URL_or_model_is_an_error_on_the_field_and_never_shows_the_key(string name, string agentLines, string expected)
    {
        ErrorResults.AssertRefused(Run("      " + agentLines), expected, name, Key);
    }

    [Fact]
    public void Under_the_network_policy_the_base_URLs_port_gets_egress_to_its_address_or_to_any_destination()
    {
        static List<YamlMappingNode> Egress(Output output) => [.. Seq(output.Single("NetworkPolicy", "team-kiro"), "spec", "egress")];
        static bool RuleFor(YamlMappingNode rule, string port) => Seq(rule, "ports").Any(p => Str(p, "port") == port);

        var byAddress = Rendered(Run("      stt: {enabled: true, baseUrl: 'http://10.1.2.3:8000/v1'}\n      networkPolicy: {enabled: true}"));
        var rule = Assert.Single(Egress(byAddress), r => RuleFor(r, "8000"));
        Assert.Equal("10.1.2.3/32", Str(Seq(rule, "to").Single(), "ipBlock", "cidr"));

        var byName = Rendered(Run("      stt: {enabled: true, baseUrl: 'http://whisper.stt.svc:9000/v1'}\n      networkPolicy: {enabled: true}"));
        var any = Assert.Single(Egress(byName), r => RuleFor(r, "9000"));
        Assert.Null(Node(any, "to"));
        Assert.Contains(byName.ResultsOf("info"), i => Str(i, "message")!.Contains("stt.baseUrl names a host", StringComparison.Ordinal));

        // Over 443 (the default, Groq) the HTTPS rule covers it: no rule of its own.
        var https = Rendered(Run("      stt: {enabled: true, apiKeySecretRef: {name: k, key: k}}\n      networkPolicy: {enabled: true}"));
        var plain = Rendered(Run("      networkPolicy: {enabled: true}"));
        Assert.Equal(Egress(plain).Count, Egress(https).Count);
    }

    [Fact]
    public void An_older_openab_release_is_warned_for_echo_transcript_it_ignores()
    {
        var run = Run("      image: {tag: 0.8.3-beta.3}\n      stt: {enabled: true, apiKeySecretRef: {name: k, key: k}, echoTranscript: true}");
        var output = Rendered(run);
        var warning = Assert.Single(output.ResultsOf("warning"), w => Str(w, "message")!.Contains("echo_transcript", StringComparison.Ordinal));
        Assert.Contains("openab 0.8.3-beta.3 ignores `[stt].echo_transcript` in config.toml, written for stt.echoTranscript", Str(warning, "message"), StringComparison.Ordinal);
        // Without echoTranscript, that release reads every key written.
        Assert.DoesNotContain(Rendered(Run("      image: {tag: 0.8.3-beta.3}\n      stt: {enabled: true, apiKeySecretRef: {name: k, key: k}}")).ResultsOf("warning"),
            w => Str(w, "message")!.Contains("[stt]", StringComparison.Ordinal));
    }
}
