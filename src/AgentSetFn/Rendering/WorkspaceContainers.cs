using AgentSetFn.Api;
using AgentSetFn.Layout;
using k8s.Models;

namespace AgentSetFn.Rendering;

/// <summary>
/// What prepares the home before the agent starts, after the S3 restore: the workspace's git
/// clone, then the user's setup steps; and the user's volumes, which the steps and the agent mount.
/// </summary>
internal static class WorkspaceContainers
{
    /// <summary>The clone (with a workspace), then the setup steps in the order written.</summary>
    public static IEnumerable<V1Container> InitContainers(ResolvedAgent agent)
    {
        if (agent.Definition.Workspace is { } workspace) yield return CloneContainer(agent, workspace);
        foreach (var step in agent.Definition.Setup) yield return SetupContainer(agent, step);
    }

    /// <summary>The user's volumes, mounted into the setup steps and the agent.</summary>
    public static IEnumerable<V1VolumeMount> UserMounts(ResolvedAgent agent) =>
        agent.Definition.Volumes.Select(v => new V1VolumeMount { Name = v.Name, MountPath = v.MountPath, ReadOnlyProperty = v.ReadOnly ? true : null });

    /// <summary>The git token's Secret, as a single file for the clone's credential helper.</summary>
    public static IEnumerable<V1Volume> Volumes(ResolvedAgent agent)
    {
        if (agent.GitToken is not { } token) yield break;
        yield return new V1Volume
        {
            Name = PodLayout.GitTokenVolume,
            Secret = new V1SecretVolumeSource
            {
                SecretName = token.Name,
                Items = [new V1KeyToPath { Key = token.Key, Path = PodLayout.GitTokenFile }],
                DefaultMode = SecurityOverlay.GroupReadable,
            },
        };
    }

    /// <summary>
    /// Clones the workspace, shallow, as the agent's uid. The token is read by a credential
    /// helper from a mounted file: it is never in an argument, the URL or the environment.
    /// </summary>
    private static V1Container CloneContainer(ResolvedAgent agent, WorkspaceSettings workspace)
    {
        var env = new List<V1EnvVar>
        {
            new() { Name = "HOME", Value = PodLayout.TmpDir },
            new() { Name = "AGENTSET_GIT_REPO", Value = workspace.Repo },
            new() { Name = "AGENTSET_WORKSPACE", Value = $"{agent.WorkingDir}/{PodLayout.WorkspaceDir}" },
        };
        if (!string.IsNullOrEmpty(workspace.Ref)) env.Add(new V1EnvVar { Name = "AGENTSET_GIT_REF", Value = workspace.Ref });
        var mounts = new List<V1VolumeMount>
        {
            new() { Name = PodLayout.HomeVolume, MountPath = agent.WorkingDir },
            new() { Name = PodLayout.TmpVolume, MountPath = PodLayout.TmpDir },
        };
        if (agent.GitToken is not null)
        {
            env.Add(new V1EnvVar { Name = "GIT_CONFIG_COUNT", Value = "1" });
            env.Add(new V1EnvVar { Name = "GIT_CONFIG_KEY_0", Value = "credential.helper" });
            env.Add(new V1EnvVar { Name = "GIT_CONFIG_VALUE_0", Value = PersistenceScripts.GitCredentialHelper($"{PodLayout.GitTokenDir}/{PodLayout.GitTokenFile}") });
            mounts.Add(new V1VolumeMount { Name = PodLayout.GitTokenVolume, MountPath = PodLayout.GitTokenDir, ReadOnlyProperty = true });
        }
        return new V1Container
        {
            Name = PodLayout.CloneContainer,
            Image = Pinned.GitImage,
            ImagePullPolicy = "IfNotPresent",
            Command = ["/bin/sh", "-c", PersistenceScripts.GitClone],
            Env = env,
            Resources = PersistenceContainers.SmallToolResources(),
            SecurityContext = SecurityOverlay.HardenedContainer(),
            VolumeMounts = mounts,
        };
    }

    private static V1Container SetupContainer(ResolvedAgent agent, SetupStep step) => new()
    {
        Name = step.Name,
        Image = step.Image,
        ImagePullPolicy = "IfNotPresent",
        Command = [.. step.Command],
        WorkingDir = agent.WorkingDir,
        Env = [new() { Name = "HOME", Value = agent.WorkingDir }, .. step.Env.Select(kv => new V1EnvVar { Name = kv.Key, Value = kv.Value })],
        SecurityContext = SecurityOverlay.HardenedContainer(),
        VolumeMounts =
        [
            new() { Name = PodLayout.HomeVolume, MountPath = agent.WorkingDir },
            new() { Name = PodLayout.TmpVolume, MountPath = PodLayout.TmpDir },
            .. UserMounts(agent),
        ],
    };
}
