using System.Text.Json.Nodes;
using AgentSetFn.Api;
using AgentSetFn.Checklist;
using AgentSetFn.Tests.Support;
using YamlDotNet.RepresentationModel;

namespace AgentSetFn.Tests.Cli;

/// <summary>
/// `agentset checklist`: golden text and JSON per case (fixtures/checklist/&lt;case&gt;/), every
/// Secret the rendered pods read accounted for, placeholders never values, the same refusals as
/// render, the info results under kpt on request, and the first-login guide generated from the CLI table.
/// </summary>
public sealed class ChecklistTests : IDisposable
{
    private readonly TempDirectory _dir = new("agentset-checklist-");

    public void Dispose() => _dir.Dispose();

    private static string CaseDirectory(string name) => Path.Combine(Repo.Fixtures, "checklist", name);

    public static TheoryData<string> Cases => new(Directory.GetDirectories(Path.Combine(Repo.Fixtures, "checklist")).Select(Path.GetFileName).Order(StringComparer.Ordinal)!);

    /// <summary>Run from the case's directory with a relative path, so the file names in the output are the same everywhere.</summary>
    private static RunResult Checklist(string name, params string[] options) =>
        Binary.Run(null, CaseDirectory(name), ["checklist", "agentset.yaml", .. options]);

    [Theory]
    [MemberData(nameof(Cases))]
    public void Text_is_the_golden_text(string name)
    {
        var run = Checklist(name);
        Assert.Equal(0, run.ExitCode);
        Golden.AssertMatches(Path.Combine(CaseDirectory(name), "expected.txt"), run.Output);
        Assert.Equal(run.Output, Checklist(name).Output);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Json_is_the_golden_json(string name)
    {
        var run = Checklist(name, "-o", "json");
        Assert.Equal(0, run.ExitCode);
        Golden.AssertMatches(Path.Combine(CaseDirectory(name), "expected.json"), run.Output);
        Assert.Equal(ChecklistJson.Version, JsonNode.Parse(run.Output)!["version"]!.GetValue<int>());
    }

    /// <summary>
    /// Every Secret key a rendered pod reads (secretKeyRef, a secret volume's items) is in the
    /// checklist: to create, fetched by an ExternalSecret, or rendered; read off `agentset render`'s
    /// own output, over every fixture the function has.
    /// </summary>
    [Fact]
    public void Every_secret_key_a_rendered_pod_reads_is_in_the_checklist()
    {
        var checked_ = 0;
        foreach (var fixture in Repo.FixtureNames.Select(n => Path.Combine(Repo.Fixtures, n, "agentset.yaml"))
                     .Concat(Directory.GetDirectories(Path.Combine(Repo.Fixtures, "checklist")).Select(d => Path.Combine(d, "agentset.yaml"))))
        {
            var render = Binary.Run(null, null, "render", fixture);
            var checklist = Binary.Run(null, null, "checklist", fixture, "-o", "json");
            if (render.ExitCode != 0)
            {
                Assert.Equal(1, checklist.ExitCode); // an invalid fixture fails both ways
                continue;
            }
            Assert.Equal(0, checklist.ExitCode);
            var listed = Listed(JsonNode.Parse(checklist.Output)!);
            foreach (var (secret, key) in ReadKeys(Output.Documents(render.Output)))
            {
                Assert.True(listed.Contains((secret, key)) || listed.Contains((secret, null)),
                    $"{fixture}: Secret {secret} key {key} is read by a pod but not in the checklist");
                checked_++;
            }
        }
        Assert.True(checked_ > 50, $"only {checked_} keys were checked");
    }

    /// <summary>(Secret, key) of every key the checklist accounts for; key null: the Secret is read whole.</summary>
    private static HashSet<(string, string?)> Listed(JsonNode checklist)
    {
        var listed = new HashSet<(string, string?)>();
        foreach (var set in checklist["agentSets"]!.AsArray())
        {
            foreach (var secret in set!["secrets"]!.AsArray())
            {
                foreach (var key in secret!["keys"]!.AsArray()) listed.Add((secret["name"]!.GetValue<string>(), key!.GetValue<string>()));
                if (secret["readWhole"]!.GetValue<bool>()) listed.Add((secret["name"]!.GetValue<string>(), null));
            }
            foreach (var external in set!["externalSecrets"]!.AsArray())
            {
                foreach (var key in external!["keys"]!.AsArray()) listed.Add((external["secret"]!.GetValue<string>(), key!.GetValue<string>()));
            }
            foreach (var inline in set!["inlineSecrets"]!.AsArray())
            {
                foreach (var use in inline!["usedBy"]!.AsArray()) listed.Add((inline["name"]!.GetValue<string>(), use!["key"]?.GetValue<string>()));
            }
        }
        return listed;
    }

    /// <summary>Every (Secret, key) a rendered pod template reads, found by walking the YAML for secretKeyRef and secret volumes.</summary>
    private static IEnumerable<(string Secret, string Key)> ReadKeys(List<YamlMappingNode> documents)
    {
        foreach (var document in documents.Where(d => Output.Str(d, "kind") == "Deployment"))
        {
            foreach (var reference in Walk(document).Where(m => m.Key == "secretKeyRef").Select(m => (YamlMappingNode)m.Value))
            {
                if (Output.Str(reference, "optional") != "true") yield return (Output.Str(reference, "name")!, Output.Str(reference, "key")!);
            }
            foreach (var volume in Output.Seq(document, "spec", "template", "spec", "volumes"))
            {
                if (Output.Node(volume, "secret") is not YamlMappingNode secret) continue;
                foreach (var item in Output.Seq(secret, "items")) yield return (Output.Str(secret, "secretName")!, Output.Str(item, "key")!);
            }
        }
    }

    private static IEnumerable<KeyValuePair<string, YamlNode>> Walk(YamlNode node)
    {
        switch (node)
        {
            case YamlMappingNode mapping:
                foreach (var (key, value) in mapping.Children)
                {
                    yield return new(((YamlScalarNode)key).Value!, value);
                    foreach (var inner in Walk(value)) yield return inner;
                }
                break;
            case YamlSequenceNode sequence:
                foreach (var item in sequence.Children)
                {
                    foreach (var inner in Walk(item)) yield return inner;
                }
                break;
        }
    }

    [Fact]
    public void Inline_values_are_listed_as_rendered_and_never_printed()
    {
        foreach (var format in new[] { "text", "json" })
        {
            var run = Checklist("inline", "-o", format);
            Assert.Equal(0, run.ExitCode);
            SecretHygiene.AssertNotShown(run, "not-a-real-discord-token", "not-a-real-stt-key");
        }
        var json = JsonNode.Parse(Checklist("inline", "-o", "json").Output)!["agentSets"]![0]!;
        var inline = Assert.Single(json["inlineSecrets"]!.AsArray())!;
        Assert.Equal("lab-tinker", inline["name"]!.GetValue<string>());
        Assert.Equal(["discord-bot-token", "stt-api-key"], inline["usedBy"]!.AsArray().Select(u => u!["key"]!.GetValue<string>()));
        Assert.Contains("they land in git", Checklist("inline").Output, StringComparison.Ordinal);
    }

    /// <summary>
    /// Which chat token a variable carries, from which field, is one fact: the checklist describes
    /// each token's key as the credential check names it when a secretEnv would hand it to the agent.
    /// </summary>
    [Fact]
    public void Each_chat_token_is_described_as_the_credential_check_names_it()
    {
        string Set(string secretEnv) => _dir.Write("chat.yaml", $$"""
            apiVersion: agentset.dev/v1alpha1
            kind: AgentSet
            metadata: {name: team, namespace: agents}
            spec:
              agents:
                kiro:
                  discord: {botTokenSecretRef: {name: chat, key: discord}, allowedChannels: ["123456789012345678"]}
                  slack: {enabled: true, botTokenSecretRef: {name: chat, key: slack-bot}, appTokenSecretRef: {name: chat, key: slack-app} }
                  {{secretEnv}}
            """);
        var run = Binary.Run(null, null, "checklist", Set(""), "-o", "json");
        Assert.True(run.ExitCode == 0, run.Error);
        var uses = JsonNode.Parse(run.Output)!["agentSets"]![0]!["secrets"]!.AsArray().Single(s => (string)s!["name"]! == "chat")!["usedBy"]!.AsArray();
        Assert.Equal(["discord.botToken", "slack.appToken", "slack.botToken"], uses.Select(u => (string)u!["field"]!).Order(StringComparer.Ordinal));
        foreach (var use in uses)
        {
            var leak = Binary.Run(null, null, "validate", Set($"secretEnv: [{{name: COPY, secretName: chat, secretKey: {(string)use!["key"]!}}}]"));
            Assert.Equal(1, leak.ExitCode);
            Assert.Contains($"holds {(string)use["what"]!} of agent `kiro`", leak.Error, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Keys_of_one_Secret_are_one_kubectl_line_with_placeholders()
    {
        var output = Checklist("discord-s3").Output;
        var line = Assert.Single(output.Split('\n'), l => l.Contains("kubectl create secret generic claude-creds", StringComparison.Ordinal));
        Assert.Equal("kubectl create secret generic claude-creds -n agents --from-literal=discord=<DISCORD_BOT_TOKEN> --from-literal=anthropic=<ANTHROPIC_API_KEY> --from-literal=git=<git>",
            line.Trim());
        Assert.Contains("kubectl create secret generic minio-crew -n agents --from-literal=AWS_ACCESS_KEY_ID=<AWS_ACCESS_KEY_ID> --from-literal=AWS_SECRET_ACCESS_KEY=<AWS_SECRET_ACCESS_KEY>",
            output, StringComparison.Ordinal);
    }

    /// <summary>Each agent's storage part carries the commands `agentset policy --setup` prints for it alone: its role, its association, its policy.</summary>
    [Fact]
    public void Each_agent_gets_the_commands_that_give_it_its_own_prefix_and_a_rendered_ServiceAccount_need_not_exist()
    {
        var output = Checklist("identity").Output;
        Assert.Contains("ServiceAccount gemini-existing must exist", output, StringComparison.Ordinal);
        Assert.Contains("ServiceAccount team-codex is rendered by the AgentSet", output, StringComparison.Ordinal);
        Assert.DoesNotContain("ServiceAccount team-codex must exist", output, StringComparison.Ordinal);

        var json = JsonNode.Parse(Checklist("identity", "-o", "json").Output)!["agentSets"]![0]!["agents"]!.AsArray();
        List<string> Access(string agent) => [.. json.Single(a => a!["name"]!.GetValue<string>() == agent)!["storage"]!["access"]!.AsArray().Select(l => l!.GetValue<string>())];
        Assert.Contains(Access("codex"), l => l.StartsWith("aws eks create-pod-identity-association", StringComparison.Ordinal) && l.Contains("--service-account team-codex", StringComparison.Ordinal));
        Assert.Contains(Access("kiro"), l => l.StartsWith("aws iam create-role --role-name team-kiro ", StringComparison.Ordinal) && l.Contains("system:serviceaccount:agents:team-kiro", StringComparison.Ordinal));
        Assert.DoesNotContain(Access("kiro"), l => l.Contains("create-pod-identity-association", StringComparison.Ordinal));
        // One agent's policy names its prefix and no other.
        var policy = Assert.Single(Access("kiro"), l => l.StartsWith("aws iam put-role-policy", StringComparison.Ordinal));
        Assert.Contains("team/kiro/*", policy, StringComparison.Ordinal);
        Assert.DoesNotContain("team/codex", policy, StringComparison.Ordinal);
    }

    /// <summary>
    /// A Secret name or key from the user's own containers reaches the kubectl line as data: pasted
    /// as it is, the line runs nothing (its placeholders are a syntax error); with the placeholders
    /// filled in, kubectl gets the name and key as written.
    /// </summary>
    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")] // bash and a file mode
    public void A_hostile_Secret_name_or_key_is_quoted_in_the_kubectl_line()
    {
        var marker = Path.Combine(_dir, "ran");
        var yaml = AgentSetYaml.OneAgent("kiro", $$$"""
                  extraContainers:
                    - name: proxy
                      image: busybox:1.36
                      env:
                      - name: X
                        valueFrom: {secretKeyRef: {name: "creds$(touch {{{marker}}})", key: "pass word #$(touch {{{marker}}})"}}
            """);
        var file = Path.Combine(_dir, "agentset.yaml");
        File.WriteAllText(file, yaml);
        var json = JsonNode.Parse(Binary.Run(null, _dir, "checklist", "agentset.yaml", "-o", "json").Output)!;
        var line = json["agentSets"]![0]!["secrets"]!.AsArray().Select(s => s!["command"]!.GetValue<string>()).Single(c => c.Contains("creds", StringComparison.Ordinal));

        var stub = Path.Combine(_dir, "bin");
        Directory.CreateDirectory(stub);
        var argv = Path.Combine(_dir, "argv");
        File.WriteAllText(Path.Combine(stub, "kubectl"), $"#!/bin/sh\nprintf '%s\\n' \"$@\" > '{argv}'\n");
        File.SetUnixFileMode(Path.Combine(stub, "kubectl"), (UnixFileMode)Convert.ToInt32("755", 8));
        var env = new Dictionary<string, string> { ["PATH"] = $"{stub}:/usr/bin:/bin" };

        var pasted = Binary.Exec("/bin/bash", null, _dir, env, "-c", line);
        Assert.NotEqual(0, pasted.ExitCode);
        Assert.False(File.Exists(marker), $"pasting `{line}` ran a command");

        var filled = System.Text.RegularExpressions.Regex.Replace(line, "<[^<>]*>", "value");
        var run = Binary.Exec("/bin/bash", null, _dir, env, "-c", filled);
        Assert.True(run.ExitCode == 0, run.Error);
        Assert.False(File.Exists(marker), $"`{filled}` ran a command");
        var ns = json["agentSets"]![0]!["namespace"]?.GetValue<string>();
        string[] expected = ["create", "secret", "generic", $"creds$(touch {marker})", .. ns is null ? Array.Empty<string>() : ["-n", ns], $"--from-literal=pass word #$(touch {marker})=value"];
        Assert.Equal(expected, File.ReadAllLines(argv));
    }

    /// <summary>The minimum version is read off the rendered pods: native sidecars only when a backup sidecar is rendered.</summary>
    [Fact]
    public void The_minimum_Kubernetes_version_follows_what_is_rendered()
    {
        var sidecar = FunctionRunner.Fixture("kiro");
        var preStop = sidecar.Replace("          region: eu-west-1\n", "          region: eu-west-1\n          backup: preStop\n", StringComparison.Ordinal);
        Assert.NotEqual(sidecar, preStop);
        Assert.Equal("1.29", MinimumVersion(sidecar));
        Assert.Equal("1.19", MinimumVersion(preStop));
    }

    private string MinimumVersion(string agentSet)
    {
        var file = Path.Combine(_dir, "agentset.yaml");
        File.WriteAllText(file, agentSet);
        var run = Binary.Run(null, null, "checklist", file, "-o", "json");
        Assert.Equal(0, run.ExitCode);
        return JsonNode.Parse(run.Output)!["agentSets"]![0]!["kubernetes"]!["minimumVersion"]!.GetValue<string>();
    }

    [Fact]
    public void An_invalid_AgentSet_fails_as_render_does_naming_the_field_and_the_file()
    {
        var file = Path.Combine(_dir, "bad.yaml");
        File.WriteAllText(file, FunctionRunner.Fixture("kiro").Replace("bucket: agent-logins", "bucket: \"\"", StringComparison.Ordinal));
        var run = Binary.Run(null, null, "checklist", file);
        Assert.Equal(1, run.ExitCode);
        Assert.Equal("", run.Output);
        Assert.Contains($"spec.agents.kiro.persistence.s3.bucket ({file})", run.Error, StringComparison.Ordinal);
        Assert.Equal(Binary.Run(null, null, "render", file).Error, run.Error);
    }

    [Fact]
    public void A_missing_file_and_an_unknown_format_exit_1()
    {
        var missing = Binary.Run(null, null, "checklist", Path.Combine(_dir, "absent.yaml"));
        Assert.Equal(1, missing.ExitCode);
        Assert.Equal("", missing.Output);
        Assert.Contains("absent.yaml", missing.Error, StringComparison.Ordinal);

        var format = Binary.Run(null, CaseDirectory("gateway"), "checklist", "agentset.yaml", "-o", "yaml");
        Assert.Equal(1, format.ExitCode);
        Assert.Contains("yaml", format.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Under_kpt_the_checklist_is_info_results_only_when_the_AgentSet_asks()
    {
        var agentSet = File.ReadAllText(Path.Combine(CaseDirectory("discord-s3"), "agentset.yaml"));
        var plain = FunctionRunner.RunKrm(agentSet);
        Assert.Equal(0, plain.ExitCode);
        Assert.DoesNotContain("checklist:", plain.Output, StringComparison.Ordinal);

        var asked = FunctionRunner.RunKrm(agentSet.Replace("  namespace: agents\n", $"  namespace: agents\n  annotations:\n    {ChecklistResults.Annotation}: \"true\"\n", StringComparison.Ordinal));
        Assert.Equal(0, asked.ExitCode);
        var results = Output.Seq(Output.Documents(asked.Output)[0], "results")
            .Where(r => Output.Str(r, "message")!.StartsWith("checklist: ", StringComparison.Ordinal)).ToList();
        Assert.All(results, r => Assert.Equal("info", Output.Str(r, "severity")));
        Assert.Contains(results, r => Output.Str(r, "message")!.Contains("kubectl create secret generic claude-creds -n agents", StringComparison.Ordinal)
            && Output.Str(r, "field", "path") == "spec.agents.claude.discord.botToken");
        Assert.Contains(results, r => Output.Str(r, "message")!.Contains("kiro-cli login --use-device-flow", StringComparison.Ordinal));
        Assert.Contains(results, r => Output.Str(r, "message")!.Contains("needs Kubernetes 1.29", StringComparison.Ordinal));
        // The rendered objects are the same with or without the results.
        Assert.Equal(Items(plain.Output), Items(asked.Output));

        var wrong = FunctionRunner.RunKrm(agentSet.Replace("  namespace: agents\n", $"  namespace: agents\n  annotations:\n    {ChecklistResults.Annotation}: \"yes\"\n", StringComparison.Ordinal));
        Assert.Equal(0, wrong.ExitCode);
        Assert.Contains(Output.Seq(Output.Documents(wrong.Output)[0], "results"),
            r => Output.Str(r, "severity") == "warning" && Output.Str(r, "field", "path") == $"metadata.annotations.{ChecklistResults.Annotation}");
    }

    private static string[] Items(string resourceList) =>
        [.. Output.Seq(Output.Documents(resourceList)[0], "items").Select(i => $"{Output.Str(i, "kind")}/{Output.Str(i, "metadata", "name")}")];

    /// <summary>docs/first-login.md is generated from the CLI table; AGENTSET_UPDATE_GOLDEN=1 rewrites it.</summary>
    [Fact]
    public void The_first_login_page_is_generated_from_the_CLI_table()
    {
        Golden.AssertMatches(Path.Combine(Repo.Root, "docs", "first-login.md"), FirstLoginGuide.Page());
    }

    /// <summary>The guide names the table's own login files and persisted paths, so docs and persistence cannot disagree.</summary>
    [Fact]
    public void The_first_login_page_names_each_CLI_s_login_files_from_the_table()
    {
        var page = FirstLoginGuide.Page();
        foreach (var cli in KnownClis.All)
        {
            var section = page[page.IndexOf($"\n## {cli.Command}\n", StringComparison.Ordinal)..];
            var next = section.IndexOf("\n## ", 1, StringComparison.Ordinal);
            section = next < 0 ? section : section[..next];
            foreach (var file in cli.LoginFiles) Assert.Contains($"`~/{file}`", section, StringComparison.Ordinal);
            Assert.False(string.IsNullOrWhiteSpace(cli.FirstLogin.Source), $"{cli.Command} names no source");
            Assert.Contains(cli.FirstLogin.Source, section, StringComparison.Ordinal);
        }
    }

    /// <summary>Per agent, the login runs in the agent container of its own Deployment, in its namespace.</summary>
    [Fact]
    public void The_agent_s_login_command_has_its_real_names()
    {
        var agents = JsonNode.Parse(Checklist("two-sets", "-o", "json").Output)!["agentSets"]![1]!["agents"]!.AsArray();
        var copilot = agents.Single(a => a!["name"]!.GetValue<string>() == "copilot")!["firstLogin"]!;
        Assert.Equal("kubectl exec -it -n team-b deploy/beta-copilot -c openab -- copilot login", copilot["command"]!.GetValue<string>());
        Assert.Equal("/home/node/.copilot/config.json", copilot["files"]![0]!["path"]!.GetValue<string>());
        Assert.Equal("aws s3 ls s3://org-agent-logins/beta/copilot/.copilot/config.json", copilot["listCommands"]![0]!.GetValue<string>());
    }
}
