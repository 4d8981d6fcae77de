namespace AgentSetFn.Api;

/// <summary>The pods that read a wired secret value into their environment.</summary>
[Flags]
internal enum SecretReaders
{
    /// <summary>The agent's pod (openab expands it in config.toml).</summary>
    Agent = 1,
    /// <summary>The gateway's pod.</summary>
    Gateway = 2,
}

/// <summary>
/// A secret value (Api/SecretValues.cs) as the pods get it: the environment variable
/// <see cref="Variable"/>, read from <see cref="Source"/>. Inline, the value lands in an own
/// Secret of the function under a fixed key; from an ExternalSecret, in the Secret the
/// ExternalSecret writes (named after the owner and the key), under the same key; a SecretRef is
/// read where it points. The Deployment renderers, the Secret and ExternalSecret renderers and
/// the credential check (Validation/Credentials) all read the agent's list of these
/// (<see cref="ResolvedAgent.Secrets"/>), so they cannot disagree.
/// </summary>
/// <param name="Field">The field's path below the agent (e.g. gateway.telegram.botToken), for messages.</param>
/// <param name="What">What it holds, for messages ("the Telegram bot token").</param>
internal sealed record WiredSecret(string Field, string What, string Variable, SecretReaders Readers, SecretForm Form,
    SecretKeyReference Source, string? Inline, ExternalSecretSource? External)
{
    /// <summary>
    /// The value's wiring, or null when it is not set (or set twice: validation reports that).
    /// <paramref name="ownSecret"/> holds an inline value under <paramref name="key"/>; an
    /// ExternalSecret writes Secret &lt;ownSecret&gt;-&lt;key&gt; with the same key.
    /// </summary>
    public static WiredSecret? Resolve(SecretValue? value, string field, string what, string variable, SecretReaders readers,
        string ownSecret, string key) => value?.Form switch
    {
        SecretForm.Inline => new(field, what, variable, readers, SecretForm.Inline, new SecretKeyReference(ownSecret, key), value.Inline, null),
        SecretForm.Reference => new(field, what, variable, readers, SecretForm.Reference, value.Reference!, null, null),
        SecretForm.External => new(field, what, variable, readers, SecretForm.External, new SecretKeyReference(ExternalSecretName(ownSecret, key), key), null, value.External),
        _ => null,
    };

    /// <summary>The Secret an ExternalSecret of a value writes: its own, so it never has two writers.</summary>
    public static string ExternalSecretName(string ownSecret, string key) => $"{ownSecret}-{key}";

    /// <summary>The inline value never appears in a record's text.</summary>
    public override string ToString() => $"WiredSecret({Field} -> {Variable} from {Source.Name}/{Source.Key}, {Form})";
}
