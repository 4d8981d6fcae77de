using k8s.Models;

namespace AgentSetFn.Checklist;

/// <summary>A Kubernetes minor release, ordered.</summary>
internal readonly record struct KubernetesVersion(int Major, int Minor) : IComparable<KubernetesVersion>
{
    public int CompareTo(KubernetesVersion other) => Major != other.Major ? Major.CompareTo(other.Major) : Minor.CompareTo(other.Minor);

    public override string ToString() => $"{Major}.{Minor}";
}

/// <summary>
/// The Kubernetes features a rendered pod uses that older clusters lack, each with the release
/// that has it on by default. Read off the rendered Deployments, so what the checklist asks of the
/// cluster is what the manifests really use, the user's security contexts and containers included.
/// </summary>
internal static class KubernetesFeatures
{
    /// <summary>What any rendered object needs: apps/v1 Deployments and networking.k8s.io/v1 NetworkPolicies are served by every release since 1.16.</summary>
    public static readonly KubernetesVersion Baseline = new(1, 16);

    private static readonly KubernetesVersion SeccompField = new(1, 19);
    private static readonly KubernetesVersion NativeSidecars = new(1, 29);
    private static readonly KubernetesVersion AppArmorField = new(1, 30);

    /// <summary>The API groups Kubernetes serves itself: the core group, the unqualified ones and *.k8s.io.</summary>
    public static bool IsBuiltIn(string apiVersion)
    {
        var slash = apiVersion.IndexOf('/', StringComparison.Ordinal);
        if (slash < 0) return true;
        var group = apiVersion[..slash];
        return !group.Contains('.', StringComparison.Ordinal) || group.EndsWith(".k8s.io", StringComparison.Ordinal);
    }

    /// <summary>The features a Deployment's pod uses, with where (one entry per pod or container that uses it).</summary>
    public static IEnumerable<FeatureNeed> Used(V1Deployment deployment)
    {
        var name = deployment.Metadata.Name;
        var pod = deployment.Spec.Template.Spec;
        foreach (var init in pod.InitContainers ?? [])
        {
            // Beta and on by default since 1.29 (SidecarContainers); 1.28 needs the feature gate.
            if (init.RestartPolicy == "Always")
                yield return new FeatureNeed(NativeSidecars, "native sidecar containers (an init container with restartPolicy: Always)", name, init.Name);
        }
        if (pod.SecurityContext?.SeccompProfile is not null)
            yield return new FeatureNeed(SeccompField, "the seccompProfile field of a security context", name, "pod securityContext");
        if (pod.SecurityContext?.AppArmorProfile is not null)
            yield return new FeatureNeed(AppArmorField, "the appArmorProfile field of a security context", name, "pod securityContext");
        foreach (var container in (pod.InitContainers ?? []).Concat(pod.Containers ?? []))
        {
            if (container.SecurityContext?.SeccompProfile is not null)
                yield return new FeatureNeed(SeccompField, "the seccompProfile field of a security context", name, container.Name);
            if (container.SecurityContext?.AppArmorProfile is not null)
                yield return new FeatureNeed(AppArmorField, "the appArmorProfile field of a security context", name, container.Name);
        }
    }
}
