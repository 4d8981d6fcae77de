using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
using AgentSetFn.Api;
using KrmFn;
using k8s.Models;

namespace AgentSetFn.Rendering;

/// <summary>
/// The hardened defaults of the pod (non-root, the image's uid, no privilege escalation, a
/// read-only root filesystem, no capabilities, the runtime's seccomp profile) and the liveness
/// probe, with the user's overrides laid over them field by field.
/// </summary>
internal static class SecurityOverlay
{
    /// <summary>0440 for mounted Secrets: readable by the pod's fsGroup, by no one else.</summary>
    public const int GroupReadable = 0x120;

    public static V1PodSecurityContext PodSecurityContext(V1PodSecurityContext? overrides) => Overlay(new V1PodSecurityContext
    {
        RunAsNonRoot = true,
        RunAsUser = Pinned.Uid,
        RunAsGroup = Pinned.Uid,
        FsGroup = Pinned.Uid,
        SeccompProfile = new V1SeccompProfile { Type = "RuntimeDefault" },
    }, overrides, KubernetesJsonContext.Default.V1PodSecurityContext);

    /// <summary>The agent container's: the hardened one with containerSecurityContext laid over it.</summary>
    public static V1SecurityContext AgentSecurityContext(V1SecurityContext? overrides) =>
        Overlay(HardenedContainer(), overrides, KubernetesJsonContext.Default.V1SecurityContext);

    public static V1SecurityContext HardenedContainer() => new()
    {
        RunAsNonRoot = true,
        RunAsUser = Pinned.Uid,
        RunAsGroup = Pinned.Uid,
        AllowPrivilegeEscalation = false,
        ReadOnlyRootFilesystem = true,
        Capabilities = new V1Capabilities { Drop = ["ALL"] },
        SeccompProfile = new V1SeccompProfile { Type = "RuntimeDefault" },
    };

    /// <summary>A user's container, with the hardened security context unless it brings its own.</summary>
    public static V1Container Hardened(V1Container container)
    {
        if (container.SecurityContext is not null) return container;
        // A shallow copy, so the AgentSet as read stays as it was: every property the model
        // declares (the serializer's source-generated table, so a field added to the model is
        // copied too), then the one field that changes.
        var copy = new V1Container();
        foreach (var property in KubernetesJsonContext.Default.V1Container.Properties)
            property.Set!(copy, property.Get!(container));
        copy.SecurityContext = HardenedContainer();
        return copy;
    }

    /// <summary>
    /// The broker has no HTTP endpoint, so the probe asks whether its process is alive, as the
    /// openab images' own HEALTHCHECK does (`pgrep -x openab`; procps is in every image). It
    /// starts only after the init containers (restore, clone, setup) have finished, so a long
    /// restore never counts against it; a generous timeout and five failures in a row (2.5
    /// minutes) keep a CPU-starved pod in a busy session from being killed for a slow pgrep.
    /// </summary>
    private static V1Probe DefaultLivenessProbe() => new()
    {
        Exec = new V1ExecAction { Command = ["pgrep", "-x", "openab"] },
        InitialDelaySeconds = 30,
        PeriodSeconds = 30,
        TimeoutSeconds = 10,
        FailureThreshold = 5,
    };

    public static V1Probe? LivenessProbe(LivenessProbeSettings settings)
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
    /// The hardened value with the user's fields laid over it: maps merge, lists and scalars
    /// replace, at any depth. On the JSON form, as one rule for every field of these deep
    /// models (the user may set any of them); a typed merge would spell out each field.
    /// </summary>
    private static T Overlay<T>(T hardened, T? overrides, JsonTypeInfo<T> typeInfo) where T : class
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
}
