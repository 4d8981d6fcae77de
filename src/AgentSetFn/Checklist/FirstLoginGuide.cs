using System.Text;
using AgentSetFn.Api;
using AgentSetFn.Layout;
using AgentSetFn.Rendering;

namespace AgentSetFn.Checklist;

/// <summary>A login file of the CLI, as a path in the pod, and whether the agent's persisted paths keep it.</summary>
internal sealed record LoginFile(string Path, bool Persisted);

/// <summary>One agent's first login, with its names filled in.</summary>
/// <param name="Cli">The CLI table's row, or null for a command the table does not know.</param>
/// <param name="LoginCommand">The `kubectl exec` line that starts the login, or null when none is known.</param>
/// <param name="BackupLog">The `kubectl logs` line that shows the backup sidecar's syncs, or null without one.</param>
/// <param name="ListCommands">`aws s3 ls` lines for the login files in the bucket; none with S3 off.</param>
/// <param name="RestartCommand">Restarts the pod so openab starts the CLI with its new login.</param>
internal sealed record LoginGuide(KnownCli? Cli, string? LoginCommand, IReadOnlyList<LoginFile> Files, string? BackupLog, string? BackedUpLine,
    IReadOnlyList<string> ListCommands, string RestartCommand, string Refresh);

/// <summary>
/// The first login of each known CLI (<see cref="KnownClis"/>): per agent, for `agentset checklist`,
/// and for every CLI as docs/first-login.md (a test keeps the page equal to <see cref="Page"/>).
/// The files are the table's login files and the commands use the names the renderers give.
/// </summary>
internal static class FirstLoginGuide
{
    public static LoginGuide For(ResolvedAgent agent)
    {
        var ns = agent.Set.Namespace is { Length: > 0 } n ? n : null;
        var cli = agent.Cli;
        var files = (cli?.LoginFiles ?? []).Select(f => new LoginFile($"{agent.WorkingDir}/{f}", Persisted(agent.PersistPaths, f))).ToList();
        var sidecar = agent.S3 is { Enabled: true, Backup: BackupMode.Sidecar };
        return new LoginGuide(
            cli,
            cli is { FirstLogin.Command.Count: > 0 } ? Exec(ns, agent.Name, cli.FirstLogin.Command) : null,
            files,
            sidecar ? $"kubectl logs{NamespaceFlag(ns)} deploy/{agent.Name} -c {PodLayout.BackupContainer} --tail=20" : null,
            agent.S3.Enabled ? $"{PersistenceScripts.SyncedLine} s3://{agent.S3.Bucket}/{agent.S3Prefix}" : null,
            !agent.S3.Enabled ? [] : [.. (cli?.LoginFiles ?? []).Where(f => Persisted(agent.PersistPaths, f)).Select(f => ListCommand(agent, f))],
            $"kubectl rollout restart{NamespaceFlag(ns)} deployment/{agent.Name}",
            Refresh(agent));
    }

    /// <summary>What becomes of a refreshed token, for this agent's persistence.</summary>
    private static string Refresh(ResolvedAgent agent)
    {
        var cli = agent.Cli?.FirstLogin.Refresh ?? "The CLI is not in the table: how it refreshes is not known.";
        var kept = agent.S3 switch
        {
            { Enabled: true, Backup: BackupMode.Sidecar } s => $"What it writes to the persisted paths is uploaded at the next sync (every {s.SyncIntervalSeconds}s) and when the pod stops.",
            { Enabled: true } => "What it writes to the persisted paths is uploaded when the pod stops (backup: preStop).",
            _ when agent.HomeClaim is { } claim => $"The home is the PersistentVolumeClaim `{claim}`: what it writes stays there.",
            _ => "persistence.s3 is off and the home is an emptyDir: the login is lost with the pod.",
        };
        return $"{cli} {kept}";
    }

    /// <summary>Whether a persisted path (a trailing slash marks a directory) keeps the file.</summary>
    private static bool Persisted(IReadOnlyList<string> paths, string file) =>
        paths.Any(p => p.EndsWith('/') ? file.StartsWith(p, StringComparison.Ordinal) : file == p || file.StartsWith(p + "/", StringComparison.Ordinal));

    private static string ListCommand(ResolvedAgent agent, string file)
    {
        var endpoint = agent.S3EndpointUrl is { } url ? $" --endpoint-url {Shell.Quote(url)}" : "";
        return $"aws s3 ls{endpoint} {Shell.Quote($"s3://{agent.S3.Bucket}/{agent.S3Prefix}/{file}")}";
    }

    /// <summary>` -n NAMESPACE`, or nothing when the AgentSet names none (kubectl's current namespace). Names are DNS labels: no quoting.</summary>
    public static string NamespaceFlag(string? ns) => ns is null ? "" : $" -n {ns}";

    /// <summary>`kubectl exec` into the agent container of the Deployment's pod.</summary>
    public static string Exec(string? ns, string deployment, IReadOnlyList<string> command) =>
        $"kubectl exec -it{NamespaceFlag(ns)} deploy/{deployment} -c {PodLayout.AgentContainer} -- {string.Join(' ', command.Select(Shell.Quote))}";

    public const string PageBegin = "<!-- agentset-first-login: generated from src/AgentSetFn/Api/KnownClis.cs, do not edit -->";

    /// <summary>docs/first-login.md: every known CLI's first login, from the CLI table.</summary>
    public static string Page()
    {
        var text = new StringBuilder();
        text.Append(PageBegin).Append('\n');
        text.Append($$"""
            # First login, per CLI

            Most CLIs keep their login in files under the agent's home. An agent's first login happens once,
            inside its running pod; with `persistence.s3` the backup sidecar uploads the login files to the
            agent's prefix, and every later pod restores them before the CLI starts.
            `agentset checklist agentset.yaml` prints these steps for each agent with its names filled in.

            Below, `<namespace>` is the AgentSet's `metadata.namespace` and `<set>-<agent>` the agent's
            Deployment (or its `nameOverride`). The agent runs in the container `{{PodLayout.AgentContainer}}`.

            ## The steps, for every CLI

            1. Log in: run the CLI's command below in the agent container and follow it.
            2. Confirm the backup (backup: sidecar): `kubectl logs -n <namespace> deploy/<set>-<agent> -c {{PodLayout.BackupContainer}}`
               prints `{{PersistenceScripts.SyncedLine}} s3://<bucket>/<prefix> ...` after each sync, by default every
               {{AgentSetApi.S3.SyncIntervalSeconds.DefaultValue}} seconds. Or list the login file in the bucket:
               `aws s3 ls s3://<bucket>/<prefix>/<file>` (with `--endpoint-url` for an S3-compatible store).
            3. Restart the pod, so openab starts the CLI with its login: `kubectl rollout restart -n <namespace> deployment/<set>-<agent>`.
               The old pod's backup runs once more as it stops; the new pod restores the login before the CLI starts.

            A token the CLI refreshes is written to the same files, uploaded at the next sync and when the pod stops.
            With `backup: preStop` the upload happens only when the pod stops, so restart it once after the login.

            Where a CLI reads an API key from the environment, the key can come from a Secret instead of a login:

            ```yaml
            spec:
              agents:
                <agent>:
                  secretEnv:
                    - {name: VARIABLE, secretName: <secret>, secretKey: <key>}
            ```

            """);
        foreach (var cli in KnownClis.All)
        {
            var login = cli.FirstLogin;
            text.Append('\n').Append($"## {cli.Command}\n\n");
            text.Append($"Image variant `{cli.ImageVariant}`, home `{cli.WorkingDir}`.\n\n");
            text.Append(login.Command.Count > 0
                ? $"<!-- not tested: runs in the agent's pod on a cluster -->\n```sh\n{Exec("<namespace>", "<set>-<agent>", login.Command)}\n```\n\n"
                : "No login command is known.\n\n");
            text.Append($"{login.Steps}\n\n");
            text.Append($"- Login files: {string.Join(", ", cli.LoginFiles.Select(f => $"`~/{f}`"))}\n");
            text.Append($"- Persisted paths: {string.Join(", ", cli.PersistPaths.Select(p => $"`~/{p}`"))}");
            text.Append(cli.ExcludePaths.Count > 0 ? $" (left out: {string.Join(", ", cli.ExcludePaths.Select(p => $"`~/{p}`"))})\n" : "\n");
            text.Append($"- Token refresh: {login.Refresh}\n");
            text.Append(login.ApiKeyVariables.Count > 0
                ? $"- Instead of a login: {string.Join(" or ", login.ApiKeyVariables.Select(v => $"`{v}`"))} through `secretEnv`\n"
                : "- Instead of a login: none; the CLI reads no key from the environment\n");
            text.Append($"- Source: {login.Source}\n");
        }
        return text.ToString();
    }
}

/// <summary>Command lines a user pastes into a POSIX shell.</summary>
internal static class Shell
{
    /// <summary>The word as is when it has no character a shell treats specially, else single-quoted.</summary>
    public static string Quote(string word) =>
        word.Length > 0 && word.All(c => char.IsAsciiLetterOrDigit(c) || "@%_+=:,./-".Contains(c, StringComparison.Ordinal))
            ? word
            : "'" + word.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
}
