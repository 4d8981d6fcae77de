using System.Text.RegularExpressions;
using AgentSetFn.Api;
using AgentSetFn.Layout;
using KrmFn;

namespace AgentSetFn.Validation;

// Meaning-level checks of openab's own runtime options: a scheduled prompt's thread, the user
// cron file, the remote config URL and the lifecycle hooks, and how each meets the pod (the
// S3 backup, the grace period, the network policy).
internal static partial class AgentSetValidator
{
    // Slack's thread ID is the timestamp of its first message: seconds, '.', microseconds.
    [GeneratedRegex(@"\A[0-9]{1,12}\.[0-9]{1,9}\z")]
    private static partial Regex SlackThreadTs();

    [GeneratedRegex(@"\A[0-9a-f]{64}\z")]
    private static partial Regex Sha256Hex();

    // Query parameter names that carry a credential (token=, api_key=, X-Amz-Signature=, sig=...).
    [GeneratedRegex(@"\A.*(token|key|secret|passw|pwd|auth|sig|credential|session|code).*\z", RegexOptions.IgnoreCase | RegexOptions.Singleline)]
    private static partial Regex CredentialParameter();

    private static void ValidateRuntime(ResolvedAgent agent, string path, Diagnostics diagnostics)
    {
        ValidateCronjobThreads(agent.Definition, $"{path}.cronjobs", diagnostics);
        ValidateUsercron(agent, $"{path}.cron", diagnostics);
        ValidateConfigUrl(agent, path, diagnostics);
        ValidateHooks(agent, path, diagnostics);
    }

    private static void ValidateCronjobThreads(AgentDefinition agent, string path, Diagnostics diagnostics)
    {
        for (var i = 0; i < agent.Cronjobs.Count; i++)
        {
            if (agent.Cronjobs[i] is not { ThreadId: { } thread } job) continue;
            var slack = job.Platform == "slack";
            var problem = slack
                ? SlackThreadTs().IsMatch(thread) ? null : "a Slack thread is the timestamp of its first message, e.g. \"1712345678.123456\""
                : SnowflakeProblem(thread);
            if (problem is not null)
                diagnostics.Error($"{path}[{i}].threadId", $"`{thread}` is not a {(slack ? "Slack" : "Discord")} thread ID: {problem}");
        }
    }

    /// <summary>
    /// usercronPath as openab resolves it (relative to $HOME/.openab/, or absolute), checked as
    /// the persisted paths are when it lands under the home, since it is then kept in S3.
    /// </summary>
    private static void ValidateUsercron(ResolvedAgent agent, string path, Diagnostics diagnostics)
    {
        var cron = agent.Definition.Cron;
        var field = $"{path}.usercronPath";
        if (cron.UsercronPath is not { } file)
        {
            if (cron.UsercronEnabled)
                diagnostics.Warning($"{path}.usercronEnabled", "does nothing without usercronPath: openab turns user cron on only with both; set usercronPath (e.g. cronjob.toml, which is $HOME/.openab/cronjob.toml)");
            return;
        }
        if (!cron.UsercronEnabled)
            diagnostics.Warning(field, "has no effect while usercronEnabled is false: openab reads the file only when both are set");
        if (file.Any(c => char.IsControl(c)) || file != file.Trim())
        {
            diagnostics.Error(field, "contains control characters or surrounding spaces: give a file name such as cronjob.toml");
            return;
        }
        if (file.StartsWith('~'))
        {
            diagnostics.Error(field, $"`{file}`: openab does not expand `~`; a relative path is already under $HOME/.openab/ (e.g. cronjob.toml)");
            return;
        }
        var relative = file.StartsWith('/') ? null : file;
        if (relative is not null)
        {
            if (relative.EndsWith('/'))
                diagnostics.Error(field, $"`{file}` names a directory: openab reads one file (e.g. cronjob.toml)");
            else if (relative.StartsWith('-'))
                diagnostics.Error(field, $"`{file}` must not start with '-': the backup passes it to the AWS CLI, which would take it for an option");
            else if (relative.Split('/').Any(part => part is ".." or "." or ""))
                diagnostics.Error(field, $"`{file}` must not contain '.', '..' or empty segments: it has to stay inside $HOME/.openab/");
            else if (!SafePath().IsMatch(relative))
                diagnostics.Error(field, "contains characters that are not allowed in a persisted path (allowed: letters, digits, spaces and . _ - @ + = , ~)");
            return;
        }
        var home = agent.WorkingDir + "/";
        var inside = file.StartsWith(home, StringComparison.Ordinal) ? file[home.Length..] : null;
        if (inside is null)
        {
            diagnostics.Warning(field, $"`{file}` is outside the home ({agent.WorkingDir}): it is not kept in S3, and the root filesystem is read-only, so the agent can write it only on a volume mounted there; "
                + "a relative path (e.g. cronjob.toml) puts it in $HOME/.openab/ and keeps it");
        }
        else if (inside.EndsWith('/') || inside.StartsWith('-') || inside.Split('/').Any(part => part is ".." or "." or "") || !SafePath().IsMatch(inside))
        {
            diagnostics.Error(field, $"`{file}` is not a plain file path under the home (no '.', '..' or empty segments, no leading '-', letters, digits, spaces and . _ - @ + = , ~): it is kept in S3 like the login");
        }
    }

    /// <summary>configUrl: where openab fetches config.toml; it lands in the Deployment, so no credentials.</summary>
    private static void ValidateConfigUrl(ResolvedAgent agent, string path, Diagnostics diagnostics)
    {
        var definition = agent.Definition;
        if (definition.ConfigUrl is not { } url) return;
        var field = $"{path}.configUrl";
        if (UrlProblem(url, "the config URL") is { } problem)
        {
            diagnostics.Error(field, $"{problem}: it is written into the Deployment's args, which anyone who can read Deployments sees");
            return;
        }
        if (url.StartsWith("http:", StringComparison.OrdinalIgnoreCase))
            diagnostics.Warning(field, "is plain http: anyone on the network path can change the config openab runs (its command and hooks); use https");
        // The chart's own note: no ConfigMap, so AGENTS.md cannot be mounted.
        if (definition.AgentsMd is { Length: > 0 })
            diagnostics.Warning($"{path}.agentsMd", "has no effect with configUrl: no ConfigMap is rendered to mount AGENTS.md from; put the file in the home another way (a setup step, a volume, or the S3 paths)");
        foreach (var (name, set) in new[]
        {
            ("cronjobs", definition.Cronjobs.Count > 0),
            ("cron", definition.Cron.Written),
            ("hooks", definition.Hooks.Set().Any()),
        })
        {
            if (set) diagnostics.Warning($"{path}.{name}", "has no effect with configUrl: it is written only to the rendered config.toml, which openab does not read; put it in the config at the URL");
        }
        // The variables the function wires into openab's environment: the config at the URL names them.
        var variables = PodLayout.AgentCredentials(agent).Select(t => t.Variable).ToList();
        diagnostics.Info(field, "openab reads its config.toml from this URL; the rendered one is not used, and its typed fields (discord, slack, line, gateway, stt, pool, reactions, markdown) do not apply"
            + (variables.Count == 0 ? "" : $". The config can reference the pod's tokens as {string.Join(", ", variables.Select(v => "${" + v + "}"))}")
            + (definition.Line.Enabled ? $"; its [line] webhook_port must be line.webhookPort ({definition.Line.WebhookPort}), where the Service and the network policy reach the pod" : ""));
        WarnClosedPort(agent, field, url, diagnostics);
    }

    /// <summary>hooks: the chart's rules (exactly one source, sha256 with url), openab's (an absolute script), and the pod's.</summary>
    private static void ValidateHooks(ResolvedAgent agent, string path, Diagnostics diagnostics)
    {
        foreach (var (field, hook) in agent.Definition.Hooks.Set())
        {
            var where = $"{path}.hooks.{field.Name}";
            var sources = new[] { hook.Script, hook.Inline, hook.Url }.Count(s => s is not null);
            if (sources != 1)
                diagnostics.Error(where, $"must set exactly one of: script, inline, url (it sets {(sources == 0 ? "none" : sources.ToString(System.Globalization.CultureInfo.InvariantCulture))})");
            if (hook.Script is { } script && !(script.StartsWith('/') && !script.Any(char.IsControl) && script == script.Trim() && !script.EndsWith('/')))
                diagnostics.Error($"{where}.script", $"`{script}` must be the absolute path of a script file in the pod (e.g. /opt/hooks/boot.sh on a volume): openab runs no other");
            if (hook.Url is { } url)
            {
                if (UrlProblem(url, "the hook URL") is { } problem)
                    diagnostics.Error($"{where}.url", $"{problem}: it is written into config.toml, a ConfigMap");
                else
                    WarnClosedPort(agent, $"{where}.url", url, diagnostics);
                if (hook.Sha256 is null)
                    diagnostics.Error($"{where}.sha256", "sha256 is required when url is set: openab runs the fetched script only if its SHA-256 matches");
            }
            else if (hook.Sha256 is not null)
            {
                diagnostics.Error($"{where}.sha256", "is used only with url: remove it, or fetch the script from a url");
            }
            if (hook.Sha256 is { } sha && !Sha256Hex().IsMatch(sha))
                diagnostics.Error($"{where}.sha256", "must be 64 lowercase hexadecimal digits, the script's SHA-256 as `sha256sum` prints it");
        }

        if (agent.Definition.Hooks.PreShutdown is not { } shutdown) return;
        var hookPath = $"{path}.hooks.preShutdown";
        if (agent.S3 is { Enabled: true, Backup: BackupMode.PreStop })
        {
            diagnostics.Warning(hookPath, "runs after the final backup: with backup: preStop the backup runs before openab is stopped, and openab runs preShutdown after it, "
                + "so what the hook writes to the home is not kept in S3; backup: sidecar syncs after the agent container has stopped");
        }
        var budget = GracePeriod.StopBudgetSeconds(agent.Definition);
        // Below the S3 budget alone, the grace period check already warns.
        if (agent.Definition.TerminationGracePeriodSeconds is { } seconds && seconds < budget
            && !(agent.S3.Enabled && seconds < GracePeriod.FinalSyncBudgetSeconds))
        {
            diagnostics.Warning($"{path}.terminationGracePeriodSeconds",
                $"{seconds} s may cut off the preShutdown hook: the pod's stop needs up to {budget} s "
                + $"({(agent.S3.Enabled ? $"{GracePeriod.FinalSyncBudgetSeconds} s for the agent's stop and the final S3 backup" : $"{GracePeriod.AgentStopSeconds} s for the agent to stop")} "
                + $"+ the hook's timeoutSeconds {shutdown.TimeoutSeconds})");
        }
    }

    /// <summary>
    /// An http(s) URL with a host and no credentials, or what is wrong with it. The URL is never
    /// shown whole: user info, query and fragment can hold a token.
    /// </summary>
    private static string? UrlProblem(string url, string what)
    {
        if (url.Any(c => char.IsControl(c) || char.IsWhiteSpace(c)))
            return $"{what} contains spaces or control characters";
        // The authority as written, up to the first '/': a '@' in it is user info, even where the
        // parser took it otherwise (a password holding '#' or '?').
        var scheme = url.IndexOf("://", StringComparison.Ordinal);
        var authority = scheme < 0 ? "" : url[(scheme + 3)..] is var rest && rest.IndexOf('/', StringComparison.Ordinal) is var slash and >= 0 ? rest[..slash] : url[(scheme + 3)..];
        if (authority.Contains('@', StringComparison.Ordinal))
            return $"{what} holds credentials (user info before '@'); a token in a URL is a secret";
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("https" or "http") || uri.Host.Length == 0)
            return $"{UrlText.Describe(url, what)} is not an http(s) URL with a host";
        var parameters = uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Select(p => Uri.UnescapeDataString(p.Split('=')[0])).Where(name => CredentialParameter().IsMatch(name)).ToList();
        if (parameters.Count > 0)
            return $"{what} has the query parameter{(parameters.Count == 1 ? "" : "s")} {string.Join(", ", parameters.Select(p => $"`{p}`"))}, which carr{(parameters.Count == 1 ? "ies" : "y")} a credential; a token in a URL is a secret";
        return null;
    }

    /// <summary>The network policy opens HTTPS (443), DNS and the S3 endpoint only: another port is closed to openab's fetch.</summary>
    private static void WarnClosedPort(ResolvedAgent agent, string field, string url, Diagnostics diagnostics)
    {
        if (!agent.Definition.NetworkPolicy.Enabled || !Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Port == PodLayout.HttpsPort) return;
        diagnostics.Warning(field, $"is on port {uri.Port}, which the agent's network policy does not open (it allows 443): openab cannot fetch it; add the port to networkPolicy.extraEgress");
    }
}
