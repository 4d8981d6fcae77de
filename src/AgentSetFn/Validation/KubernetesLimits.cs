using System.Text;
using System.Text.RegularExpressions;
using AgentSetFn.Api;
using KrmFn;
using AgentSetFn.Layout;

namespace AgentSetFn.Validation;

/// <summary>
/// What the API server refuses, checked when rendering so that it never fails an apply: the
/// syntax of label and annotation keys and label values (k8s.io/apimachinery's
/// IsQualifiedName and IsValidLabelValue), and the sizes of the rendered objects, counted as
/// the API server counts them: a ConfigMap's or Secret's data at most 1 MiB (the UTF-8 bytes
/// of the values), a pod's annotations at most 256 KiB (the bytes of keys and values).
/// </summary>
internal static partial class KubernetesLimits
{
    /// <summary>core.MaxSecretSize, which the API server applies to ConfigMaps too.</summary>
    public const int MaxDataBytes = 1024 * 1024;

    /// <summary>TotalAnnotationSizeLimitB.</summary>
    public const int MaxAnnotationBytes = 256 * 1024;

    private const int MaxNameLength = 63;

    private const string QualifiedNameForm =
        "[prefix/]name, the prefix a DNS subdomain of at most 253 characters (lowercase letters, digits, '-' and '.'), "
        + "the name at most 63 letters, digits, '-', '_' and '.', beginning and ending with a letter or digit";

    // The name part of a qualified name, and a non-empty label value.
    [GeneratedRegex(@"\A([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]\z")]
    private static partial Regex QualifiedNamePart();

    // A key of a ConfigMap's or Secret's data (IsConfigMapKey).
    [GeneratedRegex(@"\A[-._a-zA-Z0-9]+\z")]
    private static partial Regex DataKeyPattern();

    /// <summary>A key of a Secret's or ConfigMap's data: at most 253 letters, digits, '-', '_' and '.', not `.` or `..`.</summary>
    public static bool IsDataKey(string key) => key.Length <= 253 && key is not ("." or "..") && DataKeyPattern().IsMatch(key);

    /// <summary>A label key or annotation key: [prefix/]name.</summary>
    public static bool IsQualifiedName(string key)
    {
        var parts = key.Split('/');
        if (parts.Length > 2 || (parts.Length == 2 && !AgentSetValidator.IsDns1123Subdomain(parts[0]))) return false;
        return parts[^1].Length <= MaxNameLength && QualifiedNamePart().IsMatch(parts[^1]);
    }

    /// <summary>Empty, or at most 63 letters, digits, '-', '_' and '.', beginning and ending with a letter or digit.</summary>
    public static bool IsLabelValue(string value) => value.Length == 0 || (value.Length <= MaxNameLength && QualifiedNamePart().IsMatch(value));

    public static void CheckLabel(string key, string value, string path, Diagnostics diagnostics)
    {
        if (!IsQualifiedName(key))
            diagnostics.Error(path, $"`{key}` is not a valid label key: {QualifiedNameForm}");
        if (!IsLabelValue(value))
            diagnostics.Error(path, $"`{value}` is not a valid label value (at most 63 letters, digits, '-', '_' and '.', beginning and ending with a letter or digit)");
    }

    /// <summary>As the API server checks it: the key in lowercase is a qualified name.</summary>
    public static void CheckAnnotationKey(string key, string path, Diagnostics diagnostics)
    {
        if (!IsQualifiedName(key.ToLowerInvariant()))
            diagnostics.Error(path, $"`{key}` is not a valid annotation key: {QualifiedNameForm}");
    }

    /// <summary>
    /// The sizes of the agent's ConfigMap, Secret and pod annotations, from the data they are
    /// rendered from. Only for an agent without errors: config.toml is defined for valid input alone.
    /// </summary>
    public static void CheckRenderedSizes(ResolvedAgent agent, string path, Diagnostics diagnostics)
    {
        var configData = AgentObjects.ConfigData(agent);
        var configMapBytes = configData.Sum(kv => Bytes(kv.Value));
        if (configMapBytes > MaxDataBytes)
        {
            var largest = configData.MaxBy(kv => Bytes(kv.Value)).Key;
            diagnostics.Error(largest == AgentObjects.AgentsMdKey ? $"{path}.agentsMd" : path,
                $"the ConfigMap {agent.Name} would hold {configMapBytes} bytes of data ("
                + string.Join(", ", configData.Select(kv => $"{kv.Key} {Bytes(kv.Value)}"))
                + $"); the API server refuses more than {MaxDataBytes} bytes (1 MiB): shorten {(largest == AgentObjects.AgentsMdKey ? "agentsMd" : "the agent's settings")}");
        }

        var secretData = AgentObjects.SecretData(agent);
        var secretBytes = secretData.Sum(kv => kv.Value.Length);
        if (secretBytes > MaxDataBytes)
        {
            // Sizes only: the data are tokens.
            diagnostics.Error(path, $"the Secret {agent.Name} would hold {secretBytes} bytes of inline tokens; the API server refuses more than {MaxDataBytes} bytes (1 MiB): check the inline tokens, or use botTokenSecretRef");
        }

        var annotations = PodLayout.PodAnnotations(agent, AgentObjects.ConfigHash(configData, secretData));
        var annotationBytes = annotations.Sum(kv => Bytes(kv.Key) + Bytes(kv.Value));
        if (annotationBytes > MaxAnnotationBytes)
        {
            diagnostics.Error($"{path}.podAnnotations",
                $"the pod's annotations would take {annotationBytes} bytes (keys and values, with the function's {AgentObjects.ConfigHashAnnotation}); "
                + $"the API server refuses more than {MaxAnnotationBytes} bytes (256 KiB)");
        }
    }

    private static int Bytes(string text) => Encoding.UTF8.GetByteCount(text);
}
