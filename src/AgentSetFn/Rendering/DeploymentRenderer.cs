using AgentSetFn.Api;
using AgentSetFn.Layout;
using KrmFn;
using k8s.Models;

namespace AgentSetFn.Rendering;

/// <summary>
/// The agent's Deployment: the openab container, hardened, with its home on an emptyDir that
/// the S3 restore fills before it starts and the S3 backup empties into the bucket while it
/// runs and when it stops. The pod's parts are built by <see cref="PersistenceContainers"/>,
/// <see cref="WorkspaceContainers"/> and <see cref="SecurityOverlay"/>; its names and paths
/// are those of <see cref="PodLayout"/>.
/// </summary>
internal static class DeploymentRenderer
{
    public static V1Deployment Render(ResolvedAgent agent, string configHash) => new V1Deployment()
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
            Selector = new V1LabelSelector { MatchLabels = AgentObjects.SelectorLabels(agent) },
            Template = new V1PodTemplateSpec
            {
                Metadata = new V1ObjectMeta
                {
                    Labels = PodLabels(agent),
                    // Changes when this agent's config.toml, AGENTS.md or inline token
                    // change, so the pod rolls; other agents' changes leave it alone.
                    Annotations = PodLayout.PodAnnotations(agent, configHash),
                },
                Spec = PodSpec(agent),
            },
        },
    }.WithIdentityWebhookSkipped(agent);

    /// <summary>
    /// With the agent's own identity, the EKS webhook is told to leave every container alone:
    /// the function has given the token to the AWS CLI containers, and only to them.
    /// </summary>
    private static V1Deployment WithIdentityWebhookSkipped(this V1Deployment deployment, ResolvedAgent agent)
    {
        if (agent.StorageIdentity is null) return deployment;
        var pod = deployment.Spec.Template;
        var containers = (pod.Spec.InitContainers ?? []).Concat(pod.Spec.Containers).Select(c => c.Name);
        pod.Metadata.Annotations[AwsIdentity.SkipContainersAnnotation] = string.Join(',', containers);
        return deployment;
    }

    private static V1PodSpec PodSpec(ResolvedAgent agent)
    {
        var definition = agent.Definition;
        List<V1Container> initContainers =
        [
            .. PersistenceContainers.InitContainers(agent),
            .. WorkspaceContainers.InitContainers(agent),
            .. definition.ExtraInitContainers.Select(SecurityOverlay.Hardened),
        ];
        return new V1PodSpec
        {
            // The agent talks to Discord and model APIs only; it has no use for the API server.
            AutomountServiceAccountToken = false,
            EnableServiceLinks = false,
            SecurityContext = SecurityOverlay.PodSecurityContext(definition.PodSecurityContext),
            ServiceAccountName = agent.PodServiceAccount,
            PriorityClassName = string.IsNullOrEmpty(definition.PriorityClassName) ? null : definition.PriorityClassName,
            ImagePullSecrets = definition.ImagePullSecrets.Count == 0 ? null : [.. definition.ImagePullSecrets],
            // The final S3 sync runs after the agent stops and must finish inside the grace period.
            TerminationGracePeriodSeconds = agent.TerminationGracePeriodSeconds,
            InitContainers = initContainers.Count == 0 ? null : initContainers,
            Containers = [AgentContainer(agent), .. definition.ExtraContainers.Select(SecurityOverlay.Hardened)],
            Volumes = Volumes(agent),
            NodeSelector = definition.NodeSelector.Count == 0
                ? null
                : definition.NodeSelector.ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.Ordinal),
            Tolerations = definition.Tolerations.Count == 0 ? null : [.. definition.Tolerations],
            Affinity = definition.Affinity,
        };
    }

    private static Dictionary<string, string> PodLabels(ResolvedAgent agent)
    {
        var labels = ObjectMetadata.Labels(agent);
        // The validator rejects keys the function sets; these are the user's own.
        foreach (var (key, value) in agent.Definition.PodLabels) labels[key] = value;
        return labels;
    }

    private static V1Container AgentContainer(ResolvedAgent agent)
    {
        var definition = agent.Definition;
        List<V1EnvVar> env =
        [
            new() { Name = "HOME", Value = agent.WorkingDir },
            .. PodLayout.AgentCredentials(agent).Select(SecretVariables.Of),
            .. PodIdentityEnv(),
            .. definition.Env.Select(kv => new V1EnvVar { Name = kv.Key, Value = kv.Value }),
            .. definition.SecretEnv.Select(e => SecretVariables.Of(new PodLayout.WiredCredential(e.Name, new SecretKeyReference(e.SecretName, e.SecretKey)))),
        ];
        List<V1VolumeMount> mounts =
        [
            .. ConfigMount(agent),
            new() { Name = PodLayout.HomeVolume, MountPath = agent.WorkingDir },
            new() { Name = PodLayout.TmpVolume, MountPath = PodLayout.TmpDir },
            .. WorkspaceContainers.UserMounts(agent),
            .. definition.ExtraVolumeMounts,
            .. AgentsMdMounts(agent),
        ];
        V1Lifecycle? lifecycle = null;
        if (agent.S3 is { Enabled: true, Backup: BackupMode.PreStop })
        {
            // The seed's design: the agent image ships the aws CLI and backs up as it stops.
            env.AddRange(PersistenceContainers.PreStopEnv(agent));
            mounts.AddRange(PersistenceContainers.PreStopMounts(agent));
            lifecycle = PersistenceContainers.FinalBackupOnStop();
        }
        return new V1Container
        {
            Name = PodLayout.AgentContainer,
            Image = agent.Image,
            ImagePullPolicy = "IfNotPresent",
            Args = RemoteConfigArgs(agent),
            Env = env,
            EnvFrom = definition.EnvFrom.Count == 0 ? null : [.. definition.EnvFrom],
            // openab's LINE webhook server (line.enabled), the Service's target; the broker listens on nothing else.
            Ports = agent.LineService is null ? null
                : [new V1ContainerPort { Name = AgentSetApi.Line.PortName, ContainerPort = definition.Line.WebhookPort, Protocol = "TCP" }],
            // As written, or derived from the pool (see DerivedMemory).
            Resources = agent.Resources,
            SecurityContext = SecurityOverlay.AgentSecurityContext(definition.ContainerSecurityContext),
            VolumeMounts = mounts,
            Lifecycle = lifecycle,
            LivenessProbe = SecurityOverlay.LivenessProbe(definition.LivenessProbe),
        };
    }

    /// <summary>
    /// With configUrl, the image's command with the URL for its config (as the chart passes it):
    /// openab fetches config.toml itself. Null otherwise: the image's own command reads the
    /// mounted /etc/openab/config.toml.
    /// </summary>
    private static List<string>? RemoteConfigArgs(ResolvedAgent agent) =>
        agent.Definition.ConfigUrl is { } url ? ["openab", "run", "-c", url] : null;

    private static IEnumerable<V1Volume> ConfigVolume(ResolvedAgent agent) => !AgentObjects.HasConfigMap(agent) ? [] :
        [new V1Volume { Name = PodLayout.ConfigVolume, ConfigMap = new V1ConfigMapVolumeSource { Name = agent.Name } }];

    /// <summary>config.toml's directory from the ConfigMap; none without a ConfigMap.</summary>
    private static IEnumerable<V1VolumeMount> ConfigMount(ResolvedAgent agent) => !AgentObjects.HasConfigMap(agent) ? [] :
        [new V1VolumeMount { Name = PodLayout.ConfigVolume, MountPath = Pinned.ConfigDir, ReadOnlyProperty = true }];

    /// <summary>AGENTS.md from the ConfigMap, under each name a CLI reads, as single read-only files.</summary>
    private static IEnumerable<V1VolumeMount> AgentsMdMounts(ResolvedAgent agent) => agent.AgentsMd is null || !AgentObjects.HasConfigMap(agent) ? [] :
        PodLayout.AgentsMdFileNames.Select(file => new V1VolumeMount
        {
            Name = PodLayout.ConfigVolume,
            MountPath = $"{agent.WorkingDir}/{file}",
            SubPath = AgentObjects.AgentsMdKey,
            ReadOnlyProperty = true,
        });

    /// <summary>Which pod and node the agent runs on, for its logs and for the operator reading them.</summary>
    private static IEnumerable<V1EnvVar> PodIdentityEnv() => PodLayout.PodIdentity.Select(p => new V1EnvVar
    {
        Name = p.Variable,
        ValueFrom = new V1EnvVarSource { FieldRef = new V1ObjectFieldSelector { ApiVersion = "v1", FieldPath = p.Field } },
    });

    private static List<V1Volume> Volumes(ResolvedAgent agent)
    {
        List<V1Volume> volumes =
        [
            .. ConfigVolume(agent),
            // Runtime data is ephemeral by design: what must survive is restored from S3, unless
            // the home is an existing claim (moving from the chart's per-agent PVC).
            agent.HomeClaim is { } claim
                ? new() { Name = PodLayout.HomeVolume, PersistentVolumeClaim = new V1PersistentVolumeClaimVolumeSource { ClaimName = claim } }
                : new() { Name = PodLayout.HomeVolume, EmptyDir = new V1EmptyDirVolumeSource() },
            new() { Name = PodLayout.TmpVolume, EmptyDir = new V1EmptyDirVolumeSource() },
            .. PersistenceContainers.Volumes(agent),
            .. WorkspaceContainers.Volumes(agent),
            .. agent.Definition.Volumes.Select(v => v.Source),
            .. agent.Definition.ExtraVolumes,
        ];
        return volumes;
    }
}
