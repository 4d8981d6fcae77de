namespace AgentSetFn.Api;

/// <summary>
/// How long a pod with S3 persistence needs to stop without losing its last changes. Kubernetes
/// stops the agent container first (SIGTERM, or its preStop backup in preStop mode), then the
/// backup sidecar, whose preStop hook runs the final sync; all of it must end inside
/// terminationGracePeriodSeconds, after which everything is killed.
/// </summary>
internal static class GracePeriod
{
    /// <summary>openab waits up to 30 s for in-flight scheduled prompts when it stops (openab docs/cronjob.md, "Graceful shutdown").</summary>
    public const int AgentStopSeconds = 30;

    /// <summary>--cli-connect-timeout of every S3 request the persistence scripts make: the AWS CLI's default is 60 s.</summary>
    public const int ConnectTimeoutSeconds = 10;
    /// <summary>--cli-read-timeout: the AWS CLI's default is 60 s.</summary>
    public const int ReadTimeoutSeconds = 30;
    /// <summary>AWS_MAX_ATTEMPTS in the standard retry mode (the CLI v2 default, made explicit).</summary>
    public const int MaxAttempts = 3;

    /// <summary>
    /// The longest one S3 request can hold a sync before the CLI gives up: every attempt
    /// waiting out both timeouts. A healthy sync of a login state takes about a second.
    /// </summary>
    public const int StalledRequestSeconds = MaxAttempts * (ConnectTimeoutSeconds + ReadTimeoutSeconds);

    /// <summary>The agent's stop, then one final sync whose request stalls to the AWS CLI's limits: 30 + 3 x (10 + 30) = 150 s.</summary>
    public const long FinalSyncBudgetSeconds = AgentStopSeconds + StalledRequestSeconds;

    /// <summary>
    /// The grace period: the agent's own, else the budget with S3, else Kubernetes' default
    /// (null); a preShutdown hook's timeout is added to either, since openab runs the hook after
    /// SIGTERM, inside the agent's stop.
    /// </summary>
    public static long? For(AgentDefinition agent)
    {
        if (agent.TerminationGracePeriodSeconds is { } own) return own;
        var hook = ShutdownHookSeconds(agent);
        if (agent.Persistence.S3.Enabled) return FinalSyncBudgetSeconds + hook;
        return hook == 0 ? null : AgentStopSeconds + hook;
    }

    /// <summary>What the budget needs besides its default: the preShutdown hook's timeout, 0 without one.</summary>
    public static int ShutdownHookSeconds(AgentDefinition agent) => agent.Hooks.PreShutdown?.TimeoutSeconds ?? 0;

    /// <summary>The stop's whole budget with S3: the final sync's plus the preShutdown hook's.</summary>
    public static long StopBudgetSeconds(AgentDefinition agent) =>
        (agent.Persistence.S3.Enabled ? FinalSyncBudgetSeconds : AgentStopSeconds) + ShutdownHookSeconds(agent);
}
