using AgentSetFn.Api;
using k8s.Models;

namespace AgentSetFn.Rendering;

/// <summary>
/// The agent's Deployment: the openab container, hardened, with its home on an emptyDir that
/// the S3 restore fills before it starts and the S3 backup empties into the bucket while it
/// runs and when it stops.
/// </summary>
internal static class DeploymentRenderer
{
    public const string AgentContainer = "openab";
    public const string RestoreContainer = "s3-restore";
    public const string BackupContainer = "s3-backup";

    private const string ConfigVolume = "config";
    private const string HomeVolume = "home";
    private const string TmpVolume = "tmp";
    private const string AwsTmpVolume = "aws-tmp";
    private const string S3CredentialsVolume = "s3-credentials";
    private const string S3CredentialsDir = "/var/run/secrets/agentset/s3";

    /// <summary>The files that carry AGENTS.md into the home: each CLI reads its own name.</summary>
    private static readonly string[] AgentsMdFileNames = ["AGENTS.md", "CLAUDE.md", "GEMINI.md"];

    public static V1Deployment Render(ResolvedAgent agent, string configHash)
    {
        var s3 = agent.S3;
        var initContainers = new List<V1Container>();
        if (s3.Enabled)
        {
            initContainers.Add(RestoreContainerFor(agent));
            if (s3.Backup == BackupMode.Sidecar) initContainers.Add(BackupSidecarFor(agent));
        }

        var podSpec = new V1PodSpec
        {
            // The agent talks to Discord and model APIs only; it has no use for the API server.
            AutomountServiceAccountToken = false,
            EnableServiceLinks = false,
            SecurityContext = new V1PodSecurityContext
            {
                RunAsNonRoot = true,
                RunAsUser = Pinned.Uid,
                RunAsGroup = Pinned.Uid,
                FsGroup = Pinned.Uid,
                SeccompProfile = new V1SeccompProfile { Type = "RuntimeDefault" },
            },
            // The final S3 sync runs after the agent stops and must finish inside the grace period.
            TerminationGracePeriodSeconds = s3.Enabled ? Pinned.S3TerminationGracePeriodSeconds : null,
            InitContainers = initContainers.Count == 0 ? null : initContainers,
            Containers = [AgentContainerFor(agent)],
            Volumes = Volumes(agent),
            NodeSelector = agent.Definition.NodeSelector.Count == 0
                ? null
                : agent.Definition.NodeSelector.ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.Ordinal),
            Tolerations = agent.Definition.Tolerations.Count == 0 ? null : [.. agent.Definition.Tolerations],
            Affinity = agent.Definition.Affinity,
        };

        return new V1Deployment
        {
            ApiVersion = "apps/v1",
            Kind = "Deployment",
            Metadata = ObjectMetadata.For(agent),
            Spec = new V1DeploymentSpec
            {
                // Exactly one pod, and never two at once: two pods on one Discord token answer
                // every message twice, and two pods racing on one S3 prefix overwrite each
                // other's login. Recreate stops the old pod (and its final backup) first.
                Replicas = 1,
                Strategy = new V1DeploymentStrategy { Type = "Recreate" },
                Selector = new V1LabelSelector { MatchLabels = ObjectMetadata.SelectorLabels(agent) },
                Template = new V1PodTemplateSpec
                {
                    Metadata = new V1ObjectMeta
                    {
                        Labels = ObjectMetadata.Labels(agent),
                        // Changes when this agent's config.toml, AGENTS.md or inline token
                        // change, so the pod rolls; other agents' changes leave it alone.
                        Annotations = new Dictionary<string, string>(StringComparer.Ordinal)
                        {
                            [ObjectMetadata.ConfigHashAnnotation] = configHash,
                        },
                    },
                    Spec = podSpec,
                },
            },
        };
    }

    private static V1Container AgentContainerFor(ResolvedAgent agent)
    {
        var definition = agent.Definition;
        var env = new List<V1EnvVar>
        {
            new() { Name = "HOME", Value = agent.WorkingDir },
            new()
            {
                Name = "DISCORD_BOT_TOKEN",
                ValueFrom = new V1EnvVarSource { SecretKeyRef = TokenSecretKey(agent) },
            },
        };
        env.AddRange(definition.Env.Select(kv => new V1EnvVar { Name = kv.Key, Value = kv.Value }));
        env.AddRange(definition.SecretEnv.Select(e => new V1EnvVar
        {
            Name = e.Name,
            ValueFrom = new V1EnvVarSource { SecretKeyRef = new V1SecretKeySelector { Name = e.SecretName, Key = e.SecretKey } },
        }));

        var mounts = new List<V1VolumeMount>
        {
            new() { Name = ConfigVolume, MountPath = Pinned.ConfigDir, ReadOnlyProperty = true },
            new() { Name = HomeVolume, MountPath = agent.WorkingDir },
            new() { Name = TmpVolume, MountPath = "/tmp" },
        };
        if (!string.IsNullOrEmpty(definition.AgentsMd))
        {
            mounts.AddRange(AgentsMdFileNames.Select(file => new V1VolumeMount
            {
                Name = ConfigVolume,
                MountPath = $"{agent.WorkingDir}/{file}",
                SubPath = ConfigMapRenderer.AgentsMdKey,
                ReadOnlyProperty = true,
            }));
        }

        V1Lifecycle? lifecycle = null;
        if (agent.S3.Enabled && agent.S3.Backup == BackupMode.PreStop)
        {
            // The seed's design: the agent image ships the aws CLI and backs up as it stops.
            env.AddRange(S3Env(agent, credentialsAsEnv: false));
            if (!string.IsNullOrEmpty(agent.S3.CredentialsSecret))
            {
                // Files, not environment: the agent must never see the keys in its environment.
                env.Add(new V1EnvVar { Name = "AGENTSET_S3_CREDENTIALS_DIR", Value = S3CredentialsDir });
                mounts.Add(new V1VolumeMount { Name = S3CredentialsVolume, MountPath = S3CredentialsDir, ReadOnlyProperty = true });
            }
            lifecycle = new V1Lifecycle { PreStop = Exec(PersistenceScripts.BackupOnce) };
        }

        return new V1Container
        {
            Name = AgentContainer,
            Image = agent.Image,
            ImagePullPolicy = "IfNotPresent",
            Env = env,
            EnvFrom = definition.EnvFrom.Count == 0 ? null : [.. definition.EnvFrom],
            Resources = definition.Resources,
            SecurityContext = HardenedContainer(),
            VolumeMounts = mounts,
            Lifecycle = lifecycle,
        };
    }

    private static V1SecretKeySelector TokenSecretKey(ResolvedAgent agent) =>
        agent.Definition.Discord.BotTokenSecretRef is { } reference
            ? new V1SecretKeySelector { Name = reference.Name, Key = reference.Key }
            : new V1SecretKeySelector { Name = agent.Name, Key = SecretRenderer.TokenKey };

    private static V1Container RestoreContainerFor(ResolvedAgent agent) =>
        AwsCliContainer(agent, RestoreContainer, PersistenceScripts.Restore, S3Env(agent, credentialsAsEnv: true), homeReadOnly: false);

    private static V1Container BackupSidecarFor(ResolvedAgent agent)
    {
        var env = S3Env(agent, credentialsAsEnv: true);
        env.Add(new V1EnvVar
        {
            Name = "AGENTSET_SYNC_INTERVAL",
            Value = agent.S3.SyncIntervalSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
        });
        // Read-only home: the backup can read it, never change it.
        var sidecar = AwsCliContainer(agent, BackupContainer, PersistenceScripts.BackupLoop, env, homeReadOnly: true);
        // A native sidecar (Kubernetes 1.29+): starts before the agent, stops after it,
        // so its preStop backup sees the agent's last writes.
        sidecar.RestartPolicy = "Always";
        sidecar.Lifecycle = new V1Lifecycle { PreStop = Exec(PersistenceScripts.BackupOnce) };
        return sidecar;
    }

    /// <summary>A hardened AWS CLI container running one persistence script over the home volume.</summary>
    private static V1Container AwsCliContainer(ResolvedAgent agent, string name, string script, List<V1EnvVar> env, bool homeReadOnly) => new()
    {
        Name = name,
        Image = agent.AwsCliImage,
        ImagePullPolicy = "IfNotPresent",
        Command = ["/bin/sh", "-c", script],
        Env = env,
        Resources = AwsCliResources(),
        SecurityContext = HardenedContainer(),
        VolumeMounts =
        [
            new() { Name = HomeVolume, MountPath = agent.WorkingDir, ReadOnlyProperty = homeReadOnly ? true : null },
            new() { Name = AwsTmpVolume, MountPath = "/tmp" },
        ],
    };

    /// <summary>What the persistence scripts read (see PersistenceScripts).</summary>
    private static List<V1EnvVar> S3Env(ResolvedAgent agent, bool credentialsAsEnv)
    {
        var s3 = agent.S3;
        var env = new List<V1EnvVar>();
        // The aws CLI's own HOME and TMPDIR, on the aws-tmp emptyDir (the root filesystem is read-only).
        if (credentialsAsEnv)
        {
            env.Add(new V1EnvVar { Name = "HOME", Value = "/tmp" });
            env.Add(new V1EnvVar { Name = "TMPDIR", Value = "/tmp" });
        }
        env.Add(new V1EnvVar { Name = "AGENTSET_HOME", Value = agent.WorkingDir });
        env.Add(new V1EnvVar { Name = "AGENTSET_S3_URI", Value = $"s3://{s3.Bucket}/{agent.S3Prefix}" });
        env.Add(new V1EnvVar { Name = "AGENTSET_PATHS", Value = string.Join('\n', agent.PersistPaths) });
        if (agent.ExcludePaths.Count > 0)
            env.Add(new V1EnvVar { Name = "AGENTSET_EXCLUDE", Value = string.Join('\n', agent.ExcludePaths) });
        if (!string.IsNullOrEmpty(s3.Endpoint))
            env.Add(new V1EnvVar { Name = "AWS_ENDPOINT_URL", Value = s3.Endpoint.TrimEnd('/') });
        // S3-compatible stores ignore the region but the CLI wants one; us-east-1 is their convention.
        var region = !string.IsNullOrEmpty(s3.Region) ? s3.Region : !string.IsNullOrEmpty(s3.Endpoint) ? "us-east-1" : null;
        if (region is not null) env.Add(new V1EnvVar { Name = "AWS_REGION", Value = region });
        if (credentialsAsEnv && !string.IsNullOrEmpty(s3.CredentialsSecret))
        {
            // With no credentialsSecret the pod's own identity (IRSA, EKS Pod Identity) is used.
            foreach (var key in new[] { "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY" })
            {
                env.Add(new V1EnvVar
                {
                    Name = key,
                    ValueFrom = new V1EnvVarSource { SecretKeyRef = new V1SecretKeySelector { Name = s3.CredentialsSecret, Key = key } },
                });
            }
        }
        return env;
    }

    private static List<V1Volume> Volumes(ResolvedAgent agent)
    {
        var volumes = new List<V1Volume>
        {
            new() { Name = ConfigVolume, ConfigMap = new V1ConfigMapVolumeSource { Name = agent.Name } },
            // Runtime data is ephemeral by design: what must survive is restored from S3.
            new() { Name = HomeVolume, EmptyDir = new V1EmptyDirVolumeSource() },
            new() { Name = TmpVolume, EmptyDir = new V1EmptyDirVolumeSource() },
        };
        if (agent.S3.Enabled)
        {
            volumes.Add(new V1Volume { Name = AwsTmpVolume, EmptyDir = new V1EmptyDirVolumeSource() });
            if (agent.S3.Backup == BackupMode.PreStop && !string.IsNullOrEmpty(agent.S3.CredentialsSecret))
            {
                volumes.Add(new V1Volume
                {
                    Name = S3CredentialsVolume,
                    Secret = new V1SecretVolumeSource { SecretName = agent.S3.CredentialsSecret, DefaultMode = 0x120 /* 0440: readable by the pod's fsGroup */ },
                });
            }
        }
        return volumes;
    }

    private static V1LifecycleHandler Exec(string script) =>
        new() { Exec = new V1ExecAction { Command = ["/bin/sh", "-c", script] } };

    private static V1SecurityContext HardenedContainer() => new()
    {
        RunAsNonRoot = true,
        RunAsUser = Pinned.Uid,
        RunAsGroup = Pinned.Uid,
        AllowPrivilegeEscalation = false,
        ReadOnlyRootFilesystem = true,
        Capabilities = new V1Capabilities { Drop = ["ALL"] },
        SeccompProfile = new V1SeccompProfile { Type = "RuntimeDefault" },
    };

    private static V1ResourceRequirements AwsCliResources() => new()
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
