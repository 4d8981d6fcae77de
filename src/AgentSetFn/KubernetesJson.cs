using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using k8s.Models;

namespace AgentSetFn;

/// <summary>
/// Source-generated System.Text.Json metadata for the Kubernetes models the function emits and
/// the Kubernetes-shaped fields it reads (AOT-safe; KubernetesYaml is not). Unknown members are
/// refused when reading, so a typo inside tolerations or affinity is an error, not a silent drop.
/// </summary>
[JsonSourceGenerationOptions(
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow)]
[JsonSerializable(typeof(V1Deployment))]
[JsonSerializable(typeof(V1ConfigMap))]
[JsonSerializable(typeof(V1Secret))]
[JsonSerializable(typeof(List<V1Toleration>))]
[JsonSerializable(typeof(List<V1EnvFromSource>))]
[JsonSerializable(typeof(V1Affinity))]
[JsonSerializable(typeof(List<V1Container>))]
[JsonSerializable(typeof(List<V1Volume>))]
[JsonSerializable(typeof(List<V1VolumeMount>))]
[JsonSerializable(typeof(List<V1LocalObjectReference>))]
[JsonSerializable(typeof(V1Volume))]
[JsonSerializable(typeof(V1PodSecurityContext))]
[JsonSerializable(typeof(V1SecurityContext))]
[JsonSerializable(typeof(V1Probe))]
[JsonSerializable(typeof(V1NetworkPolicy))]
[JsonSerializable(typeof(V1Service))]
[JsonSerializable(typeof(V1ServiceAccount))]
[JsonSerializable(typeof(List<V1NetworkPolicyEgressRule>))]
[JsonSerializable(typeof(AgentSetFn.Rendering.ExternalSecret))]
internal sealed partial class KubernetesJsonContext : JsonSerializerContext;

internal static class KubernetesJson
{
    /// <summary>
    /// Reads a Kubernetes-shaped value; returns null and an explanation (never the value's
    /// text) when it does not have the shape.
    /// </summary>
    public static T? TryRead<T>(JsonNode? node, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> typeInfo, out string? problem)
    {
        problem = NullListEntry(node, "");
        if (problem is not null) return default;
        try
        {
            return node is null ? default : node.Deserialize(typeInfo);
        }
        catch (Exception e) when (e is JsonException or FormatException or InvalidOperationException or NotSupportedException)
        {
            // Our own words with the JSON path: the runtime's messages are resource keys in the
            // binary (UseSystemResourceKeys), and a value is never quoted.
            problem = (e as JsonException)?.Path is { Length: > 1 } p
                ? $"a value of the wrong type at {p.TrimStart('$').TrimStart('.')}"
                : "a value of the wrong type";
            return default;
        }
    }

    // The models take `- ~` in a list as a null entry, which would be written out as `null`
    // and rejected by the API server: report it here instead.
    private static string? NullListEntry(JsonNode? node, string path)
    {
        switch (node)
        {
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    if (array[i] is null) return $"list entry {path}[{i}] is empty (null)";
                    if (NullListEntry(array[i], $"{path}[{i}]") is { } problem) return problem;
                }
                return null;
            case JsonObject obj:
                foreach (var (name, value) in obj)
                {
                    if (NullListEntry(value, path.Length == 0 ? name : $"{path}.{name}") is { } problem) return problem;
                }
                return null;
            default:
                return null;
        }
    }
}
