namespace AgentSetFn.Api;

/// <summary>
/// What the function knows about one agent CLI: the defaults it fills in when the user leaves
/// a field empty, and where the CLI keeps its login (to warn when explicit paths miss it).
/// </summary>
/// <param name="ImageVariant">The CLI's name in openab's image names: ghcr.io/openabdev/openab-&lt;variant&gt;
/// up to 0.8, ghcr.io/openabdev/openab:&lt;version&gt;-&lt;variant&gt; from 0.9 (kiro's per-CLI repository is
/// ghcr.io/openabdev/openab itself). See <see cref="OpenabReleases.Image"/>.</param>
/// <param name="PersistPaths">Relative to $HOME; a trailing slash marks a directory.</param>
/// <param name="ExcludePaths">Left out of restore and backup (caches rebuilt on start).</param>
/// <param name="LoginFiles">Files that hold the login; losing them logs the agent out.</param>
/// <param name="SessionMemoryMiB">Resident memory of one session's CLI process(es), for sizing
/// the pod from pool.maxSessions when resources is empty.</param>
/// <param name="SessionMemorySource">Where that figure comes from (cited or chosen).</param>
/// <param name="FirstImage">The first openab release whose workflow published the variant's image (the
/// variant matrix of .github/workflows/build.yml, every release after it has it too); an older release
/// has no image for the CLI. <see cref="OpenabReleases.OldestKnown"/>: in every release agentset knows.
/// With <see cref="NoImageThrough"/> set, only the first release known to have it.</param>
internal sealed record KnownCli(
    string Command,
    string ImageVariant,
    OpenabVersion FirstImage,
    IReadOnlyList<string> Args,
    string WorkingDir,
    IReadOnlyList<string> PersistPaths,
    IReadOnlyList<string> ExcludePaths,
    IReadOnlyList<string> LoginFiles,
    int SessionMemoryMiB,
    string SessionMemorySource)
{
    /// <summary>
    /// The newest release known to have published no image for the CLI, when <see cref="FirstImage"/> is only
    /// the first release known to have one: between the two agentset cannot tell. Null: FirstImage is exact.
    /// </summary>
    public OpenabVersion? NoImageThrough { get; init; }

    /// <summary>How the CLI logs in the first time inside the running pod (docs/first-login.md).</summary>
    public required FirstLogin FirstLogin { get; init; }

    /// <summary>Whether openab's release published the CLI's image: null when agentset cannot tell.</summary>
    public bool? PublishedIn(OpenabVersion release) =>
        release >= FirstImage ? true
        : NoImageThrough is { } none && release > none ? null
        : false;
}

/// <summary>
/// How a CLI logs in the first time, inside the agent container of the running pod. The files
/// the login writes are the row's <see cref="KnownCli.LoginFiles"/>, so the guide and the
/// persistence never name different files.
/// </summary>
/// <param name="Command">What to run in the agent container (argv), or empty when no command is known.</param>
/// <param name="Steps">What to do once it runs: the URL to open, the code to enter or paste.</param>
/// <param name="Refresh">What the CLI does when its token expires: whether it writes a new one to its login files.</param>
/// <param name="ApiKeyVariables">Variables the CLI reads a key from instead of a login file (set through secretEnv); empty: none.</param>
/// <param name="Source">Where these facts come from.</param>
internal sealed record FirstLogin(IReadOnlyList<string> Command, string Steps, string Refresh, IReadOnlyList<string> ApiKeyVariables, string Source);

/// <summary>The CLI table. A new CLI is one row here (and one in docs/clis.md).</summary>
internal static class KnownClis
{
    // The newest tag of the openab snapshot whose release workflows were read: it and every older release
    // build no kimi, pi, hermes or grok image.
    private static readonly OpenabVersion SnapshotTag = OpenabVersion.Of("0.8.3-beta.4");

    public static readonly IReadOnlyList<KnownCli> All =
    [
        new("kiro-cli", "kiro", OpenabReleases.OldestKnown, ["acp", "--trust-all-tools"], "/home/agent",
            PersistPaths: [".kiro/", ".local/share/kiro-cli/"],
            // The seed: .kiro/sessions is the ACP session cache, rebuilt on every start.
            ExcludePaths: [".kiro/sessions/"],
            LoginFiles: [".local/share/kiro-cli/data.sqlite3"],
            // No published figure; chosen: a native binary, but `kiro-cli acp` runs a second
            // process (kiro-cli-chat) per session (avante.nvim#3006).
            SessionMemoryMiB: 256, SessionMemorySource: "chosen: no published figure; two native processes per session")
        {
            FirstLogin = new FirstLogin(["kiro-cli", "login", "--use-device-flow"],
                    "Device flow: open the URL it prints on any machine, enter the code, sign in (Builder ID, IAM Identity Center, GitHub or Google).",
                    "Kiro keeps its tokens in data.sqlite3 (table auth_kv) and refreshes them there.",
                    ["KIRO_API_KEY"],
                    "openab docs/kiro.md; Kiro's CLI authentication and headless-mode docs (KIRO_API_KEY: an API key of a paid plan)"),
        },
        new("claude-agent-acp", "claude", OpenabReleases.OldestKnown, [], "/home/node",
            PersistPaths: [".claude/", ".claude.json"],
            ExcludePaths: [],
            LoginFiles: [".claude/.credentials.json", ".claude.json"],
            // The agenticore seed: "Each Claude Code process uses ~320Mi memory".
            SessionMemoryMiB: 320, SessionMemorySource: "cited: agenticore's sizing guide, ~320Mi per Claude Code process")
        {
            FirstLogin = new FirstLogin(["claude", "auth", "login"],
                    "Open the URL it prints on any machine, sign in to claude.ai, and paste the code shown back into the terminal.",
                    "Claude Code refreshes its OAuth token before it expires and writes it to .credentials.json.",
                    ["ANTHROPIC_API_KEY", "CLAUDE_CODE_OAUTH_TOKEN"],
                    "openab docs/claude-code.md; Claude Code's authentication docs (CLAUDE_CODE_OAUTH_TOKEN: the long-lived token `claude setup-token` prints)"),
        },
        new("codex-acp", "codex", OpenabReleases.OldestKnown, [], "/home/node",
            PersistPaths: [".codex/"],
            ExcludePaths: [],
            LoginFiles: [".codex/auth.json"],
            // "Codex CLI subprocess itself usually ~300-500 MB resident with a chat session
            // loaded" (ilysenko/codex-desktop-linux#106): the middle of that range.
            SessionMemoryMiB: 400, SessionMemorySource: "cited: ~300-500 MB resident per Codex session (codex-desktop-linux#106)")
        {
            FirstLogin = new FirstLogin(["codex", "login", "--device-auth"],
                    "Device flow: open the URL it prints on any machine, enter the code, sign in with ChatGPT.",
                    "Codex refreshes the ChatGPT tokens and rewrites auth.json (its last_refresh field).",
                    ["OPENAI_API_KEY", "CODEX_API_KEY"],
                    "openab docs/codex.md; OpenAI's Codex authentication docs; codex-acp's README (API key auth methods)"),
        },
        new("gemini", "gemini", OpenabReleases.OldestKnown, ["--acp"], "/home/node",
            PersistPaths: [".gemini/"],
            ExcludePaths: [],
            LoginFiles: [".gemini/oauth_creds.json"],
            // Gemini CLI's /bug reports carry its RSS: 126 MB and 264 MB in ordinary sessions
            // (google-gemini/gemini-cli#24289, #14659); rounded up from the larger.
            SessionMemoryMiB: 300, SessionMemorySource: "cited: 126-264 MB RSS in gemini-cli /bug reports (#24289, #14659), rounded up")
        {
            FirstLogin = new FirstLogin(["env", "NO_BROWSER=true", "gemini"],
                    "Choose Login with Google, open the URL it prints on any machine, sign in, paste the authorization code back, then leave with /quit.",
                    "Gemini CLI keeps a refresh token in oauth_creds.json and rewrites the file when it refreshes.",
                    ["GEMINI_API_KEY"],
                    "openab docs/gemini.md; Gemini CLI's authentication guide (NO_BROWSER for a machine without a browser)"),
        },
        // openab's docs/copilot.md and Dockerfile.copilot (node image, HOME=/home/node). The image has no
        // libsecret, so `copilot login` keeps its token in plain ~/.copilot/config.json (GitHub's
        // "Authenticating Copilot CLI": the file is the fallback when no system keychain exists). A
        // COPILOT_GITHUB_TOKEN from secretEnv needs no file. gh's own login, which openab's doc keeps
        // for git and Copilot CLI falls back to, is ~/.config/gh/.
        new("copilot", "copilot", OpenabVersion.Of("0.7.2-beta.3"), ["--acp", "--stdio"], "/home/node",
            PersistPaths: [".copilot/", ".config/gh/"],
            // Session logs (GitHub's "Copilot CLI configuration directory"), not needed to resume.
            ExcludePaths: [".copilot/logs/"],
            LoginFiles: [".copilot/config.json"],
            SessionMemoryMiB: 400, SessionMemorySource: "chosen: no published figure; one Node.js process per session, sized as codex's")
        {
            FirstLogin = new FirstLogin(["copilot", "login"],
                    "Device flow: open the URL it prints on any machine and enter the code with the GitHub account that has the Copilot subscription. For git, `gh auth login -p https -w` the same way (kept in .config/gh/).",
                    "Not documented: the device-flow token is kept in config.json; run the login again when GitHub revokes it.",
                    ["COPILOT_GITHUB_TOKEN"],
                    "openab docs/copilot.md; GitHub's \"Authenticating Copilot CLI\" (COPILOT_GITHUB_TOKEN: a fine-grained PAT with Copilot Requests: read)"),
        },
        // openab's docs/opencode.md and Dockerfile.opencode (node image, HOME=/home/node). opencode keeps
        // `opencode auth login` in $XDG_DATA_HOME/opencode/auth.json, its global config in
        // ~/.config/opencode/; openab's doc puts the default model in opencode.json in the working directory.
        new("opencode", "opencode", OpenabVersion.Of("0.7.6-beta.1"), ["acp"], "/home/node",
            PersistPaths: [".local/share/opencode/", ".config/opencode/", "opencode.json"],
            // opencode's own log directory ($XDG_DATA_HOME/opencode/log); its downloaded tools are under ~/.cache.
            ExcludePaths: [".local/share/opencode/log/"],
            LoginFiles: [".local/share/opencode/auth.json"],
            // A one-prompt run's process tree peaked at 562 MB (luisgamas/uxnan#266); rounded up.
            SessionMemoryMiB: 600, SessionMemorySource: "cited: 562 MB peak for one prompt's process tree (luisgamas/uxnan#266), rounded up")
        {
            FirstLogin = new FirstLogin(["opencode", "auth", "login"],
                    "Choose the provider; follow its OAuth flow (open the printed URL) or paste the provider's API key.",
                    "Per provider: OAuth providers keep their refresh token in auth.json, which opencode rewrites; API keys do not expire.",
                    ["ANTHROPIC_API_KEY", "OPENAI_API_KEY"],
                    "openab docs/opencode.md; opencode's providers docs (each provider's own key variable; two shown)"),
        },
        // openab's docs/cursor.md and Dockerfile.cursor (debian image, user agent, HOME=/home/agent).
        // openab's doc keeps the login under ~/.cursor/; cursor-agent on Linux wrote it to
        // ~/.config/cursor/auth.json up to 2026.05 (the image pins 2026.04.30) and to
        // ~/.cursor/cli-config.json after that (coding_agent_account_manager#18): both are kept.
        new("cursor-agent", "cursor", OpenabVersion.Of("0.7.6-beta.2"), ["acp"], "/home/agent",
            PersistPaths: [".cursor/", ".config/cursor/"],
            ExcludePaths: [],
            LoginFiles: [".config/cursor/auth.json", ".cursor/cli-config.json"],
            SessionMemoryMiB: 400, SessionMemorySource: "chosen: no published figure; one bundled Node.js process per session, sized as codex's")
        {
            FirstLogin = new FirstLogin(["cursor-agent", "login"],
                    "Device flow: open the URL it prints on any machine (NO_OPEN_BROWSER=1 keeps it from trying a browser) and sign in to Cursor.",
                    "Not documented.",
                    ["CURSOR_API_KEY"],
                    "openab docs/cursor.md; Cursor's CLI authentication docs"),
        },
        // The four rows below came after the default release: its release workflow (v0.8.3-beta.4) builds no
        // image for them. openab added hermes and grok on 2026-05-16, pi on 2026-05-25 (per-CLI images) and
        // kimi on 2026-07-20 (`<version>-kimi` tags); which tag first carried each is not known, so the first
        // image is the newest release agentset knows, 0.9.0-beta.12, whose chart lists them, and a release in
        // between warns (see NoImageThrough).
        //
        // openab's docs/kimi.md and Dockerfile.kimi (node image, HOME=/home/node, `kimi acp`). Kimi Code keeps
        // everything under ~/.kimi-code (its "Data locations" page): the Kimi Code OAuth login in
        // credentials/kimi-code.json, a platform API key in config.toml ([providers.*] api_key). It reads no
        // provider key from the environment, so its login is always a file.
        new("kimi", "kimi", OpenabVersion.Of("0.9.0-beta.12"), ["acp"], "/home/node",
            PersistPaths: [".kimi-code/"],
            ExcludePaths: [],
            LoginFiles: [".kimi-code/credentials/kimi-code.json", ".kimi-code/config.toml"],
            SessionMemoryMiB: 400, SessionMemorySource: "chosen: no published figure; one Node.js process per session, sized as codex's")
        {
            NoImageThrough = SnapshotTag,
            FirstLogin = new FirstLogin(["kimi"],
                    "In the session, run /login, choose Kimi Code and open the URL it prints on any machine (or choose another platform and enter its API key); leave with /exit.",
                    "Not documented.",
                    [],
                    "openab docs/kimi.md; Kimi Code's getting-started guide and slash commands (/login); it reads no key from the environment"),
        },
        // openab's chart values (`command: pi-acp`, workingDir /home/node) and the pi image (node, HOME=/home/node,
        // ~/.pi created, login by `pi /login`). pi keeps `/login` in ~/.pi/agent/auth.json, its settings and
        // sessions beside it; a provider key from secretEnv (ANTHROPIC_API_KEY, ...) needs no file.
        new("pi-acp", "pi", OpenabVersion.Of("0.9.0-beta.12"), [], "/home/node",
            PersistPaths: [".pi/"],
            ExcludePaths: [],
            LoginFiles: [".pi/agent/auth.json"],
            // pi-acp starts `pi` in RPC mode for each session: two Node.js processes.
            SessionMemoryMiB: 500, SessionMemorySource: "chosen: no published figure; two Node.js processes per session (pi-acp and the pi it starts)")
        {
            NoImageThrough = SnapshotTag,
            FirstLogin = new FirstLogin(["pi"],
                    "In the session, run /login, choose the provider and follow its flow (open the printed URL); leave with /quit.",
                    "Not documented.",
                    ["ANTHROPIC_API_KEY", "OPENAI_API_KEY"],
                    "openab's pi image (login by `pi /login`); pi's provider docs (each provider's own key variable; two shown)"),
        },
        // openab's chart values (`command: hermes-acp`, workingDir /home/agent) and Dockerfile.hermes (python
        // image, user agent, HOME=/home/agent, installed with HERMES_HOME=/home/agent/.hermes, login by
        // `hermes auth add`). Hermes keeps OAuth logins in ~/.hermes/auth.json and API keys in ~/.hermes/.env
        // (its "Configuration" guide), config.yaml, memories and sessions beside them.
        new("hermes-acp", "hermes", OpenabVersion.Of("0.9.0-beta.12"), [], "/home/agent",
            PersistPaths: [".hermes/"],
            // Hermes's own logs (errors.log, gateway.log).
            ExcludePaths: [".hermes/logs/"],
            LoginFiles: [".hermes/auth.json", ".hermes/.env"],
            // "Each idle process holds 100-370 MB RSS" (NousResearch/hermes-agent#7131): rounded up from the larger.
            SessionMemoryMiB: 400, SessionMemorySource: "cited: 100-370 MB RSS per idle Hermes process (hermes-agent#7131), rounded up")
        {
            NoImageThrough = SnapshotTag,
            FirstLogin = new FirstLogin(["hermes", "auth", "add"],
                    "Choose the provider and follow its flow (open the printed URL), or enter an API key (kept in .hermes/.env).",
                    "Hermes writes refreshed OAuth tokens to auth.json (a failed write is a failed refresh).",
                    ["ANTHROPIC_API_KEY", "OPENROUTER_API_KEY"],
                    "openab Dockerfile.hermes (login by `hermes auth add`); Hermes's configuration guide and anthropic_credentials.py"),
        },
        // openab's docs/grok.md, chart values (`grok agent stdio`, workingDir /home/agent) and Dockerfile.grok
        // (debian, user agent, HOME=/home/agent, ~/.grok created, login by `grok login --device-auth`).
        // Grok Build keeps the device-code login in ~/.grok/auth.json and MCP OAuth tokens in
        // ~/.grok/mcp_credentials.json (its "Authentication" guide). An API key (GROK_CODE_XAI_API_KEY) or an
        // enterprise deployment key (GROK_DEPLOYMENT_KEY) from secretEnv needs no file.
        new("grok", "grok", OpenabVersion.Of("0.9.0-beta.12"), ["agent", "stdio"], "/home/agent",
            PersistPaths: [".grok/"],
            // The user guide the CLI extracts to ~/.grok/docs on every launch.
            ExcludePaths: [".grok/docs/"],
            LoginFiles: [".grok/auth.json"],
            SessionMemoryMiB: 256, SessionMemorySource: "chosen: no published figure; one native binary per session, sized as kiro-cli's")
        {
            NoImageThrough = SnapshotTag,
            FirstLogin = new FirstLogin(["grok", "login", "--device-auth"],
                    "Device flow: open the URL it prints on any machine, enter the code, sign in to xAI.",
                    "Not documented.",
                    ["GROK_CODE_XAI_API_KEY", "GROK_DEPLOYMENT_KEY"],
                    "openab docs/grok.md; Grok Build's authentication guide"),
        },
    ];

    public static KnownCli? Find(string? command) =>
        All.FirstOrDefault(cli => string.Equals(cli.Command, command, StringComparison.Ordinal));

    /// <summary>Whether a tag suffix names one of the table's image variants (`claude` in 0.9.0-beta.12-claude).</summary>
    public static bool IsVariant(string name) =>
        All.Any(cli => string.Equals(cli.ImageVariant, name, StringComparison.Ordinal));
}

/// <summary>Pinned versions and fixed values the renderers share.</summary>
internal static class Pinned
{
    /// <summary>
    /// Runs the S3 restore and backup. The same AWS CLI v2 release as Debian 12's awscli
    /// package, which the persistence tests run, so what is tested is what is deployed.
    /// </summary>
    public const string AwsCliRepository = "public.ecr.aws/aws-cli/aws-cli";
    public const string AwsCliTag = "2.9.19";

    /// <summary>Clones spec.agents.*.workspace (alpine/git: git on Alpine, with /bin/sh).</summary>
    public const string GitImage = "alpine/git:v2.49.1";

    /// <summary>The broker image runs as this uid/gid; every container is pinned to it.</summary>
    public const long Uid = 1000;

    /// <summary>Where openab reads its config.</summary>
    public const string ConfigDir = "/etc/openab";

    /// <summary>
    /// The broker's own memory when sizing from the pool: one Rust process (plus tini) that
    /// holds the Discord connection and the session table. Chosen, not measured.
    /// </summary>
    public const int BrokerMemoryMiB = 128;
}
