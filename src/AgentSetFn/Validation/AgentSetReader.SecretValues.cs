using AgentSetFn.Api;

namespace AgentSetFn.Validation;

// Reading a secret-valued field (Api/SecretValues.cs): every form that is written, into one
// SecretValue. Shape only; "at most one form" and "required" are SecretValueChecks'.
internal static partial class AgentSetReader
{
    /// <summary>The forms of <paramref name="field"/> written in <paramref name="parent"/>; null when none is.</summary>
    internal static SecretValue? ReadSecret(MappingReader? parent, SecretField field)
    {
        if (parent is null) return null;
        var value = new SecretValue(
            parent.String(field.Inline),
            ReadSecretKeyReference(parent, field.SecretRef),
            field.ExternalSecret is { } external ? ReadSecretExternalSecret(parent.Object(external)) : null);
        return value.IsSet ? value : null;
    }

    private static ExternalSecretSource? ReadSecretExternalSecret(MappingReader? source)
    {
        if (source is null) return null;
        var (name, kind) = ReadSecretStoreRef(source);
        return new ExternalSecretSource(name, kind, RemoteKey(source, SecretValueExternalSecret.RemoteKey), source.String(SecretValueExternalSecret.Property));
    }
}
