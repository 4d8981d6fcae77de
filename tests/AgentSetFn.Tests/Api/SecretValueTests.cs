using System.Text;
using AgentSetFn.Api;
using AgentSetFn.Layout;
using AgentSetFn.Rendering;
using AgentSetFn.Validation;
using KrmFn;
using k8s.Models;
using YamlDotNet.RepresentationModel;

namespace AgentSetFn.Tests.Api;

/// <summary>
/// The mechanism every secret-valued field uses (Api/SecretValues.cs): one SecretField in the
/// catalog gives its forms; the reader reads them into one SecretValue; the checks say "at most
/// one" (or "exactly one" where required) and warn an inline value; WiredSecret gives it a
/// variable and a Secret key; and the Deployment, the Secrets, the ExternalSecrets and the
/// credential check all read the one list of wired secrets. Tested on a field of its own, so
/// no platform's field is needed.
/// </summary>
public class SecretValueTests
{
    private const string Value = "tok-9f83-SECRET-never-echoed";
    private static readonly SecretField Token = new("apiToken", "the test API token", "the token", "The test token.", externalSecret: true);
    private static readonly SecretField NoExternal = new("appSecret", "the test app secret", "the secret", "The test secret.");
    private static readonly ObjectField Holder = new("holder", [.. Token.Fields, .. NoExternal.Fields]);

    private static (SecretValue? Token, SecretValue? NoExternal, List<KrmResult> Results) Read(string yaml)
    {
        var diagnostics = new Diagnostics(new SourceLocation("agentset.yaml", 0), null);
        var document = (YamlMappingNode)ResourceListIo.ParseDocuments($"holder: {yaml}")[0];
        var holder = new MappingReader(document, "spec.agents.kiro", diagnostics).Object(Holder);
        return (AgentSetReader.ReadSecret(holder, Token), AgentSetReader.ReadSecret(holder, NoExternal), [.. diagnostics.Results]);
    }

    private static List<string> Check(SecretValue? value, SecretField field, bool required)
    {
        var diagnostics = new Diagnostics(new SourceLocation("agentset.yaml", 0), null);
        SecretValueChecks.Validate(value, field, "spec.agents.kiro.holder", required, diagnostics);
        return [.. diagnostics.Results.Select(r => $"{r.Severity} {r.FieldPath}: {r.Message}")];
    }

    [Fact]
    public void A_secret_field_declares_its_inline_SecretRef_and_ExternalSecret_forms()
    {
        Assert.Equal(["apiToken", "apiTokenSecretRef", "apiTokenExternalSecret"], Token.Fields.Select(f => f.Name));
        Assert.True(Token.Inline.Secret);
        Assert.Equal(["name", "key"], Token.SecretRef.Names);
        Assert.Equal(["secretStoreRef", "remoteKey", "property"], Token.ExternalSecret!.Names);
        Assert.Equal(["appSecret", "appSecretSecretRef"], NoExternal.Fields.Select(f => f.Name));
        Assert.Contains("will land in git", Token.Inline.Description, StringComparison.Ordinal);
    }

    [Fact]
    public void The_schema_has_each_form_and_marks_the_inline_value_secret_in_the_docs()
    {
        var schema = System.Text.Json.Nodes.JsonNode.Parse(AgentSetSchema.JsonSchema(new ObjectField("", [Holder])))!.ToJsonString();
        foreach (var name in new[] { "apiToken", "apiTokenSecretRef", "apiTokenExternalSecret", "appSecretSecretRef" })
            Assert.Contains($"\"{name}\"", schema, StringComparison.Ordinal);
        Assert.DoesNotContain("appSecretExternalSecret", schema, StringComparison.Ordinal);
    }

    [Fact]
    public void The_reader_reads_each_form_into_one_value()
    {
        var (inline, _, results) = Read($"{{apiToken: {Value}}}");
        Assert.Empty(results);
        Assert.Equal(SecretForm.Inline, inline!.Form);
        Assert.Equal(Value, inline.Inline);

        var (reference, _, _) = Read("{apiTokenSecretRef: {name: tokens, key: api}}");
        Assert.Equal(SecretForm.Reference, reference!.Form);
        Assert.Equal(new SecretKeyReference("tokens", "api"), reference.Reference);

        var (external, _, _) = Read("{apiTokenExternalSecret: {secretStoreRef: {name: vault, kind: ClusterSecretStore}, remoteKey: openab/api, property: token}}");
        Assert.Equal(SecretForm.External, external!.Form);
        Assert.Equal(new ExternalSecretSource("vault", "ClusterSecretStore", "openab/api", "token"), external.External);

        var (none, noneOther, _) = Read("{apiToken: ''}");
        Assert.Null(none);
        Assert.Null(noneOther);
    }

    [Fact]
    public void The_reader_reports_shape_errors_of_the_forms_on_their_paths()
    {
        var (_, _, results) = Read("{apiTokenSecretRef: {name: tokens, kee: api}, apiTokenExternalSecret: {remoteKey: k}, appSecretExternalSecret: {remoteKey: k}}");
        var messages = results.Select(r => $"{r.FieldPath}: {r.Message}").ToList();
        Assert.Contains(messages, m => m.StartsWith("spec.agents.kiro.holder.apiTokenSecretRef.kee: unknown field", StringComparison.Ordinal));
        Assert.Contains(messages, m => m.StartsWith("spec.agents.kiro.holder.apiTokenExternalSecret.secretStoreRef: is required", StringComparison.Ordinal));
        Assert.Contains(messages, m => m.StartsWith("spec.agents.kiro.holder.appSecretExternalSecret: unknown field", StringComparison.Ordinal));
    }

    [Fact]
    public void Two_forms_are_an_error_naming_both_and_never_the_value()
    {
        var (token, secret, _) = Read($"{{apiToken: {Value}, apiTokenSecretRef: {{name: t, key: k}}, appSecret: {Value}, appSecretSecretRef: {{name: t, key: k}}}}");
        Assert.Equal(["Error spec.agents.kiro.holder: set at most one of apiToken, apiTokenSecretRef or apiTokenExternalSecret, not both apiToken and apiTokenSecretRef"],
            Check(token, Token, required: false));
        Assert.Equal(["Error spec.agents.kiro.holder: set exactly one of apiToken, apiTokenSecretRef or apiTokenExternalSecret, not both apiToken and apiTokenSecretRef"],
            Check(token, Token, required: true));
        Assert.Equal(["Error spec.agents.kiro.holder: set either appSecret or appSecretSecretRef, not both"], Check(secret, NoExternal, required: false));

        var (all, _, _) = Read($"{{apiToken: {Value}, apiTokenSecretRef: {{name: t, key: k}}, apiTokenExternalSecret: {{secretStoreRef: {{name: v}}, remoteKey: k}}}}");
        Assert.Equal(["Error spec.agents.kiro.holder: set at most one of apiToken, apiTokenSecretRef or apiTokenExternalSecret, not all of apiToken and apiTokenSecretRef and apiTokenExternalSecret"],
            Check(all, Token, required: false));
    }

    [Fact]
    public void A_required_value_with_no_form_names_every_form()
    {
        Assert.Equal(["Error spec.agents.kiro.holder: needs the test API token: set apiTokenSecretRef: {name, key} (an existing Secret), apiTokenExternalSecret (fetched by the External Secrets Operator), or apiToken"],
            Check(null, Token, required: true));
        Assert.Equal(["Error spec.agents.kiro.holder: needs the test app secret: set appSecretSecretRef: {name, key} (an existing Secret), or appSecret"],
            Check(null, NoExternal, required: true));
        Assert.Empty(Check(null, Token, required: false));
    }

    [Fact]
    public void An_inline_value_is_warned_that_it_will_land_in_git()
    {
        var (token, _, _) = Read($"{{apiToken: {Value}}}");
        var results = Check(token, Token, required: false);
        Assert.Equal(["Warning spec.agents.kiro.holder.apiToken: the token is inline: it is rendered into a Secret that will land in git; prefer apiTokenSecretRef"], results);
        Assert.DoesNotContain(results, r => r.Contains(Value, StringComparison.Ordinal));
    }

    [Fact]
    public void A_SecretRef_needs_a_valid_Secret_name_and_key()
    {
        var (token, _, _) = Read("{apiTokenSecretRef: {name: Not_A_Name, key: 'a key'}}");
        Assert.Equal(
        [
            "Error spec.agents.kiro.holder.apiTokenSecretRef.name: `Not_A_Name` is not a valid Secret name",
            "Error spec.agents.kiro.holder.apiTokenSecretRef.key: `a key` is not a valid Secret key (letters, digits, '-', '_' and '.')",
        ], Check(token, Token, required: false));
        var (empty, _, _) = Read("{apiTokenSecretRef: {}}");
        Assert.Equal(
        [
            "Error spec.agents.kiro.holder.apiTokenSecretRef.name: is required: the name of the Secret that holds the token",
            "Error spec.agents.kiro.holder.apiTokenSecretRef.key: is required: the key in the Secret that holds the token",
        ], Check(empty, Token, required: false));
    }

    [Fact]
    public void Resolution_gives_each_form_its_variable_and_Secret_key()
    {
        WiredSecret? Resolve(SecretValue value) =>
            WiredSecret.Resolve(value, "holder.apiToken", "the test API token", "API_TOKEN", SecretReaders.Agent, "team-kiro", "api-token");

        var inline = Resolve(new SecretValue(Inline: Value))!;
        Assert.Equal(("API_TOKEN", new SecretKeyReference("team-kiro", "api-token"), Value), (inline.Variable, inline.Source, inline.Inline));
        var reference = Resolve(new SecretValue(Reference: new SecretKeyReference("mine", "k")))!;
        Assert.Equal((new SecretKeyReference("mine", "k"), (string?)null), (reference.Source, reference.Inline));
        var external = Resolve(new SecretValue(External: new ExternalSecretSource("vault", "SecretStore", "r", null)))!;
        Assert.Equal(new SecretKeyReference("team-kiro-api-token", "api-token"), external.Source);
        Assert.Null(Resolve(new SecretValue()));
        Assert.Null(Resolve(new SecretValue(Inline: Value, Reference: new SecretKeyReference("mine", "k"))));
        Assert.DoesNotContain(Value, inline.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(Value, new SecretValue(Inline: Value).ToString(), StringComparison.Ordinal);
    }

    // The rendering side: an agent whose resolved Secrets carry one value of each form.

    private const string Agent = """
        apiVersion: agentset.dev/v1alpha1
        kind: AgentSet
        metadata: {name: team}
        spec:
          agents:
            kiro:
              command: kiro-cli
              discord: {botTokenSecretRef: {name: discord, key: token}}
              persistence: {existingClaim: kiro-home}
        """;

    private static (ResolvedAgent Agent, AgentSetDefinition Set) Resolved(string yaml = Agent)
    {
        var (set, diagnostics) = AgentSetReader.Read((YamlMappingNode)ResourceListIo.ParseDocuments(yaml)[0], new SourceLocation("agentset.yaml", 0));
        Assert.False(diagnostics.HasErrors, string.Join("\n", diagnostics.Results.Select(r => r.Message)));
        var agent = ResolvedAgent.Resolve(set!, set!.Agents[0]);
        return (agent with
        {
            Secrets =
            [
                WiredSecret.Resolve(new SecretValue(Inline: Value), "holder.apiToken", "the test API token", "API_TOKEN", SecretReaders.Agent | SecretReaders.Gateway, agent.OwnSecretName, "api-token")!,
                WiredSecret.Resolve(new SecretValue(Inline: Value + "-gw"), "holder.gwToken", "the test gateway token", "GW_TOKEN", SecretReaders.Gateway, $"{agent.Name}-gateway", "gw-token")!,
                WiredSecret.Resolve(new SecretValue(Reference: new SecretKeyReference("mine", "k")), "holder.refToken", "the test referenced token", "REF_TOKEN", SecretReaders.Agent, agent.OwnSecretName, "ref-token")!,
                WiredSecret.Resolve(new SecretValue(External: new ExternalSecretSource("vault", "SecretStore", "openab/x", "p")), "holder.extToken", "the test external token", "EXT_TOKEN", SecretReaders.Agent, agent.OwnSecretName, "ext-token")!,
            ],
        }, set);
    }

    [Fact]
    public void The_agent_container_reads_the_values_its_pod_reads_from_their_Secret_keys()
    {
        var (agent, _) = Resolved();
        var env = DeploymentRenderer.Render(agent, "hash").Spec.Template.Spec.Containers[0].Env;
        string? From(string name) => env.SingleOrDefault(e => e.Name == name)?.ValueFrom?.SecretKeyRef is { } r ? $"{r.Name}/{r.Key}" : null;
        Assert.Equal("team-kiro/api-token", From("API_TOKEN"));
        Assert.Equal("mine/k", From("REF_TOKEN"));
        Assert.Equal("team-kiro-ext-token/ext-token", From("EXT_TOKEN"));
        Assert.DoesNotContain(env, e => e.Name == "GW_TOKEN");
        Assert.Equal(["API_TOKEN", "REF_TOKEN", "EXT_TOKEN"], PodLayout.SecretValues(agent, SecretReaders.Agent).Select(c => c.Variable));
        Assert.Equal(["API_TOKEN", "GW_TOKEN"], PodLayout.SecretValues(agent, SecretReaders.Gateway).Select(c => c.Variable));
    }

    [Fact]
    public void Inline_values_land_in_their_own_Secrets_and_ExternalSecrets_fetch_theirs()
    {
        var (agent, set) = Resolved();
        var objects = AgentSetRenderer.Render([agent]);
        var secrets = objects.Where(o => o.Kind == "Secret").ToList();
        Assert.Equal(["team-kiro", "team-kiro-gateway"], secrets.Select(s => s.Name));
        Assert.Equal(["team/kiro/secret.yaml", "team/kiro/secret-gateway.yaml"], secrets.Select(s => s.RelativePath(set)));
        Assert.Equal(Value, Encoding.UTF8.GetString(((V1Secret)secrets[0].Model).Data["api-token"]));
        Assert.Equal(Value + "-gw", Encoding.UTF8.GetString(((V1Secret)secrets[1].Model).Data["gw-token"]));
        Assert.Equal(["api-token"], ((V1Secret)secrets[0].Model).Data.Keys);

        var external = Assert.Single(objects, o => o.Kind == "ExternalSecret");
        Assert.Equal("team/kiro/externalsecret-ext-token.yaml", external.RelativePath(set));
        var model = (ExternalSecret)external.Model;
        Assert.Equal(("team-kiro-ext-token", "vault", "ext-token", "openab/x", "p"),
            (model.Spec.Target.Name, model.Spec.SecretStoreRef.Name, model.Spec.Data[0].SecretKey, model.Spec.Data[0].RemoteRef.Key, model.Spec.Data[0].RemoteRef.Property));
        Assert.Contains(("ExternalSecret", "team-kiro-ext-token"), AgentObjects.Writes(agent));
        Assert.Contains(("Secret", "team-kiro-gateway"), AgentObjects.Writes(agent));

        // The inline value is in no object but its Secret.
        foreach (var other in objects.Where(o => o.Kind != "Secret"))
            Assert.DoesNotContain(Value, System.Text.Json.JsonSerializer.Serialize(other.Model, other.TypeInfo), StringComparison.Ordinal);
    }

    [Fact]
    public void The_credential_check_covers_every_wired_secret_value()
    {
        var yaml = Agent.Replace("      persistence:", """
                  secretEnv: [{name: COPY, secretName: team-kiro-gateway, secretKey: gw-token}, {name: API_TOKEN, secretName: other, secretKey: x}]
                  envFrom: [{secretRef: {name: mine}}]
                  env: {REF_TOKEN: plain}
                  inheritEnv: [EXT_TOKEN]
                  persistence:
            """, StringComparison.Ordinal);
        var (agent, set) = Resolved(yaml);
        var diagnostics = new Diagnostics(new SourceLocation("agentset.yaml", 0), null);
        AgentSetValidator.Validate(set, [agent], diagnostics);
        var errors = diagnostics.Results.Where(r => r.Severity == Severity.Error).Select(r => $"{r.FieldPath}: {r.Message}").ToList();
        Assert.Contains(errors, e => e.StartsWith("spec.agents.kiro.secretEnv[0]: Secret `team-kiro-gateway` key `gw-token` holds the test gateway token of agent `kiro`", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("spec.agents.kiro.envFrom[0]: Secret `mine` holds the test referenced token of agent `kiro`", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("spec.agents.kiro.secretEnv[1].name: API_TOKEN holds the test API token (holder.apiToken)", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("spec.agents.kiro.env.REF_TOKEN: REF_TOKEN holds the test referenced token", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("spec.agents.kiro.inheritEnv[0]: EXT_TOKEN holds the test external token", StringComparison.Ordinal));
        Assert.DoesNotContain(diagnostics.Results, r => r.Message.Contains(Value, StringComparison.Ordinal));
    }

    [Fact]
    public void A_generated_Secret_name_that_is_too_long_is_an_error_on_the_field()
    {
        var (agent, set) = Resolved();
        var longAgent = agent with
        {
            Secrets = [WiredSecret.Resolve(new SecretValue(External: new ExternalSecretSource("vault", "SecretStore", "r", null)), "holder.extToken", "x", "EXT_TOKEN",
                SecretReaders.Agent, new string('a', 250), "ext-token")!],
        };
        var diagnostics = new Diagnostics(new SourceLocation("agentset.yaml", 0), null);
        SecretValueChecks.ValidateResolved(longAgent, "spec.agents.kiro", diagnostics);
        var error = Assert.Single(diagnostics.Results);
        Assert.Equal("spec.agents.kiro.holder.extToken", error.FieldPath);
        Assert.Contains("is not a valid Secret name", error.Message, StringComparison.Ordinal);
        _ = set;
    }
}
