using AgentSetFn.Api;
using AgentSetFn.Krm;
using AgentSetFn.Rendering;

namespace AgentSetFn.Validation;

/// <summary>
/// The credentials the function wires for openab (the chat tokens) and for the backup (the S3
/// keys) never reach an agent through secretEnv, its own or another agent's of this AgentSet:
/// the agent can print its environment into a chat. Which Secret key holds which credential is
/// read off the env the Deployment renders, so the check and the pod cannot disagree.
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
            if (DeploymentRenderer.MountsS3KeysInAgent(agent))
                diagnostics.Warning($"{path}.persistence.s3.backup",
                    $"preStop mounts the S3 keys (Secret `{agent.S3CredentialsSecret}`) into the agent's own container for its final backup: " +
                    "the agent process can read them, and could print them into a chat. The default, backup: sidecar, keeps them out of the agent's container");
        }
    }

    /// <summary>Secret, key and what it holds, for each credential the agent's pod reads from a Secret.</summary>
    private static IEnumerable<(string Secret, string Key, string What)> Wired(ResolvedAgent agent)
    {
        var env = DeploymentRenderer.TokenEnv(agent).Select(v => (v, v.Name switch
        {
            "DISCORD_BOT_TOKEN" => "the Discord bot token",
            "SLACK_BOT_TOKEN" => "the Slack bot token",
            "SLACK_APP_TOKEN" => "the Slack app token",
            _ => "a token",
        }));
        if (agent.S3.Enabled)
            env = env.Concat(DeploymentRenderer.S3Env(agent, credentialsAsEnv: true).Select(v => (v, "the S3 keys")));
        foreach (var (variable, what) in env)
        {
            if (variable.ValueFrom?.SecretKeyRef is { Name: { Length: > 0 } secret, Key: { Length: > 0 } key })
                yield return (secret, key, what);
        }
    }
}
