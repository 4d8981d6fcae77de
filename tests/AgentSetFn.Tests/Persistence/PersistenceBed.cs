using System.Security.Cryptography;
using System.Text;
using AgentSetFn.Layout;
using AgentSetFn.Rendering;
using AgentSetFn.Tests.Support;
using YamlDotNet.RepresentationModel;

namespace AgentSetFn.Tests.Persistence;

/// <summary>
/// What the persistence tests share: AgentSets rendered in-process against the test's S3 server,
/// the pods that run their Deployments, and realistic home directories for each CLI.
/// </summary>
internal static class PersistenceBed
{
    public const string Restore = PodLayout.RestoreContainer;
    public const string Backup = PodLayout.BackupContainer;
    public const string Agent = PodLayout.AgentContainer;
    public const string Marker = PersistenceScripts.RestoredMarker;
    public const string SetName = "team";
    public const string CredentialsSecret = "s3-keys";

    /// <summary>The shortest interval validation allows; rendered, then shortened for the loop tests (see <see cref="FastSync"/>).</summary>
    public const int RenderedSyncInterval = 10;

    /// <summary>
    /// The one env change beyond what a kubelet does: the loop's interval, from the rendered 10s
    /// (validation's minimum) to 1s, so periodic rounds do not dominate the suite's time.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, string> FastSync = new Dictionary<string, string>(StringComparer.Ordinal) { ["AGENTSET_SYNC_INTERVAL"] = "1" };

    public static TheoryData<string> Clis => ["kiro", "claude", "codex", "gemini", "copilot", "opencode", "cursor", "kimi", "pi", "hermes", "grok"];

    private static readonly Dictionary<string, string> Commands = new(StringComparer.Ordinal)
    {
        ["kiro"] = "kiro-cli",
        ["claude"] = "claude-agent-acp",
        ["codex"] = "codex-acp",
        ["gemini"] = "gemini",
        ["copilot"] = "copilot",
        ["opencode"] = "opencode",
        ["cursor"] = "cursor-agent",
        ["kimi"] = "kimi",
        ["pi"] = "pi-acp",
        ["hermes"] = "hermes-acp",
        ["grok"] = "grok",
    };

    /// <summary>The S3 prefix of an agent with the default prefix: &lt;set&gt;/&lt;agent&gt;.</summary>
    public static string Prefix(string agent) => $"{SetName}/{agent}";

    /// <summary>An AgentSet of the named agents (each a CLI's default agent) sharing one bucket.</summary>
    public static string AgentSet(string bucket, string? endpoint, IEnumerable<string> agents, string backup = "sidecar", string? region = null)
    {
        var yaml = new StringBuilder($"""
            apiVersion: agentset.dev/v1alpha1
            kind: AgentSet
            metadata:
              name: {SetName}
            spec:
              agents:

            """);
        foreach (var agent in agents)
        {
            yaml.Append($$"""
                    {{agent}}:
                      command: {{Commands[agent]}}
                      discord:
                        botTokenSecretRef: {name: discord, key: token}
                        allowedChannels: ["123456789012345678"]
                      persistence:
                        s3:
                          enabled: true
                          bucket: {{bucket}}
                          credentialsSecret: {{CredentialsSecret}}
                          syncIntervalSeconds: {{RenderedSyncInterval}}
                          backup: {{backup}}

                """);
            if (endpoint is not null) yaml.Append($"          endpoint: {endpoint}\n");
            if (region is not null) yaml.Append($"          region: {region}\n");
        }
        return yaml.ToString();
    }

    /// <summary>Renders the AgentSet through the function, as kpt would, and returns one agent's Deployment.</summary>
    public static YamlMappingNode Deployment(string agentSet, string agent)
    {
        var run = FunctionRunner.RunKrm(agentSet);
        Assert.True(run.ExitCode == 0, run.Error + run.Output);
        return new Output(run.Output).Single("Deployment", $"{SetName}-{agent}");
    }

    /// <summary>The cluster's Secrets: the S3 keys the Deployment references, and the Discord token.</summary>
    public static IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> Secrets(string accessKeyId = S3Server.AccessKeyId, string secretAccessKey = S3Server.SecretAccessKey) =>
        new Dictionary<string, IReadOnlyDictionary<string, string>>(StringComparer.Ordinal)
        {
            [CredentialsSecret] = new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["AWS_ACCESS_KEY_ID"] = accessKeyId,
                ["AWS_SECRET_ACCESS_KEY"] = secretAccessKey,
            },
            ["discord"] = new Dictionary<string, string>(StringComparer.Ordinal) { ["token"] = "discord-token-not-used" },
        };

    /// <summary>A pod of one agent of <see cref="AgentSet"/>, with the S3 keys s3rver accepts.</summary>
    public static LocalPod Pod(S3Server s3, string bucket, string agent, string backup = "sidecar") =>
        new(Deployment(AgentSet(bucket, s3.Endpoint, [agent], backup), agent), Secrets());

    /// <summary>A pod whose agent has started on an empty bucket (first boot) and logged in.</summary>
    public static LocalPod LoggedInPod(S3Server s3, string bucket, string agent, Home home, string backup = "sidecar")
    {
        var pod = Pod(s3, bucket, agent, backup);
        Restored(pod);
        home.WriteTo(pod.Home);
        return pod;
    }

    /// <summary>Runs the restore and asserts it succeeded.</summary>
    public static void Restored(LocalPod pod)
    {
        var (exit, log) = pod.Run(Restore, Hook.Command);
        Assert.True(exit == 0, log);
    }

    /// <summary>Runs the sidecar's preStop hook (one final backup) and asserts it succeeded.</summary>
    public static void BackedUp(LocalPod pod)
    {
        var (exit, log) = pod.Run(Backup, Hook.PreStop);
        Assert.True(exit == 0, log);
    }

    /// <summary>Starts the sidecar's backup loop, first checking the rendered interval.</summary>
    public static ScriptProcess StartLoop(LocalPod pod, IReadOnlyDictionary<string, string>? envOverrides = null)
    {
        Assert.Equal(RenderedSyncInterval.ToString(System.Globalization.CultureInfo.InvariantCulture), pod.Env(pod.Container(Backup))["AGENTSET_SYNC_INTERVAL"]);
        return pod.Start(Backup, Hook.Command, envOverrides);
    }

    /// <summary>Waits until the running backup has put exactly these bytes at the agent's key.</summary>
    public static void AwaitUpload(S3Server s3, string bucket, string agent, string path, byte[] expected, ScriptProcess loop, int timeoutSeconds = 60)
    {
        var deadline = DateTime.UtcNow.AddSeconds(timeoutSeconds);
        while (s3.Object(bucket, $"{Prefix(agent)}/{path}") is not { } actual || !actual.AsSpan().SequenceEqual(expected))
        {
            Assert.True(DateTime.UtcNow < deadline, $"{path} was not uploaded as expected within {timeoutSeconds}s:\n{loop.Log}");
            Thread.Sleep(200);
        }
        Assert.False(loop.HasExited, loop.Log);
    }

    /// <summary>What a logged-in agent's home holds: the files that must survive, and the ones that need not.</summary>
    public sealed record Home(IReadOnlyDictionary<string, byte[]> Persisted, IReadOnlyList<string> LoginFiles, IReadOnlyList<string> Ephemeral)
    {
        public void WriteTo(string home)
        {
            foreach (var (path, bytes) in Persisted) Write(home, path, bytes);
            foreach (var path in Ephemeral) Write(home, path, Random(512));
        }
    }

    /// <summary>A logged-in home of the CLI: its login files as the CLI writes them, its other state, and its caches.</summary>
    public static Home LoggedIn(string cli)
    {
        // Rebuilt on start, or belonging to no CLI: never uploaded.
        string[] common = [".cache/node-gyp/20.0.0/include/node/node.h", "node_modules/left-pad/index.js", "node_modules/left-pad/package.json", ".npm/_logs/2025-01-01T00_00_00_000Z-debug-0.log"];
        var (persisted, login, ephemeral) = cli switch
        {
            "kiro" => (new Dictionary<string, byte[]>(StringComparer.Ordinal)
            {
                [".local/share/kiro-cli/data.sqlite3"] = [.. "SQLite format 3\0"u8, .. Random(64 * 1024)],
                [".local/share/kiro-cli/data.sqlite3-wal"] = Random(32 * 1024),
                [".kiro/settings/cli.json"] = Json("""{"chat.defaultModel":"claude-sonnet-4"}"""),
            }, new[] { ".local/share/kiro-cli/data.sqlite3", ".local/share/kiro-cli/data.sqlite3-wal" }, new[] { ".kiro/sessions/0193f2c1.json", ".kiro/sessions/0193f2c2.json" }),
            "claude" => (new Dictionary<string, byte[]>(StringComparer.Ordinal)
            {
                [".claude/.credentials.json"] = Json($$$"""{"claudeAiOauth":{"accessToken":"sk-ant-oat01-{{{Token()}}}","refreshToken":"sk-ant-ort01-{{{Token()}}}","expiresAt":1767225600000}}"""),
                [".claude.json"] = Json("""{"hasCompletedOnboarding":true,"oauthAccount":{"emailAddress":"agent@example.com"}}"""),
                [".claude/settings.json"] = Json("""{"permissions":{"allow":[]}}"""),
            }, new[] { ".claude/.credentials.json", ".claude.json" }, new[] { ".claude.json.backup", ".cache/claude-cli-nodejs/mcp-logs.txt" }),
            "codex" => (new Dictionary<string, byte[]>(StringComparer.Ordinal)
            {
                [".codex/auth.json"] = Json($$"""{"OPENAI_API_KEY":null,"tokens":{"id_token":"{{Token()}}","access_token":"{{Token()}}","refresh_token":"{{Token()}}"},"last_refresh":"2025-01-01T00:00:00Z"}"""),
                [".codex/config.toml"] = Json("model = \"gpt-5-codex\"\n"),
            }, new[] { ".codex/auth.json" }, new[] { ".cache/codex/update-check.json" }),
            "gemini" => (new Dictionary<string, byte[]>(StringComparer.Ordinal)
            {
                [".gemini/oauth_creds.json"] = Json($$"""{"access_token":"ya29.{{Token()}}","refresh_token":"1//{{Token()}}","token_type":"Bearer","expiry_date":1767225600000}"""),
                [".gemini/settings.json"] = Json("""{"security":{"auth":{"selectedType":"oauth-personal"}}}"""),
            }, new[] { ".gemini/oauth_creds.json" }, new[] { ".cache/gemini/tmp/chat.json" }),
            "copilot" => (new Dictionary<string, byte[]>(StringComparer.Ordinal)
            {
                // No keychain in the image: `copilot login` keeps the token in config.json.
                [".copilot/config.json"] = Json($$$"""{"logged_in_users":[{"host":"https://github.com","login":"agent"}],"copilot_tokens":{"https://github.com:agent":"gho_{{{Token()}}}"}}"""),
                [".copilot/settings.json"] = Json("""{"model":"claude-sonnet-4.6"}"""),
                [".copilot/session-state/0193f2c1/events.jsonl"] = Json("""{"type":"session.start"}"""),
                [".config/gh/hosts.yml"] = Json($"github.com:\n    oauth_token: gho_{Token()}\n    user: agent-bot\n"),
            }, new[] { ".copilot/config.json" }, new[] { ".copilot/logs/process-1767225600000-42.log" }),
            "opencode" => (new Dictionary<string, byte[]>(StringComparer.Ordinal)
            {
                [".local/share/opencode/auth.json"] = Json($$$"""{"anthropic":{"type":"oauth","refresh":"{{{Token()}}}","access":"{{{Token()}}}","expires":1767225600000}}"""),
                [".local/share/opencode/storage/session/global/ses_0193f2c1.json"] = Json("""{"id":"ses_0193f2c1","title":"hello"}"""),
                [".config/opencode/opencode.json"] = Json("""{"$schema":"https://opencode.ai/config.json","autoupdate":false}"""),
                ["opencode.json"] = Json("""{"model":"ollama-cloud/gemini-3-flash-preview"}"""),
            }, new[] { ".local/share/opencode/auth.json" }, new[] { ".local/share/opencode/log/2026-01-01T000000.log", ".cache/opencode/bin/rg" }),
            "cursor" => (new Dictionary<string, byte[]>(StringComparer.Ordinal)
            {
                // The image's cursor-agent writes auth.json; later releases keep the login in cli-config.json.
                [".config/cursor/auth.json"] = Json($$$"""{"accessToken":"{{{Token()}}}","refreshToken":"{{{Token()}}}"}"""),
                [".cursor/cli-config.json"] = Json($$$"""{"version":1,"authInfo":{"email":"agent@example.com","authId":"auth0|{{{Token()}}}"}}"""),
                [".cursor/projects/home-agent/mcp-approvals.json"] = Json("""["playwright-0123abcd"]"""),
            }, new[] { ".config/cursor/auth.json", ".cursor/cli-config.json" }, new[] { ".cache/cursor-agent/update-check.json" }),
            "kimi" => (new Dictionary<string, byte[]>(StringComparer.Ordinal)
            {
                // `/login` with Kimi Code OAuth writes the credentials file; a platform API key lands in config.toml.
                [".kimi-code/credentials/kimi-code.json"] = Json($$$"""{"access_token":"{{{Token()}}}","refresh_token":"{{{Token()}}}","expires_at":1767225600}"""),
                [".kimi-code/config.toml"] = Json("default_model = \"kimi-code/k3\"\n[providers.\"managed:kimi-code\"]\ntype = \"kimi\"\nbase_url = \"https://api.kimi.com/coding/v1\"\n"),
                [".kimi-code/session_index.jsonl"] = Json("""{"sessionId":"0193f2c1","workDir":"/home/node"}"""),
                [".kimi-code/sessions/home-node/0193f2c1/state.json"] = Json("""{"title":"hello"}"""),
            }, new[] { ".kimi-code/credentials/kimi-code.json", ".kimi-code/config.toml" }, new[] { ".cache/kimi-code/rg/rg" }),
            "pi" => (new Dictionary<string, byte[]>(StringComparer.Ordinal)
            {
                [".pi/agent/auth.json"] = Json($$$"""{"anthropic":{"type":"oauth","refresh":"{{{Token()}}}","access":"{{{Token()}}}","expires":1767225600000}}"""),
                [".pi/agent/settings.json"] = Json("""{"defaultProvider":"anthropic","defaultModel":"claude-sonnet-4-5"}"""),
                [".pi/agent/sessions/--home-node--/2026-01-01T00-00-00_0193f2c1.jsonl"] = Json("""{"type":"session","id":"0193f2c1"}"""),
            }, new[] { ".pi/agent/auth.json" }, new[] { ".cache/pi/update-check.json" }),
            "hermes" => (new Dictionary<string, byte[]>(StringComparer.Ordinal)
            {
                // `hermes auth add` keeps OAuth logins in auth.json and API keys in .env.
                [".hermes/auth.json"] = Json($$$"""{"providers":{"xai-oauth":{"access_token":"{{{Token()}}}","refresh_token":"{{{Token()}}}"}},"version":1}"""),
                [".hermes/.env"] = Json($"OPENROUTER_API_KEY=sk-or-v1-{Token()}\n"),
                [".hermes/config.yaml"] = Json("model:\n  default: grok-4.3\n  provider: xai-oauth\n"),
                [".hermes/memories/MEMORY.md"] = Json("- the team deploys on Fridays\n"),
            }, new[] { ".hermes/auth.json", ".hermes/.env" }, new[] { ".hermes/logs/errors.log", ".hermes/logs/gateway.log" }),
            "grok" => (new Dictionary<string, byte[]>(StringComparer.Ordinal)
            {
                // `grok login --device-auth` writes auth.json.
                [".grok/auth.json"] = Json($$$"""{"xai::oauth":{"access_token":"{{{Token()}}}","refresh_token":"{{{Token()}}}","auth_mode":"oauth"}}"""),
                [".grok/config.toml"] = Json("[models]\ndefault = \"grok-build\"\n"),
                [".grok/mcp_credentials.json"] = Json($$$"""{"github":{"access_token":"{{{Token()}}}"}}"""),
            }, new[] { ".grok/auth.json" }, new[] { ".grok/docs/user-guide/02-authentication.md", ".grok/docs/user-guide/26-config-reference.md" }),
            _ => throw new ArgumentOutOfRangeException(nameof(cli), cli, null),
        };
        return new Home(persisted, login, [.. common, .. ephemeral]);
    }

    /// <summary>A token refresh: the login file rewritten with new content of the same size.</summary>
    public static byte[] Refreshed(byte[] before)
    {
        var after = (byte[])before.Clone();
        // Past any fixed header (SQLite's), as a refreshed token changes the middle of the file.
        after[^2] = (byte)(after[^2] ^ 0x5a);
        after[after.Length / 2] = (byte)(after[after.Length / 2] ^ 0x5a);
        return after;
    }

    /// <summary>Every file under the directory, relative to it, with its bytes.</summary>
    public static Dictionary<string, byte[]> Files(string dir) =>
        Directory.GetFiles(dir, "*", SearchOption.AllDirectories)
            .ToDictionary(f => Path.GetRelativePath(dir, f), File.ReadAllBytes, StringComparer.Ordinal);

    /// <summary>The files without the restore marker, for comparing with what was backed up.</summary>
    public static Dictionary<string, byte[]> State(string home) =>
        Files(home).Where(f => f.Key != Marker).ToDictionary(StringComparer.Ordinal);

    public static void Write(string home, string path, byte[] bytes)
    {
        var file = Path.Combine(home, path);
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        File.WriteAllBytes(file, bytes);
    }

    /// <summary>Asserts two file sets are equal key for key and byte for byte.</summary>
    public static void SameFiles(IReadOnlyDictionary<string, byte[]> expected, IReadOnlyDictionary<string, byte[]> actual)
    {
        Assert.Equal(expected.Keys.Order(StringComparer.Ordinal), actual.Keys.Order(StringComparer.Ordinal));
        foreach (var (path, bytes) in expected)
            Assert.True(bytes.AsSpan().SequenceEqual(actual[path]), $"{path} differs");
    }

    private static byte[] Json(string text) => Encoding.UTF8.GetBytes(text);

    private static byte[] Random(int length) => RandomNumberGenerator.GetBytes(length);

    private static string Token() => Convert.ToHexString(RandomNumberGenerator.GetBytes(48));
}
