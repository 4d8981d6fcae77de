namespace AgentSetFn.Api;

// A secret-valued field, declared once. `SecretField("botToken", ...)` in an object's field list
// (`.. field.Fields`) gives the forms every credential of the AgentSet has:
//   botToken: "..."                                  inline, rendered into a Secret (warned: it lands in git)
//   botTokenSecretRef: {name, key}                   an existing Secret
//   botTokenExternalSecret: {secretStoreRef, remoteKey, property}   where asked: the External Secrets Operator
// The reader reads them into one SecretValue (AgentSetReader.ReadSecret), SecretValueChecks says
// "at most one form" (and "required" where the field needs one), and Layout/WiredSecret gives the
// value its environment variable and the Secret key the pod reads it from.

/// <summary>
/// A field that holds a credential, in its two or three forms. <paramref name="What"/> names the
/// value in "needs ..." messages (e.g. "the Telegram bot token"); <paramref name="Noun"/> in the
/// others ("the token is inline", "the Secret that holds the token").
/// </summary>
internal sealed record SecretField
{
    public SecretField(string name, string what, string noun, string description, bool externalSecret = false)
    {
        Name = name;
        What = what;
        Noun = noun;
        Inline = new StringField(name)
        {
            Secret = true,
            Description = $"{description} Inline: rendered into a Secret, with a **warning** that it will land in git; prefer `{name}SecretRef`.",
        };
        SecretRef = AgentSetApi.SecretKeyRef.Object($"{name}SecretRef", $"`{{name, key}}` of an existing Secret holding {noun} (preferred).");
        ExternalSecret = externalSecret ? SecretValueExternalSecret.Object($"{name}ExternalSecret", noun) : null;
    }

    public string Name { get; }
    public string What { get; }
    public string Noun { get; }
    public StringField Inline { get; }
    public ObjectField SecretRef { get; }
    /// <summary>Null: the field has no ExternalSecret form.</summary>
    public ObjectField? ExternalSecret { get; }

    /// <summary>The forms, for an object's field list: inline, SecretRef, then ExternalSecret.</summary>
    public IReadOnlyList<Field> Fields => ExternalSecret is null ? [Inline, SecretRef] : [Inline, SecretRef, ExternalSecret];
}

/// <summary>`&lt;field&gt;ExternalSecret`: {secretStoreRef, remoteKey, property}, the same shape as the Discord token's.</summary>
internal static class SecretValueExternalSecret
{
    public static readonly StringField RemoteKey = new("remoteKey") { Required = true, Description = "The secret's key (name or path) in the external store." };
    public static readonly StringField Property = new("property") { Description = "The property of a JSON secret that holds the value; empty: the whole value." };

    public static ObjectField Object(string name, string noun) => new(name, [AgentSetApi.SecretStoreRef.Object, RemoteKey, Property])
    {
        Description = $"`{{secretStoreRef: {{name, kind}}, remoteKey, property}}`: an `ExternalSecret` (External Secrets Operator, `external-secrets.io/v1`) "
            + $"fetches {noun} into a Secret of its own, so no value is in git.",
    };
}

/// <summary>Which form a secret value was written in.</summary>
internal enum SecretForm
{
    Inline,
    Reference,
    External,
}

/// <summary>
/// A secret field as written: each form that was set (an empty inline string is unset). Valid
/// input has at most one; <see cref="Form"/> is null with none or several.
/// </summary>
internal sealed record SecretValue(string? Inline = null, SecretKeyReference? Reference = null, ExternalSecretSource? External = null)
{
    /// <summary>The forms that are set, in the catalog's order.</summary>
    public IReadOnlyList<SecretForm> Forms =>
    [
        .. string.IsNullOrEmpty(Inline) ? [] : new[] { SecretForm.Inline },
        .. Reference is null ? [] : new[] { SecretForm.Reference },
        .. External is null ? [] : new[] { SecretForm.External },
    ];

    public bool IsSet => Forms.Count > 0;

    /// <summary>The one form that is set, or null with none or several.</summary>
    public SecretForm? Form => Forms is [var only] ? only : null;

    /// <summary>A value only a Secret holds, never printed in a record's text (a result or log line).</summary>
    public override string ToString() => $"SecretValue({string.Join(", ", Forms)})";
}
