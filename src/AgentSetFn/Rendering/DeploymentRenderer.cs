using System.Text.Json;
using System.Text.Json.Nodes;
using AgentSetFn.Api;
using KrmFn;
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
    public const string CloneContainer = "git-clone";

    /// <summary>Names user containers must not take.</summary>
    public static readonly string[] OwnContainers = [AgentContainer, RestoreContainer, BackupContainer, CloneContainer];

    /// <summary>Names user volumes must not take.</summary>
    public static readonly string[] OwnVolumes = [ConfigVolume, HomeVolume, TmpVolume, AwsTmpVolume, S3CredentialsVolume, GitTokenVolume];

    /// <summary>Where the workspace is cloned, below the working directory.</summary>
    public const string WorkspaceDir = "workspace";

    private const string GitTokenVolume = "git-token";
    private const string GitTokenDir = "/var/run/secrets/agentset/git";

    private const string ConfigVolume = "config";
    private const string HomeVolume = "home";
    private const string TmpVolume = "tmp";
    private const string AwsTmpVolume = "aws-tmp";
    private const string S3CredentialsVolume = "s3-credentials";
    private const string S3CredentialsDir = "/var/run/secrets/agentset/s3";

    /// <summary>Every container's scratch directory, on an emptyDir of its own.</summary>
    public const string TmpDir = "/tmp";

    /// <summary>
    /// The mount paths the function uses whatever the agent's settings: the working directory
    /// and user volumes must stay clear of them (not on, above or inside them).
    /// </summary>
    public static readonly string[] FixedMountPaths = [Pinned.ConfigDir, TmpDir, S3CredentialsDir, GitTokenDir];

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
        var definition = agent.Definition;
        if (definition.Workspace is { } workspace) initContainers.Add(CloneContainerFor(agent, workspace));
        initContainers.AddRange(definition.Setup.Select(step => SetupContainerFor(agent, step)));
        initContainers.AddRange(definition.ExtraInitContainers.Select(Hardened));

        var podSpec = new V1PodSpec
        {
            // The agent talks to Discord and model APIs only; it has no use for the API server.
            AutomountServiceAccountToken = false,
            EnableServiceLinks = false,
            SecurityContext = Overlay(new V1PodSecurityContext
            {
                RunAsNonRoot = true,
                RunAsUser = Pinned.Uid,
                RunAsGroup = Pinned.Uid,
                FsGroup = Pinned.Uid,
                SeccompProfile = new V1SeccompProfile { Type = "RuntimeDefault" },
            }, definition.PodSecurityContext, KubernetesJsonContext.Default.V1PodSecurityContext),
            ServiceAccountName = string.IsNullOrEmpty(definition.ServiceAccountName) ? null : definition.ServiceAccountName,
            PriorityClassName = string.IsNullOrEmpty(definition.PriorityClassName) ? null : definition.PriorityClassName,
            ImagePullSecrets = definition.ImagePullSecrets.Count == 0 ? null : [.. definition.ImagePullSecrets],
            // The final S3 sync runs after the agent stops and must finish inside the grace period.
            TerminationGracePeriodSeconds = GracePeriod.For(agent),
            InitContainers = initContainers.Count == 0 ? null : initContainers,
            Containers = [AgentContainerFor(agent), .. definition.ExtraContainers.Select(Hardened)],
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
                        Labels = PodLabels(agent),
                        // Changes when this agent's config.toml, AGENTS.md or inline token
                        // change, so the pod rolls; other agents' changes leave it alone.
                        Annotations = PodAnnotations(agent, configHash),
                    },
                    Spec = podSpec,
                },
            },
        };
    }

    private static Dictionary<string, string> PodLabels(ResolvedAgent agent)
    {
        var labels = ObjectMetadata.Labels(agent);
        // The validator rejects keys the function sets; these are the user's own.
        foreach (var (key, value) in agent.Definition.PodLabels) labels[key] = value;
        return labels;
    }

    private static Dictionary<string, string> PodAnnotations(ResolvedAgent agent, string configHash)
    {
        var annotations = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in agent.Definition.PodAnnotations) annotations[key] = value;
        annotations[ObjectMetadata.ConfigHashAnnotation] = configHash;
        return annotations;
    }

    /// <summary>Every mount path the function itself uses in the agent's pod.</summary>
    public static IReadOnlyList<string> OwnMountPaths(ResolvedAgent agent) => [.. FixedMountPaths, agent.WorkingDir, .. SealedMountPaths(agent)];

    /// <summary>
    /// The function's mounts nothing can be mounted inside: read-only directories (the config,
    /// the Secrets) and single files. The home and /tmp are writable emptyDirs; a volume may go below them.
    /// </summary>
    public static IReadOnlyList<string> SealedMountPaths(ResolvedAgent agent) =>
        [Pinned.ConfigDir, S3CredentialsDir, GitTokenDir, .. AgentsMdFileNames.Select(file => $"{agent.WorkingDir}/{file}")];

    /// <summary>The user's volumes, mounted into the setup steps and the agent.</summary>
    private static IEnumerable<V1VolumeMount> UserMounts(ResolvedAgent agent) =>
        agent.Definition.Volumes.Select(v => new V1VolumeMount { Name = v.Name, MountPath = v.MountPath, ReadOnlyProperty = v.ReadOnly ? true : null });

    /// <summary>
    /// Clones the workspace, shallow, as the agent's uid. The token is read by a credential
    /// helper from a mounted file: it is never in an argument, the URL or the environment.
    /// </summary>
    private static V1Container CloneContainerFor(ResolvedAgent agent, WorkspaceSettings workspace)
    {
        var env = new List<V1EnvVar>
        {
            new() { Name = "HOME", Value = TmpDir },
            new() { Name = "AGENTSET_GIT_REPO", Value = workspace.Repo },
            new() { Name = "AGENTSET_WORKSPACE", Value = $"{agent.WorkingDir}/{WorkspaceDir}" },
        };
        if (!string.IsNullOrEmpty(workspace.Ref)) env.Add(new V1EnvVar { Name = "AGENTSET_GIT_REF", Value = workspace.Ref });
        var mounts = new List<V1VolumeMount>
        {
            new() { Name = HomeVolume, MountPath = agent.WorkingDir },
            new() { Name = TmpVolume, MountPath = TmpDir },
        };
        if (workspace.SecretRef is not null)
        {
            env.Add(new V1EnvVar { Name = "GIT_CONFIG_COUNT", Value = "1" });
            env.Add(new V1EnvVar { Name = "GIT_CONFIG_KEY_0", Value = "credential.helper" });
            env.Add(new V1EnvVar { Name = "GIT_CONFIG_VALUE_0", Value = PersistenceScripts.GitCredentialHelper(GitTokenDir + "/token") });
            mounts.Add(new V1VolumeMount { Name = GitTokenVolume, MountPath = GitTokenDir, ReadOnlyProperty = true });
        }
        return new V1Container
        {
            Name = CloneContainer,
            Image = Pinned.GitImage,
            ImagePullPolicy = "IfNotPresent",
            Command = ["/bin/sh", "-c", PersistenceScripts.GitClone],
            Env = env,
            Resources = AwsCliResources(),
            SecurityContext = HardenedContainer(),
            VolumeMounts = mounts,
        };
    }

    private static V1Container SetupContainerFor(ResolvedAgent agent, SetupStep step) => new()
    {
        Name = step.Name,
        Image = step.Image,
        ImagePullPolicy = "IfNotPresent",
        Command = [.. step.Command],
        WorkingDir = agent.WorkingDir,
        Env = [new() { Name = "HOME", Value = agent.WorkingDir }, .. step.Env.Select(kv => new V1EnvVar { Name = kv.Key, Value = kv.Value })],
        SecurityContext = HardenedContainer(),
        VolumeMounts =
        [
            new() { Name = HomeVolume, MountPath = agent.WorkingDir },
            new() { Name = TmpVolume, MountPath = TmpDir },
            .. UserMounts(agent),
        ],
    };

    /// <summary>A user's container, with the hardened security context unless it brings its own.</summary>
    private static V1Container Hardened(V1Container container)
    {
        if (container.SecurityContext is not null) return container;
        var copy = KubernetesJson.TryRead(JsonSerializer.SerializeToNode(container, KubernetesJsonContext.Default.V1Container),
            KubernetesJsonContext.Default.V1Container, out _)!;
        copy.SecurityContext = HardenedContainer();
        return copy;
    }

    /// <summary>The hardened value with the user's fields laid over it: maps merge, lists and scalars replace.</summary>
    private static T Overlay<T>(T hardened, T? overrides, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> typeInfo) where T : class
    {
        if (overrides is null) return hardened;
        var merged = JsonSerializer.SerializeToNode(hardened, typeInfo)!.AsObject();
        Merge(merged, JsonSerializer.SerializeToNode(overrides, typeInfo)!.AsObject());
        return merged.Deserialize(typeInfo)!;

        static void Merge(JsonObject into, JsonObject from)
        {
            foreach (var (key, value) in from.ToList())
            {
                if (into[key] is JsonObject a && value is JsonObject b) Merge(a, b);
                else into[key] = value?.DeepClone();
            }
        }
    }

    private static V1Container AgentContainerFor(ResolvedAgent agent)
    {
        var definition = agent.Definition;
        var env = new List<V1EnvVar> { new() { Name = "HOME", Value = agent.WorkingDir } };
        env.AddRange(TokenEnv(agent));
        env.AddRange(PodIdentityEnv());
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
            new() { Name = TmpVolume, MountPath = TmpDir },
        };
        mounts.AddRange(UserMounts(agent));
        mounts.AddRange(definition.ExtraVolumeMounts);
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
            if (MountsS3KeysInAgent(agent))
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
            // As written, or derived from the pool (see DerivedMemory).
            Resources = agent.Resources,
            SecurityContext = Overlay(HardenedContainer(), definition.ContainerSecurityContext, KubernetesJsonContext.Default.V1SecurityContext),
            VolumeMounts = mounts,
            Lifecycle = lifecycle,
            LivenessProbe = LivenessProbeFor(definition.LivenessProbe),
        };
    }

    /// <summary>Variables the function sets from the Downward API; env may not set them.</summary>
    public static readonly string[] PodIdentityVariables = ["POD_NAME", "POD_NAMESPACE", "NODE_NAME"];

    /// <summary>Which pod and node the agent runs on, for its logs and for the operator reading them.</summary>
    private static IEnumerable<V1EnvVar> PodIdentityEnv() =>
        PodIdentityVariables.Zip(["metadata.name", "metadata.namespace", "spec.nodeName"], (name, field) => new V1EnvVar
        {
            Name = name,
            ValueFrom = new V1EnvVarSource { FieldRef = new V1ObjectFieldSelector { ApiVersion = "v1", FieldPath = field } },
        });

    /// <summary>
    /// The broker has no HTTP endpoint, so the probe asks whether its process is alive, as the
    /// openab images' own HEALTHCHECK does (`pgrep -x openab`; procps is in every image). It
    /// starts only after the init containers (restore, clone, setup) have finished, so a long
    /// restore never counts against it; a generous timeout and five failures in a row (2.5
    /// minutes) keep a CPU-starved pod in a busy session from being killed for a slow pgrep.
    /// </summary>
    internal static V1Probe DefaultLivenessProbe() => new()
    {
        Exec = new V1ExecAction { Command = ["pgrep", "-x", "openab"] },
        InitialDelaySeconds = 30,
        PeriodSeconds = 30,
        TimeoutSeconds = 10,
        FailureThreshold = 5,
    };

    private static V1Probe? LivenessProbeFor(LivenessProbeSettings settings)
    {
        if (!settings.Enabled) return null;
        var probe = DefaultLivenessProbe();
        if (settings.Overrides is not { } overrides) return probe;
        // A probe has one handler: the user's own replaces the default exec instead of joining it.
        if (overrides.Exec is not null || overrides.HttpGet is not null || overrides.TcpSocket is not null || overrides.Grpc is not null)
            probe.Exec = null;
        return Overlay(probe, overrides, KubernetesJsonContext.Default.V1Probe);
    }

    /// <summary>
    /// The tokens of the platforms that are on, for openab to expand in config.toml: from the
    /// user's Secret (…SecretRef) or from the agent's own Secret (an inline token).
    /// </summary>
    internal static IEnumerable<V1EnvVar> TokenEnv(ResolvedAgent agent)
    {
        var definition = agent.Definition;
        if (definition.Discord.Enabled)
            yield return TokenVar("DISCORD_BOT_TOKEN", definition.Discord.BotTokenExternalSecret is null
                ? TokenSecretKey(agent, definition.Discord.BotTokenSecretRef, SecretRenderer.TokenKey)
                : new V1SecretKeySelector { Name = ExternalSecretRenderer.DiscordTokenSecretName(agent), Key = SecretRenderer.TokenKey });
        if (definition.Slack.Enabled)
        {
            yield return TokenVar("SLACK_BOT_TOKEN", TokenSecretKey(agent, definition.Slack.BotTokenSecretRef, SecretRenderer.SlackBotTokenKey));
            yield return TokenVar("SLACK_APP_TOKEN", TokenSecretKey(agent, definition.Slack.AppTokenSecretRef, SecretRenderer.SlackAppTokenKey));
        }
    }

    private static V1EnvVar TokenVar(string name, V1SecretKeySelector key) =>
        new() { Name = name, ValueFrom = new V1EnvVarSource { SecretKeyRef = key } };

    private static V1SecretKeySelector TokenSecretKey(ResolvedAgent agent, SecretKeyReference? reference, string inlineKey) =>
        reference is not null
            ? new V1SecretKeySelector { Name = reference.Name, Key = reference.Key }
            : new V1SecretKeySelector { Name = SecretRenderer.SecretName(agent), Key = inlineKey };

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
            new() { Name = AwsTmpVolume, MountPath = TmpDir },
        ],
    };

    /// <summary>What the persistence scripts read (see PersistenceScripts).</summary>
    /// <summary>
    /// backup: preStop with keys from a Secret: the agent's own container mounts them for its
    /// preStop hook, where the agent process can read them too.
    /// </summary>
    internal static bool MountsS3KeysInAgent(ResolvedAgent agent) =>
        agent.S3 is { Enabled: true, Backup: BackupMode.PreStop } && !string.IsNullOrEmpty(agent.S3CredentialsSecret);

    internal static List<V1EnvVar> S3Env(ResolvedAgent agent, bool credentialsAsEnv)
    {
        var s3 = agent.S3;
        var env = new List<V1EnvVar>();
        // The aws CLI's own HOME and TMPDIR, on the aws-tmp emptyDir (the root filesystem is read-only).
        if (credentialsAsEnv)
        {
            env.Add(new V1EnvVar { Name = "HOME", Value = TmpDir });
            env.Add(new V1EnvVar { Name = "TMPDIR", Value = TmpDir });
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
        if (credentialsAsEnv && !string.IsNullOrEmpty(agent.S3CredentialsSecret))
        {
            // With no credentialsSecret the pod's own identity (IRSA, EKS Pod Identity) is used.
            foreach (var key in new[] { "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY" })
            {
                env.Add(new V1EnvVar
                {
                    Name = key,
                    ValueFrom = new V1EnvVarSource { SecretKeyRef = new V1SecretKeySelector { Name = agent.S3CredentialsSecret, Key = key } },
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
            // Runtime data is ephemeral by design: what must survive is restored from S3, unless
            // the home is an existing claim (moving from the chart's per-agent PVC).
            agent.Definition.Persistence.ExistingClaim is { Length: > 0 } claim
                ? new() { Name = HomeVolume, PersistentVolumeClaim = new V1PersistentVolumeClaimVolumeSource { ClaimName = claim } }
                : new() { Name = HomeVolume, EmptyDir = new V1EmptyDirVolumeSource() },
            new() { Name = TmpVolume, EmptyDir = new V1EmptyDirVolumeSource() },
        };
        if (agent.S3.Enabled)
        {
            volumes.Add(new V1Volume { Name = AwsTmpVolume, EmptyDir = new V1EmptyDirVolumeSource() });
            if (MountsS3KeysInAgent(agent))
            {
                volumes.Add(new V1Volume
                {
                    Name = S3CredentialsVolume,
                    Secret = new V1SecretVolumeSource { SecretName = agent.S3CredentialsSecret, DefaultMode = 0x120 /* 0440: readable by the pod's fsGroup */ },
                });
            }
        }
        if (agent.Definition.Workspace?.SecretRef is { } token)
        {
            volumes.Add(new V1Volume
            {
                Name = GitTokenVolume,
                Secret = new V1SecretVolumeSource
                {
                    SecretName = token.Name,
                    Items = [new V1KeyToPath { Key = token.Key, Path = "token" }],
                    DefaultMode = 0x120, // 0440: readable by the pod's fsGroup
                },
            });
        }
        volumes.AddRange(agent.Definition.Volumes.Select(v => v.Source));
        volumes.AddRange(agent.Definition.ExtraVolumes);
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
