using AgentSetFn.Tests.Support;
using Tomlyn.Model;
using static AgentSetFn.Tests.Support.Output;

namespace AgentSetFn.Tests.Validation;

/// <summary>
/// openab's runtime options as agentset checks and renders them: a scheduled prompt's thread,
/// the user cron file (kept in S3 under the home), configUrl (no credentials in a Deployment)
/// and the lifecycle hooks (the grace period, the final backup, the network policy).
/// </summary>
public class RuntimeOptionsTests
{
    private static string Indented(string lines) => string.Join('\n', lines.Split('\n').Select(l => "      " + l));

    private static string Agent(string lines) => AgentSetYaml.OneAgent("kiro", Indented(lines));

    /// <summary>kiro with S3 on (bucket `team-agents`), in the given backup mode, and more lines.</summary>
    private static string S3Agent(string lines, string backup = "sidecar") =>
        AgentSetYaml.Head + "  agents:\n    kiro:\n" + AgentSetYaml.DiscordFromSecret
        + Indented($"image: {{tag: 0.9.0-beta.12}}\npersistence:\n  s3: {{enabled: true, bucket: team-agents, region: eu-west-1, backup: {backup}}}\n{lines}") + "\n";

    private static YamlDotNet.RepresentationModel.YamlMappingNode PodSpec(Output output) =>
        (YamlDotNet.RepresentationModel.YamlMappingNode)Node(output.Single("Deployment", "team-kiro"), "spec", "template", "spec")!;

    private static IEnumerable<string> Warnings(Output output, string field) =>
        output.ResultsOf("warning").Where(r => Str(r, "field", "path") == field).Select(r => Str(r, "message")!);

    private static string? Env(YamlDotNet.RepresentationModel.YamlMappingNode container, string name) =>
        Seq(container, "env").Where(e => Str(e, "name") == name).Select(e => Str(e, "value")).SingleOrDefault();

    // --- configUrl ---

    [Theory]
    [InlineData("https://deploy:s3cr3t-Passw0rd@config.example.com/kiro.toml", "s3cr3t-Passw0rd", "holds credentials")]
    [InlineData("https://u:p#w0rd-s3cret@config.example.com/kiro.toml", "p#w0rd-s3cret", "holds credentials")]
    [InlineData("https://raw.example.com/kiro.toml?token=ghp_FAKE0123456789abcdefFAKEfakeFAKE0123", "ghp_FAKE0123456789abcdefFAKEfakeFAKE0123", "`token`")]
    [InlineData("https://bucket.s3.amazonaws.com/kiro.toml?X-Amz-Credential=AKIAFAKE%2F20260101&X-Amz-Signature=deadbeefcafe0123", "deadbeefcafe0123", "`X-Amz-Signature`")]
    public void A_config_url_with_a_credential_is_refused_on_the_field_without_showing_it(string url, string secret, string says)
    {
        var run = FunctionRunner.RunKrm(Agent($"configUrl: \"{url}\""));
        ErrorResults.AssertRefused(run, $"spec.agents.kiro.configUrl|{says}", url, secret);
        Assert.Contains("Deployment", run.Output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("ftp://config.example.com/kiro.toml")]
    [InlineData("config.example.com/kiro.toml")]
    [InlineData("https:///kiro.toml")]
    [InlineData("https://config.example.com/kiro.toml\\n")]
    [InlineData("https://config example.com/kiro.toml")]
    public void A_config_url_that_is_not_http_or_https_with_a_host_is_refused(string url) =>
        ErrorResults.AssertRefused(FunctionRunner.RunKrm(Agent($"configUrl: \"{url}\"")), "spec.agents.kiro.configUrl|", url);

    [Fact]
    public void A_plain_http_config_url_renders_with_a_warning_and_agentsMd_cronjobs_and_hooks_are_warned_as_without_effect()
    {
        var output = FunctionRunner.Rendered(Agent(
            "configUrl: http://config.internal/kiro.toml\nagentsMd: be brief\ncron: {usercronEnabled: true, usercronPath: cronjob.toml}\n"
            + "hooks: {preBoot: {script: /opt/boot.sh}}\ncronjobs:\n- {name: daily, schedule: \"0 9 * * MON\", channel: \"123456789012345678\", prompt: hi}"));
        Assert.Contains(Warnings(output, "spec.agents.kiro.configUrl"), m => m.Contains("plain http", StringComparison.Ordinal));
        Assert.Contains(Warnings(output, "spec.agents.kiro.agentsMd"), m => m.Contains("no effect with configUrl", StringComparison.Ordinal));
        foreach (var field in new[] { "cronjobs", "cron", "hooks" })
            Assert.Contains(Warnings(output, $"spec.agents.kiro.{field}"), m => m.Contains("no effect with configUrl", StringComparison.Ordinal));
        Assert.Empty(output.OfKind("ConfigMap"));
    }

    [Fact]
    public void An_agent_moving_to_configUrl_drops_its_configmap_file_and_the_config_hash_still_rolls_the_pod()
    {
        var before = FunctionRunner.Rendered(Agent(""));
        var after = FunctionRunner.Rendered(Agent("configUrl: https://config.example.com/kiro.toml"));
        string Hash(Output o) => Str(o.Single("Deployment", "team-kiro"), "spec", "template", "metadata", "annotations", "agentset.dev/config-hash")!;
        Assert.NotEqual(Hash(before), Hash(after));
        Assert.Single(before.OfKind("ConfigMap"));
        Assert.Empty(after.OfKind("ConfigMap"));
    }

    // --- user cron ---

    [Fact]
    public void A_relative_user_cron_file_is_kept_in_S3_under_the_home_and_written_to_config_toml()
    {
        var output = FunctionRunner.Rendered(S3Agent("cron: {usercronEnabled: true, usercronPath: schedules/cronjob.toml}"));
        var config = Tomlyn.TomlSerializer.Deserialize<TomlTable>(Str(output.Single("ConfigMap", "team-kiro"), "data", "config.toml")!)!;
        var cron = (TomlTable)config["cron"];
        Assert.Equal(true, cron["usercron_enabled"]);
        Assert.Equal("schedules/cronjob.toml", cron["usercron_path"]);
        Assert.False(cron.ContainsKey("jobs"));
        // Restore and backup both sync it with the login.
        var containers = Seq(PodSpec(output), "initContainers").ToList();
        Assert.NotEmpty(containers);
        Assert.All(containers.Where(c => Env(c, "AGENTSET_PATHS") is not null), c =>
            Assert.Contains(".openab/schedules/cronjob.toml", Env(c, "AGENTSET_PATHS")!.Split('\n')));
    }

    [Fact]
    public void An_absolute_user_cron_file_under_the_home_is_kept_and_one_outside_is_warned()
    {
        var inside = FunctionRunner.Rendered(S3Agent("cron: {usercronEnabled: true, usercronPath: /home/agent/cron/jobs.toml}"));
        Assert.All(Seq(PodSpec(inside), "initContainers").Where(c => Env(c, "AGENTSET_PATHS") is not null),
            c => Assert.Contains("cron/jobs.toml", Env(c, "AGENTSET_PATHS")!.Split('\n')));
        Assert.Empty(Warnings(inside, "spec.agents.kiro.cron.usercronPath"));

        var outside = FunctionRunner.Rendered(S3Agent("cron: {usercronEnabled: true, usercronPath: /data/cronjob.toml}"));
        Assert.Contains(Warnings(outside, "spec.agents.kiro.cron.usercronPath"), m => m.Contains("not kept in S3", StringComparison.Ordinal));
        Assert.All(Seq(PodSpec(outside), "initContainers").Where(c => Env(c, "AGENTSET_PATHS") is not null),
            c => Assert.DoesNotContain("/data/cronjob.toml", Env(c, "AGENTSET_PATHS")!, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("../cronjob.toml", "'..'")]
    [InlineData("./cronjob.toml", "'..'")]
    [InlineData("~/cronjob.toml", "does not expand")]
    [InlineData("-cronjob.toml", "must not start with '-'")]
    [InlineData("cron/", "names a directory")]
    [InlineData("cron$(id).toml", "not allowed")]
    [InlineData("/home/agent/../etc/cronjob.toml", "not a plain file path")]
    [InlineData("cronjob.toml\\n", "control characters")]
    public void A_user_cron_path_that_would_leave_its_place_is_refused(string file, string says) =>
        ErrorResults.AssertRefused(FunctionRunner.RunKrm(S3Agent($"cron: {{usercronEnabled: true, usercronPath: \"{file}\"}}")),
            $"spec.agents.kiro.cron.usercronPath|{says}", file);

    [Fact]
    public void User_cron_half_set_is_warned_either_way()
    {
        var noPath = FunctionRunner.Rendered(Agent("cron: {usercronEnabled: true}"));
        Assert.Contains(Warnings(noPath, "spec.agents.kiro.cron.usercronEnabled"), m => m.Contains("without usercronPath", StringComparison.Ordinal));
        var off = FunctionRunner.Rendered(Agent("cron: {usercronPath: cronjob.toml}"));
        Assert.Contains(Warnings(off, "spec.agents.kiro.cron.usercronPath"), m => m.Contains("usercronEnabled is false", StringComparison.Ordinal));
    }

    // --- per prompt: enabled, threadId ---

    [Theory]
    [InlineData("discord", "\"12345\"", "Discord thread ID")]
    [InlineData("discord", "\"1.2e+17\"", "Discord thread ID")]
    [InlineData("slack", "\"C0123456789\"", "Slack thread ID")]
    public void A_thread_id_of_the_wrong_platform_shape_is_refused(string platform, string thread, string says)
    {
        var slack = platform == "slack" ? "slack: {botTokenSecretRef: {name: s, key: bot}, appTokenSecretRef: {name: s, key: app}}\n" : "";
        var channel = platform == "slack" ? "C0123456789" : "123456789012345678";
        ErrorResults.AssertRefused(FunctionRunner.RunKrm(Agent($"{slack}cronjobs:\n- {{name: daily, schedule: \"0 9 * * MON\", channel: \"{channel}\", prompt: hi, platform: {platform}, threadId: {thread}}}")),
            $"spec.agents.kiro.cronjobs[0].threadId|{says}", platform);
    }

    [Fact]
    public void Enabled_is_written_only_when_false_and_thread_id_when_set()
    {
        var output = FunctionRunner.Rendered(Agent("cronjobs:\n- {name: a, schedule: \"0 9 * * MON\", channel: \"123456789012345678\", prompt: hi, enabled: true}\n"
            + "- {name: b, schedule: \"0 9 * * TUE\", channel: \"123456789012345678\", prompt: hi, enabled: false, threadId: \"234567890123456789\"}"));
        var config = Tomlyn.TomlSerializer.Deserialize<TomlTable>(Str(output.Single("ConfigMap", "team-kiro"), "data", "config.toml")!)!;
        var jobs = (TomlTableArray)((TomlTable)config["cron"])["jobs"];
        Assert.False(jobs[0].ContainsKey("enabled"));
        Assert.False(jobs[0].ContainsKey("thread_id"));
        Assert.Equal(false, jobs[1]["enabled"]);
        Assert.Equal("234567890123456789", jobs[1]["thread_id"]);
        Assert.False(((TomlTable)config["cron"]).ContainsKey("usercron_enabled"));
    }

    // --- hooks ---

    [Fact]
    public void A_preShutdown_hook_and_the_backup_sidecar_both_run_inside_a_grace_period_that_holds_both()
    {
        var output = FunctionRunner.Rendered(S3Agent("hooks: {preShutdown: {script: /opt/hooks/flush.sh, timeoutSeconds: 45}}"));
        var pod = PodSpec(output);
        // openab runs the hook after SIGTERM; the sidecar's final sync runs after the agent container has stopped.
        Assert.Equal("195", Str(pod, "terminationGracePeriodSeconds"));
        var sidecar = Seq(pod, "initContainers").Single(c => Str(c, "name") == "s3-backup");
        Assert.Equal("Always", Str(sidecar, "restartPolicy"));
        Assert.NotNull(Node(sidecar, "lifecycle", "preStop"));
        Assert.Null(Node(Seq(pod, "containers").First(), "lifecycle"));
        var config = Tomlyn.TomlSerializer.Deserialize<TomlTable>(Str(output.Single("ConfigMap", "team-kiro"), "data", "config.toml")!)!;
        Assert.Equal("/opt/hooks/flush.sh", ((TomlTable)((TomlTable)config["hooks"])["pre_shutdown"])["script"]);
        Assert.Empty(Warnings(output, "spec.agents.kiro.hooks.preShutdown"));
    }

    [Fact]
    public void A_preShutdown_hook_with_the_preStop_backup_keeps_the_backup_and_warns_that_the_hooks_writes_are_not_kept()
    {
        var output = FunctionRunner.Rendered(S3Agent("hooks: {preShutdown: {script: /opt/hooks/flush.sh, timeoutSeconds: 45}}", backup: "preStop"));
        var pod = PodSpec(output);
        Assert.Equal("195", Str(pod, "terminationGracePeriodSeconds"));
        Assert.NotNull(Node(Seq(pod, "containers").First(), "lifecycle", "preStop", "exec"));
        Assert.Contains(Warnings(output, "spec.agents.kiro.hooks.preShutdown"), m => m.Contains("not kept in S3", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("terminationGracePeriodSeconds: 170\n", true)]
    [InlineData("terminationGracePeriodSeconds: 200\n", false)]
    [InlineData("terminationGracePeriodSeconds: 100\n", false)] // the S3 check's own warning covers it
    public void A_grace_period_shorter_than_the_backup_and_the_hook_is_warned(string grace, bool warned)
    {
        var output = FunctionRunner.Rendered(S3Agent(grace + "hooks: {preShutdown: {script: /opt/hooks/flush.sh, timeoutSeconds: 45}}"));
        Assert.Equal(warned, Warnings(output, "spec.agents.kiro.terminationGracePeriodSeconds").Any(m => m.Contains("preShutdown", StringComparison.Ordinal)));
    }

    [Fact]
    public void Without_S3_a_preShutdown_hook_gets_the_agents_stop_plus_its_timeout()
    {
        var output = FunctionRunner.Rendered(Agent("image: {tag: 0.9.0-beta.12}\nhooks: {preShutdown: {script: /opt/hooks/flush.sh, timeoutSeconds: 20}}"));
        Assert.Equal("50", Str(PodSpec(output), "terminationGracePeriodSeconds"));
        Assert.Null(Str(PodSpec(FunctionRunner.Rendered(Agent("image: {tag: 0.9.0-beta.12}\nhooks: {preBoot: {script: /opt/hooks/boot.sh}}"))), "terminationGracePeriodSeconds"));
    }

    [Theory]
    [InlineData("{url: \"https://u:s3cr3t-pass@hooks.example.com/b.sh\", sha256: e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855}", "url", "holds credentials")]
    [InlineData("{url: \"https://hooks.example.com/b.sh?access_token=s3cr3t-pass\", sha256: e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855}", "url", "`access_token`")]
    [InlineData("{url: \"https://hooks.example.com/b.sh\", sha256: E3B0C44298FC1C149AFBF4C8996FB92427AE41E4649B934CA495991B7852B855}", "sha256", "64 lowercase hexadecimal")]
    [InlineData("{url: \"https://hooks.example.com/b.sh\", sha256: e3b0c442}", "sha256", "64 lowercase hexadecimal")]
    [InlineData("{script: /opt/b.sh, sha256: e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855}", "sha256", "only with url")]
    [InlineData("{script: opt/b.sh}", "script", "absolute path")]
    [InlineData("{script: /opt/hooks/}", "script", "absolute path")]
    [InlineData("{url: \"file:///opt/b.sh\", sha256: e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855}", "url", "not an http(s) URL")]
    public void A_hook_that_openab_could_not_run_or_that_would_publish_a_credential_is_refused(string hook, string field, string says)
    {
        var run = FunctionRunner.RunKrm(Agent($"image: {{tag: 0.9.0-beta.12}}\nhooks: {{preBoot: {hook}}}"));
        ErrorResults.AssertRefused(run, $"spec.agents.kiro.hooks.preBoot.{field}|{says}", hook, "s3cr3t-pass");
    }

    [Fact]
    public void An_inline_hook_with_an_expansion_openab_would_fill_in_is_refused()
    {
        var run = FunctionRunner.RunKrm(Agent("image: {tag: 0.9.0-beta.12}\nhooks: {preBoot: {inline: \"echo ${DISCORD_BOT_TOKEN}\"}}"));
        ErrorResults.AssertRefused(run, "spec.agents.kiro.hooks.preBoot.inline|contains `${`", "inline");
    }

    [Fact]
    public void A_hook_on_a_release_without_hooks_is_warned_and_a_url_on_a_closed_port_too()
    {
        var old = FunctionRunner.Rendered(Agent("hooks: {preBoot: {script: /opt/b.sh}}"));
        Assert.Contains(Warnings(old, "spec.agents.kiro.image.tag"), m => m.Contains("ignores `[hooks]`", StringComparison.Ordinal));
        var closed = FunctionRunner.Rendered(Agent("image: {tag: 0.9.0-beta.12}\nnetworkPolicy: {enabled: true}\n"
            + "hooks: {preBoot: {url: \"http://hooks.internal:8080/b.sh\", sha256: e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855}}"));
        Assert.Contains(Warnings(closed, "spec.agents.kiro.hooks.preBoot.url"), m => m.Contains("port 8080", StringComparison.Ordinal));
    }
}
