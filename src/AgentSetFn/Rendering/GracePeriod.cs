using AgentSetFn.Api;

namespace AgentSetFn.Rendering;

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

    /// <summary>The agent's stop, then one final sync whose request stalls to the AWS CLI's limits: 30 + 3 x (10 + 30) = 150 s.</summary>
    public const long FinalSyncBudgetSeconds = AgentStopSeconds + PersistenceScripts.StalledRequestSeconds;

    /// <summary>The grace period rendered: the agent's own, else the budget with S3, else Kubernetes' default (null).</summary>
    public static long? For(ResolvedAgent agent) =>
        agent.Definition.TerminationGracePeriodSeconds ?? (agent.S3.Enabled ? FinalSyncBudgetSeconds : null);
}
