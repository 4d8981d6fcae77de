using System.Text.Json;
using System.Text.RegularExpressions;
using AgentSetFn.Api;
using KrmFn;
using AgentSetFn.Layout;
using k8s.Models;

namespace AgentSetFn.Validation;

/// <summary>
/// Checks the fields that shape the agent's pod beyond the agent itself: workspace, setup
/// steps, volumes, the chart's extension points (extra containers, volumes and mounts) and the
/// pod-level overrides. Nothing here may collide with the function's own containers, volumes
/// and mounts, and every relaxation of the hardened defaults is a warning.
/// </summary>
internal static partial class PodValidator
{
    /// <summary>Volume sources a user volume may use; hostPath needs spec.policy.allowHostPath.</summary>
    public static readonly string[] AllowedSources = ["persistentVolumeClaim", "configMap", "secret", "emptyDir", "csi", "ephemeral"];

    [GeneratedRegex(@"\A[A-Za-z0-9._/-]+\z")]
    private static partial Regex GitRef();

    public static void Validate(AgentSetDefinition set, ResolvedAgent agent, string path, Diagnostics diagnostics)
    {
        ValidateWorkspace(agent.Definition.Workspace, $"{path}.workspace", diagnostics);
        ValidateContainers(agent.Definition, path, diagnostics);
        ValidateVolumes(set, agent, path, diagnostics);
        ValidatePodSettings(agent.Definition, path, diagnostics);
        ValidatePodMetadata(agent, path, diagnostics);
    }

    /// <summary>Setup steps and extra containers: names against the function's own and each other, pinned images.</summary>
    private static void ValidateContainers(AgentDefinition definition, string path, Diagnostics diagnostics)
    {
        var containerNames = new HashSet<string>(PodLayout.OwnContainers, StringComparer.Ordinal);
        for (var i = 0; i < definition.Setup.Count; i++)
        {
            var step = definition.Setup[i];
            var where = $"{path}.setup[{i}]";
            CheckContainerName(step.Name, $"{where}.name", containerNames, diagnostics);
            AgentSetValidator.CheckPinnedImage(step.Image, $"{where}.image", diagnostics);
            foreach (var (name, _) in step.Env) AgentSetValidator.CheckEnv(name, $"{where}.env.{name}", diagnostics);
        }
        foreach (var (field, container) in UserContainers(definition))
        {
            var where = $"{path}.{field}";
            CheckContainerName(container.Name ?? "", $"{where}.name", containerNames, diagnostics);
            if (string.IsNullOrEmpty(container.Image))
                diagnostics.Error($"{where}.image", "is required");
            else
                AgentSetValidator.CheckPinnedImage(container.Image, $"{where}.image", diagnostics);
            if (container.SecurityContext is { } sc) WarnRelaxed(sc, $"{where}.securityContext", diagnostics);
        }
    }

    /// <summary>Volumes: names against the function's own and each other; mount paths likewise.</summary>
    private static void ValidateVolumes(AgentSetDefinition set, ResolvedAgent agent, string path, Diagnostics diagnostics)
    {
        var definition = agent.Definition;
        var volumeNames = new HashSet<string>(PodLayout.OwnVolumes, StringComparer.Ordinal);
        var userVolumes = new HashSet<string>(StringComparer.Ordinal);
        var ownMounts = new OwnMounts(PodLayout.OwnMountPaths(agent), PodLayout.SealedMountPaths(agent));
        var mountPaths = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < definition.Volumes.Count; i++)
        {
            var volume = definition.Volumes[i];
            var where = $"{path}.volumes[{i}]";
            CheckVolumeName(volume.Name, $"{where}.name", volumeNames, diagnostics);
            userVolumes.Add(volume.Name);
            CheckMountPath(volume.MountPath, $"{where}.mountPath", ownMounts, mountPaths, diagnostics);
            CheckSource(set, volume.Source, $"{where}.source", diagnostics);
        }
        for (var i = 0; i < definition.ExtraVolumes.Count; i++)
        {
            var volume = definition.ExtraVolumes[i];
            var where = $"{path}.extraVolumes[{i}]";
            CheckVolumeName(volume.Name ?? "", $"{where}.name", volumeNames, diagnostics);
            userVolumes.Add(volume.Name ?? "");
            CheckSource(set, volume, where, diagnostics);
        }
        for (var i = 0; i < definition.ExtraVolumeMounts.Count; i++)
        {
            var mount = definition.ExtraVolumeMounts[i];
            var where = $"{path}.extraVolumeMounts[{i}]";
            CheckMountName(mount.Name, $"{where}.name", userVolumes, diagnostics);
            CheckMountPath(mount.MountPath ?? "", $"{where}.mountPath", ownMounts, mountPaths, diagnostics);
        }
        // The extra containers mount the user's volumes only, like extraVolumeMounts: the function's own
        // (the identity's token, the keys, the home) are for its own containers.
        foreach (var (field, container) in UserContainers(definition))
        {
            var mounts = container.VolumeMounts ?? [];
            for (var j = 0; j < mounts.Count; j++)
                CheckMountName(mounts[j].Name, $"{path}.{field}.volumeMounts[{j}].name", userVolumes, diagnostics);
        }
    }

    /// <summary>The user's containers of the agent's pod, each with its field below the agent (`extraContainers[0]`).</summary>
    internal static IEnumerable<(string Field, k8s.Models.V1Container Container)> UserContainers(AgentDefinition definition) =>
        new[] { ("extraInitContainers", definition.ExtraInitContainers), ("extraContainers", definition.ExtraContainers) }
            .SelectMany(list => list.Item2.Select((container, i) => ($"{list.Item1}[{i}]", container)));

    /// <summary>A mount the user adds names one of the user's volumes, never one of the function's own.</summary>
    private static void CheckMountName(string? name, string path, HashSet<string> userVolumes, Diagnostics diagnostics)
    {
        if (!string.IsNullOrEmpty(name) && userVolumes.Contains(name)) return;
        var suggestion = MappingReader.Suggest(name ?? "", userVolumes);
        var own = PodLayout.OwnVolumes.Contains(name ?? "", StringComparer.Ordinal) ? " (it is one of the function's own volumes)" : "";
        diagnostics.Error(path, $"`{name}` is not a volume of this agent (volumes or extraVolumes){own}"
            + (suggestion is null ? "" : $": did you mean `{suggestion}`?"));
    }

    /// <summary>The security contexts (relaxing them is a warning) and the names the pod refers to.</summary>
    private static void ValidatePodSettings(AgentDefinition definition, string path, Diagnostics diagnostics)
    {
        if (definition.PodSecurityContext is { } pod)
        {
            if (pod.RunAsNonRoot == false || pod.RunAsUser == 0)
                diagnostics.Warning($"{path}.podSecurityContext", "relaxes the hardened default: the pod may run as root");
        }
        if (definition.ContainerSecurityContext is { } container)
            WarnRelaxed(container, $"{path}.containerSecurityContext", diagnostics);

        for (var i = 0; i < definition.ImagePullSecrets.Count; i++)
        {
            var name = definition.ImagePullSecrets[i].Name ?? "";
            if (!AgentSetValidator.IsDns1123Subdomain(name))
                diagnostics.Error($"{path}.imagePullSecrets[{i}].name", $"`{name}` is not a valid Secret name");
        }
        if (definition.ServiceAccountName is { Length: > 0 } account && !AgentSetValidator.IsDns1123Subdomain(account))
            diagnostics.Error($"{path}.serviceAccountName", $"`{account}` is not a valid ServiceAccount name");
        if (definition.PriorityClassName is { Length: > 0 } priority && !AgentSetValidator.IsDns1123Subdomain(priority))
            diagnostics.Error($"{path}.priorityClassName", $"`{priority}` is not a valid PriorityClass name");
    }

    /// <summary>The pod's labels, node selector and annotations: valid, and none the function sets itself.</summary>
    private static void ValidatePodMetadata(ResolvedAgent agent, string path, Diagnostics diagnostics)
    {
        var definition = agent.Definition;
        var selector = AgentObjects.SelectorLabels(agent);
        foreach (var (key, value) in definition.PodLabels)
        {
            var where = $"{path}.podLabels.{key}";
            if (selector.ContainsKey(key) || key == AgentObjects.ManagedByLabel)
                diagnostics.Error(where, $"`{key}` is set by the function (the Deployment selects its pod by it)");
            else
                KubernetesLimits.CheckLabel(key, value, where, diagnostics);
        }
        foreach (var (key, value) in definition.NodeSelector)
            KubernetesLimits.CheckLabel(key, value, $"{path}.nodeSelector.{key}", diagnostics);
        foreach (var (key, _) in definition.PodAnnotations)
        {
            var where = $"{path}.podAnnotations.{key}";
            if (key == AgentObjects.ConfigHashAnnotation)
                diagnostics.Error(where, $"`{key}` is set by the function (it rolls the pod when the config changes)");
            else
                KubernetesLimits.CheckAnnotationKey(key, where, diagnostics);
        }
    }

    /// <summary>
    /// The working directory is the home volume's mount path: on, above or inside one of the
    /// function's fixed mounts (the config, /tmp, the Secrets), one of the two would hide the other.
    /// </summary>
    public static void ValidateWorkingDir(ResolvedAgent agent, string path, Diagnostics diagnostics)
    {
        // As written: the resolved value has its trailing '/' trimmed, which makes "/" empty.
        var workingDir = string.IsNullOrEmpty(agent.Definition.WorkingDir) ? agent.WorkingDir : agent.Definition.WorkingDir;
        if (MountPaths.Canonical(workingDir) is not { } canonical)
        {
            diagnostics.Error(path, $"must be an absolute path without '.' or '..', got `{workingDir}`");
            return;
        }
        if (PodLayout.FixedMountPaths.FirstOrDefault(own => MountPaths.Overlap(canonical, own)) is { } collision)
            diagnostics.Error(path, $"`{workingDir}` collides with the function's own mount at `{collision}`: the home volume and it would hide each other; choose another directory (e.g. /home/agent)");
    }

    /// <summary>The function's mount paths, and those of them nothing can be mounted inside.</summary>
    private sealed record OwnMounts(IReadOnlyList<string> All, IReadOnlyList<string> Sealed);

    private static void ValidateWorkspace(WorkspaceSettings? workspace, string path, Diagnostics diagnostics)
    {
        if (workspace is null) return;
        // Uri ignores surrounding spaces; git would not.
        if (workspace.Repo != workspace.Repo.Trim() || !Uri.TryCreate(workspace.Repo, UriKind.Absolute, out var uri) || uri.Scheme != "https"
            || UrlText.HasCredentialParts(uri))
        {
            diagnostics.Error($"{path}.repo", $"{UrlText.Describe(workspace.Repo, "the repository URL")} must be an https URL without credentials, query or fragment (the token goes in secretRef), e.g. https://github.com/org/repo.git");
        }
        if (workspace.Ref is { } gitRef && (gitRef.Length == 0 || gitRef.StartsWith('-') || gitRef.Contains("..", StringComparison.Ordinal) || !GitRef().IsMatch(gitRef)))
            diagnostics.Error($"{path}.ref", $"`{gitRef}` is not a branch or tag name (letters, digits, '.', '_', '-' and '/')");
        if (workspace.SecretRef is { } reference)
        {
            if (string.IsNullOrEmpty(reference.Name))
                diagnostics.Error($"{path}.secretRef.name", "is required: the name of the Secret that holds the token");
            else if (!AgentSetValidator.IsDns1123Subdomain(reference.Name))
                diagnostics.Error($"{path}.secretRef.name", $"`{reference.Name}` is not a valid Secret name");
            if (reference.Key is { } key && !KubernetesLimits.IsDataKey(key))
                diagnostics.Error($"{path}.secretRef.key", $"`{key}` is not a valid Secret key");
        }
    }

    private static void CheckContainerName(string name, string path, HashSet<string> names, Diagnostics diagnostics)
    {
        if (!AgentSetValidator.IsDns1123Label(name))
            diagnostics.Error(path, $"`{name}` must be a DNS-1123 label (lowercase letters, digits and '-')");
        else if (PodLayout.OwnContainers.Contains(name, StringComparer.Ordinal))
            diagnostics.Error(path, $"`{name}` is the name of one of the function's own containers ({string.Join(", ", PodLayout.OwnContainers)})");
        else if (!names.Add(name))
            diagnostics.Error(path, $"`{name}` is already the name of another container of this agent");
    }

    private static void CheckVolumeName(string name, string path, HashSet<string> names, Diagnostics diagnostics)
    {
        if (!AgentSetValidator.IsDns1123Label(name))
            diagnostics.Error(path, $"`{name}` must be a DNS-1123 label (lowercase letters, digits and '-')");
        else if (PodLayout.OwnVolumes.Contains(name, StringComparer.Ordinal))
            diagnostics.Error(path, $"`{name}` is the name of one of the function's own volumes ({string.Join(", ", PodLayout.OwnVolumes)})");
        else if (!names.Add(name))
            diagnostics.Error(path, $"`{name}` is already the name of another volume of this agent");
    }

    private static void CheckMountPath(string mountPath, string path, OwnMounts own, HashSet<string> seen, Diagnostics diagnostics)
    {
        if (MountPaths.Canonical(mountPath) is not { } canonical)
        {
            diagnostics.Error(path, $"`{mountPath}` must be an absolute path without '.' or '..'");
            return;
        }
        // On or above one of the function's mounts would hide it; inside a read-only one or a
        // file, the mount point cannot be made.
        var collision = own.All.FirstOrDefault(o => MountPaths.Canonical(o) is { } c && (c == canonical || MountPaths.IsInside(c, canonical)))
            ?? own.Sealed.FirstOrDefault(o => MountPaths.Canonical(o) is { } c && MountPaths.IsInside(canonical, c));
        if (collision is not null)
            diagnostics.Error(path, $"`{mountPath}` collides with the function's own mount at `{collision}`");
        else if (!seen.Add(canonical))
            diagnostics.Error(path, $"`{mountPath}` is already the mount path of another volume");
    }

    internal static void CheckSource(AgentSetDefinition set, V1Volume volume, string path, Diagnostics diagnostics)
    {
        var sources = SourcesOf(volume);
        if (sources.Count != 1)
        {
            diagnostics.Error(path, sources.Count == 0
                ? $"needs a volume source: one of {string.Join(", ", AllowedSources)}"
                : $"has {sources.Count} volume sources ({string.Join(", ", sources)}); a volume has exactly one");
            return;
        }
        var source = sources[0];
        if (source == "hostPath")
        {
            if (set.AllowHostPath)
                diagnostics.Warning($"{path}.hostPath", "mounts a directory of the node: the agent can read (or write) it, and the pod is tied to the node's contents");
            else
                diagnostics.Error($"{path}.hostPath", "hostPath volumes are not allowed: they expose the node to the agent. Set spec.policy.allowHostPath: true to allow them");
        }
        else if (!AllowedSources.Contains(source, StringComparer.Ordinal))
        {
            diagnostics.Error($"{path}.{source}", $"`{source}` volumes are not allowed: use one of {string.Join(", ", AllowedSources)}");
        }
    }

    /// <summary>
    /// The sources a volume sets, by their field names, in the order the model declares them:
    /// every property of V1Volume but its name is a source (the serializer's source-generated
    /// property table, so a source added to the model is seen too).
    /// </summary>
    private static List<string> SourcesOf(V1Volume volume) =>
        [.. KubernetesJsonContext.Default.V1Volume.Properties.Where(p => p.Name != "name" && p.Get!(volume) is not null).Select(p => p.Name)];

    internal static void WarnRelaxed(V1SecurityContext context, string path, Diagnostics diagnostics)
    {
        var relaxed = new List<string>();
        if (context.RunAsNonRoot == false || context.RunAsUser == 0) relaxed.Add("may run as root");
        if (context.AllowPrivilegeEscalation == true) relaxed.Add("allows privilege escalation");
        if (context.Privileged == true) relaxed.Add("is privileged");
        if (context.ReadOnlyRootFilesystem == false) relaxed.Add("has a writable root filesystem");
        if (context.Capabilities?.Add is { Count: > 0 } added) relaxed.Add($"adds capabilities ({string.Join(", ", added)})");
        if (relaxed.Count > 0)
            diagnostics.Warning(path, $"relaxes the hardened defaults: the container {string.Join(", ", relaxed)}");
    }
}

/// <summary>Mount paths compared as the container runtime resolves them: `//tmp/` is `/tmp`.</summary>
internal static class MountPaths
{
    /// <summary>The path without empty segments or a trailing '/'; null when it is not absolute or has a '.' or '..' segment.</summary>
    public static string? Canonical(string path)
    {
        if (!path.StartsWith('/')) return null;
        var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        return segments.Any(s => s is "." or "..") ? null : "/" + string.Join('/', segments);
    }

    /// <summary>Whether <paramref name="path"/> lies below <paramref name="directory"/> (both canonical).</summary>
    public static bool IsInside(string path, string directory) =>
        directory == "/" ? path != "/" : path.StartsWith(directory + "/", StringComparison.Ordinal);

    /// <summary>Whether one of two canonical paths is the other or lies below it.</summary>
    public static bool Overlap(string a, string b) => a == b || IsInside(a, b) || IsInside(b, a);
}
