using System.Diagnostics;
using System.Runtime.Versioning;
using System.Text.Json.Nodes;
using AgentSetFn.Access;
using AgentSetFn.Api;
using AgentSetFn.Tests.Support;
using AgentSetFn.Validation;
using KrmFn;
using YamlDotNet.RepresentationModel;

namespace AgentSetFn.Tests.Access;

/// <summary>
/// `agentset policy`: its output for each fixtures/policy/&lt;case&gt;/agentset.yaml, byte for byte
/// (one file per form: policy.json, per-agent.json, agent-&lt;name&gt;.json, setup.sh), its refusals,
/// and the setup lines run by bash against stand-ins for aws, kubectl and mc that record their
/// arguments: every policy they are handed is the one the command prints.
/// </summary>
public sealed class PolicyCommandTests : IDisposable
{
    private readonly TempDirectory _dir = new("agentset-policy-cli-");

    public void Dispose() => _dir.Dispose();

    private static string Case(string name) => Path.Combine(Repo.Fixtures, "policy", name);

    [Theory]
    [InlineData("aws", "policy.json", "--aws")]
    [InlineData("aws", "per-agent.json", "--aws", "--per-agent")]
    [InlineData("aws", "agent-kiro.json", "--aws", "--agent", "kiro")]
    [InlineData("aws", "setup.sh", "--aws", "--setup")]
    [InlineData("aws", "minio.json", "--minio")]
    [InlineData("minio", "policy.json", "--minio")]
    [InlineData("minio", "setup.sh", "--minio", "--setup")]
    [InlineData("china", "policy.json", "--aws")]
    [InlineData("china", "setup.sh", "--aws", "--setup")]
    public void Policy_prints_its_golden_output(string name, string expected, params string[] args)
    {
        var run = Binary.Run(null, null, ["policy", Path.Combine(Case(name), "agentset.yaml"), .. args]);
        Assert.True(run.ExitCode == 0, run.Error);
        Golden.AssertMatches(Path.Combine(Case(name), expected), run.Output);
        // Deterministic: the same input gives the same bytes.
        Assert.Equal(run.Output, Binary.Run(null, null, ["policy", Path.Combine(Case(name), "agentset.yaml"), .. args]).Output);
    }

    [Theory]
    [InlineData("neither", "error: choose the policy's language: --aws or --minio")]
    [InlineData("both", "error: choose the policy's language: --aws or --minio")]
    [InlineData("per-agent and setup", "error: --per-agent prints policies, --setup shell lines: choose one")]
    [InlineData("no agent on minio", "error: no agent keeps its login in an S3-compatible store (persistence.s3 on, an endpoint not AWS's)")]
    [InlineData("unknown agent", "error: no agent `nobody` keeps its login in AWS S3 (persistence.s3 on, no endpoint or one of AWS's own)")]
    [InlineData("agent on the other store", "error: no agent `opencode` keeps its login in AWS S3 (persistence.s3 on, no endpoint or one of AWS's own)")]
    public void Policy_refuses_what_it_can_not_print(string what, string error)
    {
        var file = Path.Combine(Case(what == "no agent on minio" ? "china" : "aws"), "agentset.yaml");
        string[] args = what switch
        {
            "neither" => [],
            "both" => ["--aws", "--minio"],
            "per-agent and setup" => ["--aws", "--per-agent", "--setup"],
            "no agent on minio" => ["--minio"],
            "unknown agent" => ["--aws", "--agent", "nobody"],
            _ => ["--aws", "--agent", "opencode"],
        };
        var run = Binary.Run(null, null, ["policy", file, .. args]);
        Assert.Equal(1, run.ExitCode);
        Assert.Equal("", run.Output);
        Assert.Contains(error + "\n", run.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("validate")]
    [InlineData("render")]
    [InlineData("checklist")]
    [InlineData("policy", "--aws", "--setup")]
    public void The_same_AgentSet_twice_is_refused_by_every_command(params string[] command)
    {
        var text = File.ReadAllText(Path.Combine(Case("aws"), "agentset.yaml"));
        _dir.Write("a.yaml", text);
        _dir.Write("b.yaml", text);
        var run = Binary.Run(null, null, [command[0], _dir.Path, .. command[1..]]);
        Assert.Equal(1, run.ExitCode);
        Assert.Equal("", run.Output);
        Assert.Contains("error: ", run.Error, StringComparison.Ordinal);
    }

    private static string SetOn(string set, string s3) => $$"""
        apiVersion: agentset.dev/v1alpha1
        kind: AgentSet
        metadata: {name: {{set}}, namespace: agents}
        spec:
          agents:
            codex:
              command: codex-acp
              discord: {botTokenSecretRef: {name: discord, key: tok}, allowedChannels: ["123456789012345678"]}
              persistence:
                s3: {enabled: true, bucket: bkt1, region: eu-west-1, {{s3}}}

        """;

    [Theory]
    [InlineData("prefix: shared/p, credentialsSecret: keys", "prefix: shared/p, credentialsSecret: keys", "persistence.s3", "keep their logins in the same place, s3://bkt1/shared/p")]
    [InlineData("prefix: shared, credentialsSecret: keys", "prefix: shared/p, credentialsSecret: keys", "persistence.s3", "one inside the other")]
    [InlineData("serviceAccount: {identity: irsa, roleArn: \"arn:aws:iam::111122223333:role/r\", name: sa}", "serviceAccount: {identity: irsa, roleArn: \"arn:aws:iam::111122223333:role/r2\", name: sa}", "persistence.s3.serviceAccount", "both run as ServiceAccount `sa`")]
    [InlineData("serviceAccount: {identity: irsa, roleArn: \"arn:aws:iam::111122223333:role/r\"}", "serviceAccount: {identity: irsa, roleArn: \"arn:aws:iam::111122223333:role/r\"}", "persistence.s3.serviceAccount.roleArn", "both assume IAM role `r`")]
    // IAM role names are unique in an account whatever their case, and the path is not part of the name.
    [InlineData("serviceAccount: {identity: irsa, roleArn: \"arn:aws:iam::111122223333:role/Team-R\"}", "serviceAccount: {identity: irsa, roleArn: \"arn:aws:iam::111122223333:role/ops/team-r\"}", "persistence.s3.serviceAccount.roleArn", "both assume IAM role `team-r`")]
    public void Agents_of_two_AgentSets_sharing_a_login_store_or_identity_are_refused(string alpha, string beta, string field, string message)
    {
        _dir.Write("a.yaml", SetOn("alpha", alpha));
        var b = _dir.Write("b.yaml", SetOn("beta", beta));
        foreach (var command in new[] { new[] { "validate" }, ["render"], ["policy", "--aws", "--setup"] })
        {
            var run = Binary.Run(null, null, [command[0], _dir.Path, .. command[1..]]);
            Assert.True(run.ExitCode == 1, string.Join(' ', command) + ": " + run.Error);
            Assert.Equal("", run.Output);
            Assert.Contains($"error: spec.agents.codex.{field} ({b}): agents `alpha/codex` in `", run.Error, StringComparison.Ordinal);
            Assert.Contains(message, run.Error, StringComparison.Ordinal);
        }
    }

    /// <summary>
    /// Without roleArn an agent assumes the role the setup creates under its name, shortened to IAM's
    /// 64 characters; a clash on it names that very role. (A name that long is refused as a
    /// Kubernetes name too, so no command prints its setup: the lines are built as the command builds them.)
    /// </summary>
    [Fact]
    public void A_role_clash_names_the_role_the_setup_creates_for_a_name_longer_than_iam_takes()
    {
        static ResolvedAgent AgentIn(string ns)
        {
            var yaml = $$"""
                apiVersion: agentset.dev/v1alpha1
                kind: AgentSet
                metadata: {name: team-of-agents, namespace: {{ns}} }
                spec:
                  agents:
                    {{new string('k', 60)}}:
                      discord: {botTokenSecretRef: {name: discord, key: token}, allowedChannels: ["123456789012345678"]}
                      persistence: {s3: {enabled: true, bucket: bkt1, region: eu-west-1, image: {tag: 2.15.0}, serviceAccount: {identity: podIdentity} } }
                """;
            var set = AgentSetReader.Read((YamlMappingNode)ResourceListIo.ParseDocuments(yaml)[0], new SourceLocation($"{ns}.yaml", 0)).Definition!;
            return ResolvedAgent.Resolve(set, set.Agents.Single());
        }
        var (one, two) = (AgentIn("one"), AgentIn("two"));
        Assert.True(one.Name.Length > 64);

        var createRole = Assert.Single(StorageAccessSetup.Lines(StorageAccess.Of([one], PolicyDialect.Aws)), l => l.StartsWith("aws iam create-role ", StringComparison.Ordinal));
        var role = ArgumentAfter(createRole.Split(' '), "--role-name").Single();
        Assert.Equal(64, role.Length);
        var conflict = Assert.Single(StorageIdentityChecks.Conflicts([one, two], a => a.Set.Namespace!));
        Assert.Contains($"both assume IAM role `{role}`:", conflict.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_invalid_AgentSet_prints_no_policy()
    {
        var file = _dir.Write("bad.yaml", File.ReadAllText(Path.Combine(Case("aws"), "agentset.yaml"))
            .Replace("roleArn: \"arn:aws:iam::111122223333:role/team-kiro\"", "roleArn: \"not-an-arn\"", StringComparison.Ordinal));
        var run = Binary.Run(null, null, "policy", file, "--aws");
        Assert.Equal(1, run.ExitCode);
        Assert.Equal("", run.Output);
        Assert.Contains($"error: spec.agents.kiro.persistence.s3.serviceAccount.roleArn ({file}): `not-an-arn` is not an IAM role ARN", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Agents_on_the_other_store_are_named_on_stderr()
    {
        var run = Binary.Run(null, null, "policy", Path.Combine(Case("aws"), "agentset.yaml"), "--aws");
        Assert.Contains("note: not covered, their logins are not in AWS S3 (persistence.s3 on, no endpoint or one of AWS's own): team/opencode (see --minio)", run.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("aws", "--aws")]
    [InlineData("minio", "--minio")]
    [InlineData("china", "--aws")]
    [UnsupportedOSPlatform("windows")]
    public void The_setup_lines_hand_each_role_and_user_exactly_its_agents_policy(string name, string dialect)
    {
        var agentSet = Path.Combine(Case(name), "agentset.yaml");
        var setup = Binary.Run(null, null, "policy", agentSet, dialect, "--setup");
        Assert.True(setup.ExitCode == 0, setup.Error);
        var calls = RunSetup(setup.Output);

        // Each role's or user's policy document parses, and is the policy the command prints for its agents.
        var perAgent = JsonNode.Parse(Binary.Run(null, null, "policy", agentSet, dialect, "--per-agent").Output)!.AsArray()
            .ToDictionary(e => (string)e!["agent"]!, e => e!["policy"]!.ToJsonString(), StringComparer.Ordinal);
        var documents = calls.SelectMany(c => ArgumentAfter(c, "--policy-document").Concat(c[0] == "mc" ? ArgumentAfter(c, "<stdin>") : [])).ToList();
        Assert.NotEmpty(documents);
        var statements = documents.SelectMany(d => JsonNode.Parse(d)!["Statement"]!.AsArray().Select(s => s!.ToJsonString())).ToList();
        var expected = perAgent.Values.SelectMany(p => JsonNode.Parse(p)!["Statement"]!.AsArray().Select(s => s!.ToJsonString())).ToList();
        Assert.Equal(expected.Order(StringComparer.Ordinal), statements.Order(StringComparer.Ordinal));

        // IRSA's trust names the cluster's OIDC provider and the agent's ServiceAccount, as the shell filled them in.
        foreach (var trust in calls.SelectMany(c => ArgumentAfter(c, "--assume-role-policy-document")))
        {
            var document = JsonNode.Parse(trust)!;
            var statement = document["Statement"]![0]!;
            if (statement["Principal"]!["Federated"] is { } federated)
            {
                Assert.EndsWith(":oidc-provider/oidc.eks.test.amazonaws.com/id/0123", (string)federated!, StringComparison.Ordinal);
                var subject = (string)statement["Condition"]!["StringEquals"]!["oidc.eks.test.amazonaws.com/id/0123:sub"]!;
                Assert.StartsWith("system:serviceaccount:agents:", subject, StringComparison.Ordinal);
                Assert.Equal("sts.amazonaws.com", (string)statement["Condition"]!["StringEquals"]!["oidc.eks.test.amazonaws.com/id/0123:aud"]!);
            }
            else
            {
                Assert.Equal("pods.eks.amazonaws.com", (string)statement["Principal"]!["Service"]!);
            }
        }
        // No key is ever an argument: it goes from create-access-key to kubectl through a pipe.
        Assert.DoesNotContain(calls, c => c.TakeWhile(a => a != "<stdin>").Any(a => a.Contains("AKIAEXAMPLE", StringComparison.Ordinal) || a.Contains("secret-example", StringComparison.Ordinal)));
        foreach (var secret in calls.Where(c => c is ["kubectl", "create", "secret", ..]))
            Assert.Equal("AWS_ACCESS_KEY_ID=AKIAEXAMPLE AWS_SECRET_ACCESS_KEY=secret-example ", ArgumentAfter(secret, "<stdin>").Single());
    }

    private string AwsSet(string agents, string metadata = "{name: team, namespace: agents}") => _dir.Write("set.yaml", $$$"""
        apiVersion: agentset.dev/v1alpha1
        kind: AgentSet
        metadata: {{{metadata}}}
        spec:
          defaults:
            discord: {botTokenSecretRef: {name: discord, key: token}, allowedChannels: ["123456789012345678"]}
            persistence: {s3: {enabled: true, bucket: bkt1, region: eu-west-1}}
          agents:
        {{{agents}}}
        """);

    [Fact]
    [UnsupportedOSPlatform("windows")]
    public void A_role_path_with_shell_syntax_is_one_quoted_word_and_never_runs()
    {
        var marker = _dir.At("ran");
        var arn = $"arn:aws:iam::111122223333:role/$(touch${{IFS}}{marker})/x;touch${{IFS}}{marker}2;#/team-kiro";
        var file = AwsSet("    kiro:\n      persistence: {s3: {image: {tag: 2.15.0}, serviceAccount: {identity: podIdentity, roleArn: \"" + arn + "\"}}}");
        var setup = Binary.Run(null, null, "policy", file, "--aws", "--setup");
        Assert.True(setup.ExitCode == 0, setup.Error);
        var calls = RunSetup(setup.Output);
        Assert.False(File.Exists(marker));
        Assert.False(File.Exists(marker + "2"));
        Assert.Equal(arn[(arn.IndexOf(":role", StringComparison.Ordinal) + 5)..(arn.LastIndexOf('/') + 1)], Assert.Single(calls.SelectMany(c => ArgumentAfter(c, "--path"))));
        Assert.Equal(arn, Assert.Single(calls.SelectMany(c => ArgumentAfter(c, "--role-arn"))));
    }

    [Fact]
    [UnsupportedOSPlatform("windows")]
    public void Setup_for_one_agent_gives_a_shared_keys_user_every_reader_s_prefix()
    {
        var agentSet = Path.Combine(Case("aws"), "agentset.yaml");
        var setup = Binary.Run(null, null, "policy", agentSet, "--aws", "--setup", "--agent", "claude");
        Assert.True(setup.ExitCode == 0, setup.Error);
        Assert.Contains("team/gemini", setup.Error, StringComparison.Ordinal);
        Assert.Contains("each can read the others' logins", setup.Output, StringComparison.Ordinal);
        var calls = RunSetup(setup.Output);
        var document = JsonNode.Parse(Assert.Single(calls.Where(c => c is [_, "iam", "put-user-policy", ..]).SelectMany(c => ArgumentAfter(c, "--policy-document"))))!;
        var resources = document["Statement"]!.AsArray().Select(s => s!["Resource"]!.ToJsonString()).ToList();
        Assert.Contains(resources, r => r.Contains("logins/claude/*", StringComparison.Ordinal));
        Assert.Contains(resources, r => r.Contains("logins/gemini/*", StringComparison.Ordinal));
    }

    [Fact]
    [UnsupportedOSPlatform("windows")]
    public void Without_a_namespace_the_setup_takes_it_from_the_shell_and_kubectl_from_its_context()
    {
        var file = AwsSet("""
                kiro:
                  persistence: {s3: {serviceAccount: {identity: irsa, roleArn: "arn:aws:iam::111122223333:role/team-kiro"}}}
                codex:
                  command: codex-acp
                  persistence: {s3: {image: {tag: 2.15.0}, serviceAccount: {identity: podIdentity}}}
                claude:
                  command: claude-agent-acp
                  persistence: {s3: {credentialsSecret: keys}}
            """, "{name: team}");
        var setup = Binary.Run(null, null, "policy", file, "--aws", "--setup");
        Assert.True(setup.ExitCode == 0, setup.Error);
        Assert.DoesNotContain("default", setup.Output, StringComparison.Ordinal);
        Assert.Contains("${NAMESPACE:?", setup.Output, StringComparison.Ordinal);
        var calls = RunSetup(setup.Output, ("NAMESPACE", "lab"));
        var trust = JsonNode.Parse(calls.SelectMany(c => ArgumentAfter(c, "--assume-role-policy-document")).First(t => t.Contains("Federated", StringComparison.Ordinal)))!;
        Assert.Equal("system:serviceaccount:lab:team-kiro", (string)trust["Statement"]![0]!["Condition"]!["StringEquals"]!["oidc.eks.test.amazonaws.com/id/0123:sub"]!);
        Assert.Equal("lab", Assert.Single(calls.Where(c => c is [_, "eks", "create-pod-identity-association", ..]).SelectMany(c => ArgumentAfter(c, "--namespace"))));
        Assert.Equal("lab-keys", Assert.Single(calls.Where(c => c is [_, "iam", "create-user", ..]).SelectMany(c => ArgumentAfter(c, "--user-name"))));
        var secret = Assert.Single(calls, c => c is ["kubectl", "create", "secret", ..]);
        Assert.DoesNotContain("--namespace", secret);
        Assert.DoesNotContain("-n", secret);
        // Without NAMESPACE the script stops before any call.
        var bin = _dir.At("bin");
        var start = new ProcessStartInfo("bash") { RedirectStandardError = true, RedirectStandardOutput = true };
        start.ArgumentList.Add(_dir.At("setup.sh"));
        start.Environment["PATH"] = $"{bin}:/usr/bin:/bin";
        start.Environment["CLUSTER"] = "test-cluster";
        start.Environment.Remove("NAMESPACE");
        File.Delete(_dir.At("calls.log"));
        using var process = Process.Start(start)!;
        Assert.Contains("set NAMESPACE", process.StandardError.ReadToEnd(), StringComparison.Ordinal);
        process.WaitForExit();
        Assert.NotEqual(0, process.ExitCode);
        Assert.False(File.Exists(_dir.At("calls.log")));
    }

    [Fact]
    [UnsupportedOSPlatform("windows")]
    public void A_user_name_longer_than_iam_takes_is_shortened_the_same_way_each_time()
    {
        var ns = new string('n', 50);
        var file = AwsSet("""
                kiro:
                  persistence: {s3: {credentialsSecret: keys-of-the-kiro-agent-in-this-namespace}}
                codex:
                  command: codex-acp
                  persistence: {s3: {credentialsSecret: keys-of-the-kiro-agent-in-this-namespacf}}
            """, $"{{name: team, namespace: {ns}}}");
        var setup = Binary.Run(null, null, "policy", file, "--aws", "--setup");
        Assert.True(setup.ExitCode == 0, setup.Error);
        var users = RunSetup(setup.Output).Where(c => c is [_, "iam", "create-user", ..]).SelectMany(c => ArgumentAfter(c, "--user-name")).ToList();
        Assert.Equal(2, users.Count);
        Assert.All(users, u => Assert.Equal(64, u.Length));
        Assert.All(users, u => Assert.StartsWith(ns + "-keys", u, StringComparison.Ordinal));
        Assert.NotEqual(users[0], users[1]);
    }

    [Fact]
    [UnsupportedOSPlatform("windows")]
    public void Each_minio_server_has_its_own_alias()
    {
        var file = _dir.Write("m2.yaml", """
            apiVersion: agentset.dev/v1alpha1
            kind: AgentSet
            metadata: {name: team, namespace: agents}
            spec:
              defaults:
                discord: {botTokenSecretRef: {name: discord, key: tok}, allowedChannels: ["123456789012345678"]}
              agents:
                kiro:
                  persistence: {s3: {enabled: true, bucket: bkt1, endpoint: "http://minio-a.minio.svc:9000", credentialsSecret: keys-a}}
                codex:
                  command: codex-acp
                  persistence: {s3: {enabled: true, bucket: bkt1, endpoint: "http://minio-b.other.svc:9000", credentialsSecret: keys-b}}
            """);
        var setup = Binary.Run(null, null, "policy", file, "--minio", "--setup");
        Assert.True(setup.ExitCode == 0, setup.Error);
        var calls = RunSetup(setup.Output, ("MINIO_ALIAS_1", "a"), ("MINIO_ALIAS_2", "b"));
        var creates = calls.Where(c => c is ["mc", "admin", "policy", "create", ..]).ToDictionary(c => c[5], c => c[4], StringComparer.Ordinal);
        Assert.Equal("a", creates["agents-keys-a"]);
        Assert.Equal("b", creates["agents-keys-b"]);
    }

    [Fact]
    public void The_checklist_prints_a_shared_keys_user_once_and_the_external_store_step()
    {
        var run = Binary.Run(null, null, "checklist", Path.Combine(Case("aws"), "agentset.yaml"), "-o", "json");
        Assert.True(run.ExitCode == 0, run.Error);
        var agents = JsonNode.Parse(run.Output)!["agentSets"]![0]!["agents"]!.AsArray().ToDictionary(a => (string)a!["name"]!, a => a!["storage"]!, StringComparer.Ordinal);
        var claude = agents["claude"]["access"]!.AsArray().Select(l => (string)l!).ToList();
        var policy = JsonNode.Parse(claude.Single(l => l.Contains("put-user-policy", StringComparison.Ordinal)).Split(" --policy-document ")[1].Trim('\''))!;
        Assert.Equal(4, policy["Statement"]!.AsArray().Count);
        Assert.Empty(agents["gemini"]["access"]!.AsArray());
        Assert.Contains("set up under agent claude", (string)agents["gemini"]["shared"]!, StringComparison.Ordinal);
        Assert.Contains("each can read the others' logins", (string)agents["claude"]["shared"]!, StringComparison.Ordinal);
        Assert.Contains(agents["copilot"]["access"]!.AsArray(), l => ((string)l!).StartsWith("aws iam create-access-key", StringComparison.Ordinal)
            && ((string)l!).Contains("external store", StringComparison.Ordinal));
    }

    /// <summary>Runs the setup script with aws, kubectl and mc replaced by recorders; returns each call's arguments.</summary>
    [UnsupportedOSPlatform("windows")]
    private List<string[]> RunSetup(string script, params (string Name, string Value)[] environment)
    {
        var bin = Directory.CreateDirectory(_dir.At("bin")).FullName;
        var log = _dir.At("calls.log");
        foreach (var tool in new[] { "aws", "kubectl", "mc" })
        {
            // One call per line: the tool's name, then each argument NUL-separated. aws answers what the script reads from it.
            File.WriteAllText(Path.Combine(bin, tool), $$"""
                #!/bin/bash
                # The call is written to the log in one append: tools in one pipeline run at once.
                call=$(mktemp)
                printf '%s' '{{tool}}' >> "$call"
                for a in "$@"; do printf '\0%s' "$a" >> "$call"; done
                case "$*" in *"/dev/stdin"*) printf '\0<stdin>\0%s' "$(cat | tr '\n' ' ')" >> "$call" ;; esac
                printf '\n' >> "$call"
                cat "$call" >> '{{log}}'
                rm -f "$call"
                case "$*" in
                  *"sts get-caller-identity"*) echo 111122223333 ;;
                  *"eks describe-cluster"*) echo https://oidc.eks.test.amazonaws.com/id/0123 ;;
                  *"iam create-access-key"*) printf 'AKIAEXAMPLE\tsecret-example\n' ;;
                  *"get secret"*) echo bWluaW8tdXNlcg== ;;
                esac
                """.Replace("\r", "", StringComparison.Ordinal));
            File.SetUnixFileMode(Path.Combine(bin, tool), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
        var scriptFile = _dir.Write("setup.sh", script);
        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true };
        start.ArgumentList.Add(scriptFile);
        start.Environment["PATH"] = $"{bin}:/usr/bin:/bin";
        start.Environment["CLUSTER"] = "test-cluster";
        start.Environment["MINIO_ALIAS"] = "lab";
        start.Environment["ROLE"] = "node-role";
        start.Environment["NAMESPACE"] = "agents";
        foreach (var (name, value) in environment) start.Environment[name] = value;
        using var process = Process.Start(start)!;
        process.StandardInput.Close();
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEnd();
        Assert.True(process.WaitForExit(60_000));
        Assert.True(process.ExitCode == 0, stdout + stderr.Result);
        return [.. File.ReadAllLines(log).Select(line => line.Split('\0'))];
    }

    private static IEnumerable<string> ArgumentAfter(string[] call, string option)
    {
        for (var i = 0; i < call.Length - 1; i++)
        {
            if (call[i] == option) yield return call[i + 1];
        }
    }
}
