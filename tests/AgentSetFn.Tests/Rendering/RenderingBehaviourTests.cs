using System.Text;
using AgentSetFn.Tests.Support;
using YamlDotNet.RepresentationModel;
using static AgentSetFn.Tests.Support.Output;

namespace AgentSetFn.Tests.Rendering;

/// <summary>What the rendered objects do, asserted on the output rather than on golden bytes.</summary>
public class RenderingBehaviourTests
{
    private const string TwoAgents = AgentSetYaml.HeadInNamespace + """
          agents:
            kiro:
              discord: {botTokenSecretRef: {name: discord, key: kiro}, allowedChannels: ["123456789012345678"]}
              persistence: {s3: {enabled: true, bucket: team-state, region: eu-west-1}}
            claude:
              command: claude-agent-acp
              discord: {botTokenSecretRef: {name: discord, key: claude}}
              persistence: {s3: {enabled: true, bucket: team-state, region: eu-west-1}}
        """;

    private static Output Render(string yaml) => FunctionRunner.Rendered(yaml);

    private static string Hash(Output output, string name) =>
        Str(output.Single("Deployment", name), "spec", "template", "metadata", "annotations", "agentset.dev/config-hash")!;

    [Fact]
    public void Rendering_is_byte_identical_every_time_and_independent_of_agent_order()
    {
        var first = FunctionRunner.RunKrm(TwoAgents).Output;
        var second = FunctionRunner.RunKrm(TwoAgents).Output;
        Assert.Equal(first, second);

        var reordered = TwoAgents.Replace("    kiro:", "    zzz:", StringComparison.Ordinal);
        // Same agents written in the other order give the same output.
        var swapped = AgentSetYaml.HeadInNamespace + """
              agents:
                claude:
                  command: claude-agent-acp
                  discord: {botTokenSecretRef: {name: discord, key: claude}}
                  persistence: {s3: {enabled: true, bucket: team-state, region: eu-west-1}}
                kiro:
                  discord: {botTokenSecretRef: {name: discord, key: kiro}, allowedChannels: ["123456789012345678"]}
                  persistence: {s3: {enabled: true, bucket: team-state, region: eu-west-1}}
            """;
        Assert.Equal(first, FunctionRunner.RunKrm(swapped).Output);
        Assert.NotEqual(first, FunctionRunner.RunKrm(reordered).Output);
    }

    [Fact]
    public void Every_object_gets_the_set_namespace_labels_and_owner()
    {
        var output = Render(TwoAgents);
        Assert.Equal(4, output.Items.Count);
        foreach (var item in output.Items)
        {
            Assert.Equal("agents", Str(item, "metadata", "namespace"));
            Assert.Equal("agentset", Str(item, "metadata", "labels", "app.kubernetes.io/name"));
            Assert.Equal("team", Str(item, "metadata", "labels", "app.kubernetes.io/instance"));
            Assert.Equal("agentset", Str(item, "metadata", "labels", "app.kubernetes.io/managed-by"));
            Assert.Equal("agents/team", Str(item, "metadata", "annotations", "agentset.dev/owned-by"));
        }
        Assert.Equal("kiro", Str(output.Single("Deployment", "team-kiro"), "metadata", "labels", "app.kubernetes.io/component"));
    }

    [Fact]
    public void A_config_change_rolls_only_that_agents_pod()
    {
        var before = Render(TwoAgents);
        var after = Render(TwoAgents.Replace("key: claude}}", "key: claude}, allowedUsers: [\"987654321098765432\"]}", StringComparison.Ordinal));

        Assert.NotEqual(Hash(before, "team-claude"), Hash(after, "team-claude"));
        Assert.Equal(Hash(before, "team-kiro"), Hash(after, "team-kiro"));
    }

    [Fact]
    public void An_inline_token_goes_only_into_the_secret_and_changing_it_rolls_the_pod()
    {
        const string token = "MTIzNDU2Nzg5MDEyMzQ1Njc4.inline-test-token";
        var yaml = TwoAgents.Replace("botTokenSecretRef: {name: discord, key: kiro}", $"botToken: {token}", StringComparison.Ordinal);
        var output = Render(yaml);

        var secret = output.Single("Secret", "team-kiro");
        Assert.Equal(token, Encoding.UTF8.GetString(Convert.FromBase64String(Str(secret, "data", "discord-bot-token")!)));
        Assert.DoesNotContain(token, Str(output.Single("ConfigMap", "team-kiro"), "data", "config.toml")!, StringComparison.Ordinal);
        var tokenEnv = Seq(output.Single("Deployment", "team-kiro"), "spec", "template", "spec", "containers").Single()
            .Let(c => Seq(c, "env").Single(e => Str(e, "name") == "DISCORD_BOT_TOKEN"));
        Assert.Equal("team-kiro", Str(tokenEnv, "valueFrom", "secretKeyRef", "name"));
        Assert.Equal("discord-bot-token", Str(tokenEnv, "valueFrom", "secretKeyRef", "key"));
        Assert.DoesNotContain(output.OfKind("Secret"), s => Str(s, "metadata", "name") == "team-claude");
        Assert.Contains(output.ResultsOf("warning"), r => Str(r, "field", "path") == "spec.agents.kiro.discord.botToken");

        var rotated = Render(yaml.Replace(token, token + "2", StringComparison.Ordinal));
        Assert.NotEqual(Hash(output, "team-kiro"), Hash(rotated, "team-kiro"));
    }

    [Fact]
    public void Known_cli_defaults_fill_image_args_home_and_paths()
    {
        var output = Render(TwoAgents);
        var claude = Seq(output.Single("Deployment", "team-claude"), "spec", "template", "spec", "containers").Single();
        Assert.Equal($"ghcr.io/openabdev/openab-claude:{AgentSetFn.Api.OpenabReleases.Default}", Str(claude, "image"));
        Assert.Equal("/home/node", Seq(claude, "env").Single(e => Str(e, "name") == "HOME").Let(e => Str(e, "value")));
        var restore = Seq(output.Single("Deployment", "team-claude"), "spec", "template", "spec", "initContainers").First();
        var env = Seq(restore, "env").ToDictionary(e => Str(e, "name")!, e => Str(e, "value"));
        Assert.Equal(".claude/\n.claude.json", env["AGENTSET_PATHS"]);
        Assert.Equal("s3://team-state/team/claude", env["AGENTSET_S3_URI"]);
        Assert.False(env.ContainsKey("AGENTSET_EXCLUDE"));

        var toml = Str(output.Single("ConfigMap", "team-kiro"), "data", "config.toml")!;
        Assert.Contains("args = [\"acp\", \"--trust-all-tools\"]", toml, StringComparison.Ordinal);
        Assert.Contains("allowed_channels = [\"123456789012345678\"]", toml, StringComparison.Ordinal);
        Assert.Contains("allow_all_users = true", toml, StringComparison.Ordinal);
    }

    [Fact]
    public void Sidecar_mode_has_restore_then_a_native_backup_sidecar_and_no_s3_keys_in_the_agent()
    {
        var output = Render(TwoAgents.Replace("region: eu-west-1}}\n    claude", "region: eu-west-1, credentialsSecret: s3-keys}}\n    claude", StringComparison.Ordinal));
        var pod = Node(output.Single("Deployment", "team-kiro"), "spec", "template", "spec")!;
        var init = Seq(pod, "initContainers").ToList();
        Assert.Equal(["s3-restore", "s3-backup"], init.Select(c => Str(c, "name")));
        Assert.Null(Str(init[0], "restartPolicy"));
        Assert.Equal("Always", Str(init[1], "restartPolicy"));
        Assert.NotNull(Node(init[1], "lifecycle", "preStop", "exec", "command"));
        Assert.Equal("true", Str(Seq(init[1], "volumeMounts").Single(m => Str(m, "name") == "home"), "readOnly"));
        Assert.Contains(Seq(init[0], "env"), e => Str(e, "name") == "AWS_SECRET_ACCESS_KEY" && Str(e, "valueFrom", "secretKeyRef", "name") == "s3-keys");
        var agentEnv = Seq(pod, "containers").Single().Let(c => Seq(c, "env")).Select(e => Str(e, "name")).ToList();
        Assert.DoesNotContain("AWS_SECRET_ACCESS_KEY", agentEnv);
        Assert.DoesNotContain("AWS_ACCESS_KEY_ID", agentEnv);
        // 30 s for the agent to stop + 3 attempts x (10 s connect + 30 s read) for one stalled S3 request.
        Assert.Equal("150", Str(pod, "terminationGracePeriodSeconds"));
    }

    [Fact]
    public void PreStop_mode_backs_up_from_the_agent_container_with_keys_from_files()
    {
        var output = Render(FunctionRunner.Fixture("prestop-backup"));
        var pod = Node(output.Single("Deployment", "legacy-kiro"), "spec", "template", "spec")!;
        Assert.Equal(["s3-restore"], Seq(pod, "initContainers").Select(c => Str(c, "name")));
        var agent = Seq(pod, "containers").Single();
        var command = ((YamlSequenceNode)Node(agent, "lifecycle", "preStop", "exec", "command")!).Children.Select(c => ((YamlScalarNode)c).Value).ToList();
        Assert.Contains("aws s3 sync \"$AGENTSET_HOME/\" \"$AGENTSET_S3_URI/\"", command[2], StringComparison.Ordinal);
        var env = Seq(agent, "env").Select(e => Str(e, "name")).ToList();
        Assert.Contains("AGENTSET_S3_CREDENTIALS_DIR", env);
        Assert.DoesNotContain("AWS_SECRET_ACCESS_KEY", env);
        Assert.Contains(Seq(pod, "volumes"), v => Str(v, "secret", "secretName") == "legacy-s3");
    }

    [Fact]
    public void Persistence_off_renders_no_s3_containers_and_warns()
    {
        var output = Render(FunctionRunner.Fixture("s3-off"));
        var pod = Node(output.Single("Deployment", "scratch-gemini"), "spec", "template", "spec")!;
        Assert.Null(Node(pod, "initContainers"));
        Assert.Null(Node(pod, "terminationGracePeriodSeconds"));
        Assert.Contains(output.ResultsOf("warning"), r => Str(r, "field", "path") == "spec.agents.gemini.persistence.s3.enabled");
    }

    [Fact]
    public void AgentsMd_is_mounted_under_every_name_the_clis_read()
    {
        var output = Render(FunctionRunner.Fixture("agents-md"));
        Assert.StartsWith("# House rules", Str(output.Single("ConfigMap", "docs-claude"), "data", "AGENTS.md"), StringComparison.Ordinal);
        var mounts = Seq(output.Single("Deployment", "docs-claude"), "spec", "template", "spec", "containers").Single()
            .Let(c => Seq(c, "volumeMounts")).Where(m => Str(m, "subPath") == "AGENTS.md").Select(m => Str(m, "mountPath"));
        Assert.Equal(["/home/node/AGENTS.md", "/home/node/CLAUDE.md", "/home/node/GEMINI.md"], mounts);
    }

    [Fact]
    public void SecretEnv_reaches_the_pod_by_reference_and_config_toml_only_by_name()
    {
        var output = Render(FunctionRunner.Fixture("secret-env"));
        var toml = Str(output.Single("ConfigMap", "keys-codex"), "data", "config.toml")!;
        Assert.Contains("inherit_env = [\"OPENAI_API_KEY\", \"GITHUB_TOKEN\"]", toml, StringComparison.Ordinal);
        Assert.Contains("RUST_LOG = \"info\"", toml, StringComparison.Ordinal);
        Assert.DoesNotContain("api-key", toml, StringComparison.Ordinal);
        var env = Seq(output.Single("Deployment", "keys-codex"), "spec", "template", "spec", "containers").Single().Let(c => Seq(c, "env")).ToList();
        var openai = env.Single(e => Str(e, "name") == "OPENAI_API_KEY");
        Assert.Equal("openai", Str(openai, "valueFrom", "secretKeyRef", "name"));
        Assert.Equal("api-key", Str(openai, "valueFrom", "secretKeyRef", "key"));
        Assert.Equal("info", env.Single(e => Str(e, "name") == "RUST_LOG").Let(e => Str(e, "value")));
    }

    [Fact]
    public void Explicit_paths_that_miss_a_login_file_warn_and_name_it()
    {
        var output = Render(FunctionRunner.Fixture("custom-paths"));
        var warning = Assert.Single(output.ResultsOf("warning"));
        Assert.Equal("spec.agents.kiro.persistence.paths", Str(warning, "field", "path"));
        Assert.Contains(".local/share/kiro-cli/data.sqlite3", Str(warning, "message"), StringComparison.Ordinal);
    }

    [Fact]
    public void An_empty_tag_pins_the_default_and_never_latest()
    {
        var output = Render(TwoAgents);
        foreach (var deployment in output.OfKind("Deployment"))
        {
            var pod = Node(deployment, "spec", "template", "spec")!;
            foreach (var container in Seq(pod, "containers").Concat(Seq(pod, "initContainers")))
            {
                var image = Str(container, "image")!;
                Assert.Matches(@":[0-9]+\.[0-9]+\.[0-9]+(-beta\.[0-9]+)?$", image);
            }
        }
    }
}

internal static class FunctionalExtensions
{
    public static TResult Let<T, TResult>(this T value, Func<T, TResult> f) => f(value);
}
