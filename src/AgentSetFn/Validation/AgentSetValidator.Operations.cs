using System.Text.RegularExpressions;
using AgentSetFn.Api;
using KrmFn;
using AgentSetFn.Layout;

namespace AgentSetFn.Validation;

// Meaning-level checks of the operator fields: scheduled prompts, the pod-identity
// variables, the ExternalSecret sources, the grace period against the final S3 sync, and the
// figures derived for an empty resources.
internal static partial class AgentSetValidator
{
    // Shown in Discord as the prompt's author: letters, digits, space, '.', '_', '-'.
    [GeneratedRegex(@"\A[A-Za-z0-9][A-Za-z0-9 ._-]{0,62}\z")]
    private static partial Regex CronName();

    private static void ValidateOperations(ResolvedAgent agent, string path, Diagnostics diagnostics)
    {
        ValidateCronjobs(agent.Definition, $"{path}.cronjobs", diagnostics);
        ValidatePodIdentityEnv(agent.Definition, path, diagnostics);
        ValidateExternalSecrets(agent, path, diagnostics);
        ValidateGracePeriod(agent, path, diagnostics);
        ValidateExtraEgress(agent.Definition.NetworkPolicy.ExtraEgress, $"{path}.networkPolicy.extraEgress", diagnostics);
        ValidateLivenessProbe(agent.Definition.LivenessProbe.Overrides, $"{path}.livenessProbe", diagnostics);
        ReportNetworkPolicy(agent, path, diagnostics);
        ReportDerivedMemory(agent, $"{path}.resources", diagnostics);
    }

    private static void ValidateCronjobs(AgentDefinition agent, string path, Diagnostics diagnostics)
    {
        var jobs = agent.Cronjobs;
        var names = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < jobs.Count; i++)
        {
            var job = jobs[i];
            var where = $"{path}[{i}]";
            // Empty fields were reported by the reader.
            if (job.Name.Length > 0)
            {
                if (!CronName().IsMatch(job.Name))
                    diagnostics.Error($"{where}.name", $"`{job.Name}` is not a usable name (1-63 letters, digits, spaces, '.', '_', '-'; it is shown as the prompt's sender)");
                else if (names.TryGetValue(job.Name, out var first))
                    diagnostics.Error($"{where}.name", $"`{job.Name}` is already the name of cronjobs[{first}]: names must be unique");
                else
                    names[job.Name] = i;
            }
            if (job.Schedule.Length > 0)
            {
                var (error, warning) = CronSchedule.Check(job.Schedule);
                if (error is not null) diagnostics.Error($"{where}.schedule", error);
                if (warning is not null) diagnostics.Warning($"{where}.schedule", warning);
            }
            // openab posts to the platform's adapter; one that is off would drop every run.
            var slack = job.Platform == "slack";
            if (!(slack ? agent.Slack.Enabled : agent.Discord.Enabled))
                diagnostics.Error(job.Platform is null ? where : $"{where}.platform",
                    $"posts to {(slack ? "Slack" : "Discord")}{(job.Platform is null ? " (the default platform)" : "")}, which this agent does not use: "
                    + (slack ? "enable slack" : "set platform: slack, or enable discord"));
            if (job.Channel.Length > 0 && (slack ? IdProblem(job.Channel, IsSlackId, SlackIdForm) : SnowflakeProblem(job.Channel)) is { } hint)
                diagnostics.Error($"{where}.channel", $"`{job.Channel}` is not a {(slack ? "Slack" : "Discord")} channel ID: {hint}");
            if (job.Timezone is { } zone && CronSchedule.TimezoneProblem(zone) is { } zoneProblem) diagnostics.Error($"{where}.timezone", zoneProblem);
        }
    }

    /// <summary>POD_NAME, POD_NAMESPACE and NODE_NAME come from the Downward API; a second value would shadow them.</summary>
    private static void ValidatePodIdentityEnv(AgentDefinition agent, string path, Diagnostics diagnostics)
    {
        bool Reserved(string name) => PodLayout.PodIdentityVariables.Contains(name, StringComparer.Ordinal);
        const string why = "is set by the function from the Downward API (the pod's own name, namespace and node)";
        foreach (var (name, _) in agent.Env.Where(kv => Reserved(kv.Key)))
            diagnostics.Error($"{path}.env.{name}", $"{name} {why}");
        for (var i = 0; i < agent.SecretEnv.Count; i++)
        {
            if (Reserved(agent.SecretEnv[i].Name))
                diagnostics.Error($"{path}.secretEnv[{i}].name", $"{agent.SecretEnv[i].Name} {why}");
        }
    }

    private static void ValidateExternalSecrets(ResolvedAgent agent, string path, Diagnostics diagnostics)
    {
        var s3 = agent.S3;
        if (s3.CredentialsExternalSecret is null) return;
        var where = $"{path}.persistence.s3.credentialsExternalSecret";
        if (!string.IsNullOrEmpty(s3.CredentialsSecret))
            diagnostics.Error($"{path}.persistence.s3", "set either credentialsSecret or credentialsExternalSecret, not both");
        else if (!s3.Enabled)
            diagnostics.Warning(where, "s3.enabled is false: no ExternalSecret is rendered for the S3 keys");
        else if (agent.S3CredentialsSecret.Length > 253 || !IsDns1123Subdomain(agent.S3CredentialsSecret))
            diagnostics.Error(where, $"the generated Secret name `{agent.S3CredentialsSecret}` is not a valid Secret name");
    }

    // A named port, as Kubernetes takes it (IANA_SVC_NAME): lowercase letters, digits, '-'.
    [GeneratedRegex(@"\A[a-z0-9]([-a-z0-9]*[a-z0-9])?\z")]
    private static partial Regex PortName();

    /// <summary>The rules the API server applies to NetworkPolicy egress rules, reported before it refuses them.</summary>
    private static void ValidateExtraEgress(IReadOnlyList<k8s.Models.V1NetworkPolicyEgressRule> rules, string path, Diagnostics diagnostics)
    {
        for (var i = 0; i < rules.Count; i++)
        {
            var rule = rules[i];
            for (var j = 0; j < (rule.To?.Count ?? 0); j++)
            {
                var peer = rule.To![j];
                var where = $"{path}[{i}].to[{j}]";
                if (peer.IpBlock is null && peer.NamespaceSelector is null && peer.PodSelector is null)
                    diagnostics.Error(where, "names no peer: give podSelector, namespaceSelector or ipBlock (leave `to` out to allow every destination)");
                else if (peer.IpBlock is { } block)
                {
                    if (peer.NamespaceSelector is not null || peer.PodSelector is not null)
                        diagnostics.Error(where, "ipBlock cannot be combined with podSelector or namespaceSelector in one peer");
                    if (!System.Net.IPNetwork.TryParse(block.Cidr ?? "", out var network))
                        diagnostics.Error($"{where}.ipBlock.cidr", $"`{block.Cidr}` is not a CIDR (e.g. 10.0.0.0/16)");
                    foreach (var except in block.Except ?? [])
                    {
                        if (!System.Net.IPNetwork.TryParse(except, out var inner) || !network.Contains(inner.BaseAddress))
                            diagnostics.Error($"{where}.ipBlock.except", $"`{except}` is not a CIDR inside `{block.Cidr}`");
                    }
                }
            }
            for (var j = 0; j < (rule.Ports?.Count ?? 0); j++)
            {
                var port = rule.Ports![j];
                var where = $"{path}[{i}].ports[{j}]";
                if (port.Protocol is not (null or "TCP" or "UDP" or "SCTP"))
                    diagnostics.Error($"{where}.protocol", $"`{port.Protocol}` is not a protocol: use TCP (default), UDP or SCTP");
                var text = port.Port?.Value;
                var numeric = int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var number);
                if (text is not null && (numeric ? number is < 1 or > 65535 : text.Length > 15 || !PortName().IsMatch(text)))
                    diagnostics.Error($"{where}.port", $"`{text}` is not a port number (1-65535) or a port name");
                if (port.EndPort is { } end && (!numeric || end < number || end > 65535))
                    diagnostics.Error($"{where}.endPort", "needs a numeric port, and must lie between it and 65535");
            }
        }
    }

    /// <summary>What the API server refuses in a liveness probe (zero means its default there).</summary>
    private static void ValidateLivenessProbe(k8s.Models.V1Probe? probe, string path, Diagnostics diagnostics)
    {
        if (probe is null) return;
        foreach (var (field, value) in new (string, int?)[]
        {
            ("initialDelaySeconds", probe.InitialDelaySeconds), ("periodSeconds", probe.PeriodSeconds),
            ("timeoutSeconds", probe.TimeoutSeconds), ("failureThreshold", probe.FailureThreshold),
        })
        {
            if (value < 0) diagnostics.Error($"{path}.{field}", $"must be zero or more, got {value}");
        }
        if (probe.SuccessThreshold is { } success && success != 1)
            diagnostics.Error($"{path}.successThreshold", "must be 1 for a liveness probe");
        if (probe.TerminationGracePeriodSeconds is < 1)
            diagnostics.Error($"{path}.terminationGracePeriodSeconds", "must be 1 or more");
        if (new object?[] { probe.Exec, probe.HttpGet, probe.TcpSocket, probe.Grpc }.Count(h => h is not null) > 1)
            diagnostics.Error(path, "give one handler: exec, httpGet, tcpSocket or grpc");
        if (probe.Exec is { } exec && exec.Command is not { Count: > 0 })
            diagnostics.Error($"{path}.exec.command", "is required: the command whose exit code 0 means alive");
    }

    /// <summary>The final S3 sync must fit the grace period (see GracePeriod for the budget).</summary>
    private static void ValidateGracePeriod(ResolvedAgent agent, string path, Diagnostics diagnostics)
    {
        if (agent.Definition.TerminationGracePeriodSeconds is not { } seconds || !agent.S3.Enabled) return;
        if (seconds < GracePeriod.FinalSyncBudgetSeconds)
        {
            diagnostics.Warning($"{path}.terminationGracePeriodSeconds",
                $"{seconds} s may cut off the final S3 backup when the pod stops: it needs up to {GracePeriod.FinalSyncBudgetSeconds} s " +
                $"({GracePeriod.AgentStopSeconds} s for the agent to stop, then one S3 request that stalls: {GracePeriod.MaxAttempts} attempts x " +
                $"({GracePeriod.ConnectTimeoutSeconds} s connect + {GracePeriod.ReadTimeoutSeconds} s read timeout)); " +
                "changes since the last periodic backup are lost if it is cut off");
        }
    }

    /// <summary>A host name cannot be a NetworkPolicy peer: say that its port is open to every destination.</summary>
    private static void ReportNetworkPolicy(ResolvedAgent agent, string path, Diagnostics diagnostics)
    {
        if (!agent.Definition.NetworkPolicy.Enabled) return;
        if (PodLayout.S3EgressOf(agent) is { Cidr: null } s3)
        {
            diagnostics.Info($"{path}.networkPolicy",
                $"the S3 endpoint is a host name, which a NetworkPolicy cannot select: egress to port {s3.Port} is allowed to every destination " +
                "(use an IP address in the endpoint, or an ipBlock in extraEgress instead, to narrow it)");
        }
        if (PodLayout.SttEgressOf(agent) is { Cidr: null } stt && stt != PodLayout.S3EgressOf(agent))
        {
            diagnostics.Info($"{path}.networkPolicy",
                $"stt.baseUrl names a host, which a NetworkPolicy cannot select: egress to port {stt.Port} is allowed to every destination " +
                "(use an IP address in the base URL, or an ipBlock in extraEgress instead, to narrow it)");
        }
    }

    private static void ReportDerivedMemory(ResolvedAgent agent, string path, Diagnostics diagnostics)
    {
        if (agent.DerivedMemory is { } memory)
        {
            diagnostics.Info(path,
                $"derived from the pool (resources is empty): requests.memory {memory.Request} (broker {Pinned.BrokerMemoryMiB} MiB + one session), " +
                $"limits.memory {memory.Limit} (broker {Pinned.BrokerMemoryMiB} MiB + pool.maxSessions {memory.Sessions} x {memory.SessionMiB} MiB per {memory.Cli.Command} session); " +
                "set resources to choose your own");
        }
        else if (agent.Resources is null)
        {
            diagnostics.Info(path, $"`{agent.Command}` is not in the CLI table, so no memory is derived from the pool: the agent runs without requests or limits; set resources");
        }
    }
}
