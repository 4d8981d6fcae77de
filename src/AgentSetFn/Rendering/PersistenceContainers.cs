using System.Globalization;
using AgentSetFn.Api;
using AgentSetFn.Layout;
using k8s.Models;

namespace AgentSetFn.Rendering;

/// <summary>
/// The pod's S3 persistence: the restore init container, the backup sidecar (or, in preStop
/// mode, what the agent's own container gets for its final backup), and their volumes. The
/// containers run <see cref="PersistenceScripts"/>, which read everything from the environment.
/// </summary>
internal static class PersistenceContainers
{
    /// <summary>The restore, then the backup sidecar (backup: sidecar); none with S3 off.</summary>
    public static IEnumerable<V1Container> InitContainers(ResolvedAgent agent)
    {
        if (!agent.S3.Enabled) yield break;
        yield return AwsCliContainer(agent, PodLayout.RestoreContainer, PersistenceScripts.Restore, AwsCliEnv(agent), homeReadOnly: false);
        if (agent.S3.Backup == BackupMode.Sidecar) yield return BackupSidecar(agent);
    }

    private static V1Container BackupSidecar(ResolvedAgent agent)
    {
        var env = AwsCliEnv(agent);
        env.Add(new V1EnvVar { Name = "AGENTSET_SYNC_INTERVAL", Value = agent.S3.SyncIntervalSeconds.ToString(CultureInfo.InvariantCulture) });
        // Read-only home: the backup can read it, never change it.
        var sidecar = AwsCliContainer(agent, PodLayout.BackupContainer, PersistenceScripts.BackupLoop, env, homeReadOnly: true);
        // A native sidecar (Kubernetes 1.29+): starts before the agent, stops after it,
        // so its preStop backup sees the agent's last writes.
        sidecar.RestartPolicy = "Always";
        sidecar.Lifecycle = FinalBackupOnStop();
        return sidecar;
    }

    /// <summary>A hardened AWS CLI container running one persistence script over the home volume.</summary>
    private static V1Container AwsCliContainer(ResolvedAgent agent, string name, string script, List<V1EnvVar> env, bool homeReadOnly) => new()
    {
        Name = name,
        Image = agent.AwsCliImage.Text,
        ImagePullPolicy = "IfNotPresent",
        Command = ["/bin/sh", "-c", script],
        Env = env,
        Resources = SmallToolResources(),
        SecurityContext = SecurityOverlay.HardenedContainer(),
        VolumeMounts =
        [
            new() { Name = PodLayout.HomeVolume, MountPath = agent.WorkingDir, ReadOnlyProperty = homeReadOnly ? true : null },
            new() { Name = PodLayout.AwsTmpVolume, MountPath = PodLayout.TmpDir },
            .. IdentityTokenMount(agent),
        ],
    };

    /// <summary>The agent's identity token, read-only, in the AWS CLI containers only (see <see cref="AwsIdentity"/>).</summary>
    private static IEnumerable<V1VolumeMount> IdentityTokenMount(ResolvedAgent agent) => agent.StorageIdentity is not { } identity ? [] :
        [new() { Name = AwsIdentity.TokenVolume, MountPath = AwsIdentity.TokenOf(identity.Mode).Directory, ReadOnlyProperty = true }];

    /// <summary>The backup as the pod stops: the sidecar's preStop hook, or the agent's in preStop mode.</summary>
    public static V1Lifecycle FinalBackupOnStop() =>
        new() { PreStop = new V1LifecycleHandler { Exec = new V1ExecAction { Command = ["/bin/sh", "-c", PersistenceScripts.BackupOnce] } } };

    /// <summary>
    /// The restore's and the sidecar's environment: the aws CLI's own HOME and TMPDIR on the
    /// aws-tmp emptyDir (the root filesystem is read-only), what the scripts read, and the keys.
    /// </summary>
    private static List<V1EnvVar> AwsCliEnv(ResolvedAgent agent) =>
    [
        new() { Name = "HOME", Value = PodLayout.TmpDir },
        new() { Name = "TMPDIR", Value = PodLayout.TmpDir },
        .. ScriptEnv(agent),
        .. PodLayout.S3Keys(agent).Select(SecretVariables.Of),
        .. AwsIdentity.Variables(agent).Select(v => new V1EnvVar { Name = v.Name, Value = v.Value }),
    ];

    /// <summary>
    /// backup: preStop: what the agent's own container gets for its final backup. With keys from
    /// a Secret, they are files, not environment: the agent must never see them in its environment.
    /// </summary>
    public static IEnumerable<V1EnvVar> PreStopEnv(ResolvedAgent agent) => PodLayout.MountsS3KeysInAgent(agent)
        ? [.. ScriptEnv(agent), new() { Name = "AGENTSET_S3_CREDENTIALS_DIR", Value = PodLayout.S3CredentialsDir }]
        : ScriptEnv(agent);

    public static IEnumerable<V1VolumeMount> PreStopMounts(ResolvedAgent agent) => PodLayout.MountsS3KeysInAgent(agent)
        ? [new() { Name = PodLayout.S3CredentialsVolume, MountPath = PodLayout.S3CredentialsDir, ReadOnlyProperty = true }]
        : [];

    /// <summary>What the persistence scripts read (see PersistenceScripts).</summary>
    private static IEnumerable<V1EnvVar> ScriptEnv(ResolvedAgent agent)
    {
        yield return new V1EnvVar { Name = "AGENTSET_HOME", Value = agent.WorkingDir };
        yield return new V1EnvVar { Name = "AGENTSET_S3_URI", Value = $"s3://{agent.S3.Bucket}/{agent.S3Prefix}" };
        yield return new V1EnvVar { Name = "AGENTSET_PATHS", Value = string.Join('\n', agent.PersistPaths) };
        if (agent.ExcludePaths.Count > 0)
            yield return new V1EnvVar { Name = "AGENTSET_EXCLUDE", Value = string.Join('\n', agent.ExcludePaths) };
        if (agent.S3EndpointUrl is { } endpoint) yield return new V1EnvVar { Name = "AWS_ENDPOINT_URL", Value = endpoint };
        if (agent.S3Region is { } region) yield return new V1EnvVar { Name = "AWS_REGION", Value = region };
    }

    /// <summary>The aws-tmp emptyDir, and in preStop mode the keys' Secret for the agent's container.</summary>
    public static IEnumerable<V1Volume> Volumes(ResolvedAgent agent)
    {
        if (!agent.S3.Enabled) yield break;
        yield return new V1Volume { Name = PodLayout.AwsTmpVolume, EmptyDir = new V1EmptyDirVolumeSource() };
        if (agent.StorageIdentity is { } identity)
        {
            // A projected token the kubelet issues and refreshes for the pod's ServiceAccount,
            // whatever automountServiceAccountToken says (that governs the API server's token only).
            var token = AwsIdentity.TokenOf(identity.Mode);
            yield return new V1Volume
            {
                Name = AwsIdentity.TokenVolume,
                Projected = new V1ProjectedVolumeSource
                {
                    Sources =
                    [
                        new V1VolumeProjection
                        {
                            ServiceAccountToken = new V1ServiceAccountTokenProjection
                            {
                                Audience = token.Audience,
                                ExpirationSeconds = AwsIdentity.TokenExpirationSeconds,
                                Path = token.File,
                            },
                        },
                    ],
                },
            };
        }
        if (PodLayout.MountsS3KeysInAgent(agent))
        {
            yield return new V1Volume
            {
                Name = PodLayout.S3CredentialsVolume,
                Secret = new V1SecretVolumeSource { SecretName = agent.S3CredentialsSecret, DefaultMode = SecurityOverlay.GroupReadable },
            };
        }
    }

    /// <summary>What the AWS CLI and git containers get: they sync or clone, then sleep.</summary>
    internal static V1ResourceRequirements SmallToolResources() => new()
    {
        Requests = new Dictionary<string, ResourceQuantity>(StringComparer.Ordinal)
        {
            ["cpu"] = new("10m"),
            ["memory"] = new("64Mi"),
        },
        Limits = new Dictionary<string, ResourceQuantity>(StringComparer.Ordinal)
        {
            ["memory"] = new("256Mi"),
        },
    };
}
