using AgentSetFn.Layout;
using k8s.Models;

namespace AgentSetFn.Rendering;

/// <summary>Environment variables read from a Secret key: the agent's and the S3 containers' credentials.</summary>
internal static class SecretVariables
{
    public static V1EnvVar Of(PodLayout.WiredCredential credential) => new()
    {
        Name = credential.Variable,
        ValueFrom = new V1EnvVarSource { SecretKeyRef = new V1SecretKeySelector { Name = credential.Source.Name, Key = credential.Source.Key } },
    };
}
