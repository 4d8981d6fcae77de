using AgentSetFn.Api;
using KrmFn;
using AgentSetFn.Layout;

namespace AgentSetFn.Validation;

/// <summary>
/// The credentials the function wires for openab (the chat tokens) and for the backup (the S3
/// keys) never reach an agent through secretEnv, its own or another agent's of this AgentSet:
/// the agent can print its environment into a chat. Which Secret key holds which credential is
/// read off the pod layout the Deployment is rendered from, so the check and the pod cannot disagree.
/// </summary>
internal static class Credentials
{
    public static void Validate(IReadOnlyList<ResolvedAgent> agents, Diagnostics diagnostics)
    {
        var wired = new Dictionary<(string Secret, string Key), string>();
        foreach (var agent in agents)
        {
            foreach (var (secret, key, what) in Wired(agent))
                wired.TryAdd((secret, key), $"{what} of agent `{agent.Key}`");
        }
        foreach (var agent in agents)
        {
            var path = $"spec.agents.{agent.Key}";
            for (var i = 0; i < agent.Definition.SecretEnv.Count; i++)
            {
                var entry = agent.Definition.SecretEnv[i];
                if (wired.TryGetValue((entry.SecretName, entry.SecretKey), out var holds))
                    diagnostics.Error($"{path}.secretEnv[{i}]",
                        $"Secret `{entry.SecretName}` key `{entry.SecretKey}` holds {holds}: as `{entry.Name}` the agent could print it into a chat. " +
                        "The function wires it only where it is needed; give the agent a credential of its own");
            }
            // A whole Secret reaches the pod through envFrom (every key in openab's environment,
            // where inheritEnv passes names on to the agent) or as a volume (files any container
            // that mounts it can read): neither may be one that holds a wired credential.
            var definition = agent.Definition;
            for (var i = 0; i < definition.EnvFrom.Count; i++)
            {
                if (definition.EnvFrom[i].SecretRef?.Name is { } secret && WholeSecret(wired, secret) is { } holds)
                    diagnostics.Error($"{path}.envFrom[{i}]",
                        $"Secret `{secret}` holds {holds}: envFrom puts every key of it into openab's environment, from where inheritEnv hands it to the agent. " +
                        "Put the agent's own variables in a Secret of their own");
            }
            for (var i = 0; i < definition.Volumes.Count; i++)
            {
                foreach (var secret in SecretsOf(definition.Volumes[i].Source))
                {
                    if (WholeSecret(wired, secret) is { } holds)
                        diagnostics.Error($"{path}.volumes[{i}]",
                            $"Secret `{secret}` holds {holds}: mounted, the agent could read it and print it into a chat. Mount a Secret of the agent's own");
                }
            }
            for (var i = 0; i < definition.ExtraVolumes.Count; i++)
            {
                foreach (var secret in SecretsOf(definition.ExtraVolumes[i]))
                {
                    if (WholeSecret(wired, secret) is { } holds)
                        diagnostics.Error($"{path}.extraVolumes[{i}]",
                            $"Secret `{secret}` holds {holds}: as a volume of the pod, any container that mounts it can read it. Mount a Secret of its own");
                }
            }
            if (PodLayout.MountsS3KeysInAgent(agent))
                diagnostics.Warning($"{path}.persistence.s3.backup",
                    $"preStop mounts the S3 keys (Secret `{agent.S3CredentialsSecret}`) into the agent's own container for its final backup: " +
                    "the agent process can read them, and could print them into a chat. The default, backup: sidecar, keeps them out of the agent's container");
        }
    }

    /// <summary>What a Secret holds when any of its keys is a wired credential, or null.</summary>
    private static string? WholeSecret(Dictionary<(string Secret, string Key), string> wired, string secret) =>
        wired.Where(w => w.Key.Secret == secret).Select(w => w.Value).FirstOrDefault();

    /// <summary>The Secrets a volume reads: a secret volume, or the secrets of a projected one.</summary>
    private static IEnumerable<string> SecretsOf(k8s.Models.V1Volume volume)
    {
        if (volume.Secret?.SecretName is { Length: > 0 } name) yield return name;
        foreach (var source in volume.Projected?.Sources ?? [])
        {
            if (source.Secret?.Name is { Length: > 0 } projected) yield return projected;
        }
    }

    /// <summary>Secret, key and what it holds, for each credential the agent's pod reads from a Secret.</summary>
    private static IEnumerable<(string Secret, string Key, string What)> Wired(ResolvedAgent agent)
    {
        var credentials = PodLayout.ChatTokens(agent).Select(t => (t.Source, t.Token.What))
            .Concat(agent.Secrets.Select(s => (s.Source, s.What)))
            .Concat(PodLayout.S3Keys(agent).Select(c => (c.Source, "the S3 keys")));
        foreach (var (source, what) in credentials)
        {
            if (source is { Name: { Length: > 0 } secret, Key: { Length: > 0 } key })
                yield return (secret, key, what);
        }
    }
}
