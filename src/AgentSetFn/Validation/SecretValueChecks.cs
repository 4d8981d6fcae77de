using AgentSetFn.Api;

namespace AgentSetFn.Validation;

/// <summary>
/// The checks every secret-valued field shares (Api/SecretValues.cs): at most one form, one
/// where the field is required, the inline form warned (it lands in git), a SecretRef that
/// names a valid Secret and key, and the Secret an ExternalSecret would write. Messages name
/// the fields, never the value.
/// </summary>
internal static class SecretValueChecks
{
    /// <summary>
    /// <paramref name="value"/> of <paramref name="field"/> in the object at <paramref name="path"/>;
    /// <paramref name="required"/>: one form must be set.
    /// </summary>
    public static void Validate(SecretValue? value, SecretField field, string path, bool required, Diagnostics diagnostics) =>
        Validate(value, field.Name, field.What, field.Noun, externalForm: field.ExternalSecret is not null, required, path, diagnostics);

    /// <summary>The same checks by the forms' names, for fields declared before SecretField (the chat tokens).</summary>
    internal static void Validate(SecretValue? value, string field, string what, string noun, bool externalForm, bool required,
        string path, Diagnostics diagnostics)
    {
        var referenceField = field + "SecretRef";
        var externalField = field + "ExternalSecret";
        var forms = value?.Forms ?? [];
        // One form: a second one would leave which value is used to chance.
        if (forms.Count > 1)
        {
            string Name(SecretForm form) => form switch { SecretForm.Inline => field, SecretForm.Reference => referenceField, _ => externalField };
            diagnostics.Error(path, !externalForm
                ? $"set either {field} or {referenceField}, not both"
                : $"set {(required ? "exactly" : "at most")} one of {field}, {referenceField} or {externalField}, "
                    + $"not {(forms.Count == 2 ? "both" : "all of")} {string.Join(" and ", forms.Select(Name))}");
        }
        else if (forms.Count == 0 && required)
        {
            diagnostics.Error(path, $"needs {what}: set {referenceField}: {{name, key}} (an existing Secret)"
                + (externalForm ? $", {externalField} (fetched by the External Secrets Operator)" : "") + $", or {field}");
        }
        else if (value?.Form == SecretForm.Inline)
        {
            diagnostics.Warning($"{path}.{field}", $"{noun} is inline: it is rendered into a Secret that will land in git; prefer {referenceField}");
        }

        if (value?.Reference is not { } reference) return;
        if (string.IsNullOrEmpty(reference.Name))
            diagnostics.Error($"{path}.{referenceField}.name", $"is required: the name of the Secret that holds {noun}");
        else if (!AgentSetValidator.IsDns1123Subdomain(reference.Name))
            diagnostics.Error($"{path}.{referenceField}.name", $"`{reference.Name}` is not a valid Secret name");
        if (string.IsNullOrEmpty(reference.Key))
            diagnostics.Error($"{path}.{referenceField}.key", $"is required: the key in the Secret that holds {noun}");
        else if (!KubernetesLimits.IsDataKey(reference.Key))
            diagnostics.Error($"{path}.{referenceField}.key", $"`{reference.Key}` is not a valid Secret key (letters, digits, '-', '_' and '.')");
    }

    /// <summary>
    /// The agent's wired secret values: the Secrets the function names for them (its own, an
    /// ExternalSecret's) must be valid names, and the variables the agent's pod reads them into
    /// are the function's: env, secretEnv and inheritEnv may not name them, or the agent could
    /// print the value into a chat.
    /// </summary>
    public static void ValidateResolved(ResolvedAgent agent, string path, Diagnostics diagnostics)
    {
        var definition = agent.Definition;
        foreach (var secret in agent.Secrets)
        {
            var name = secret.Source.Name ?? "";
            if (secret.Form != SecretForm.Reference && (name.Length > 253 || !AgentSetValidator.IsDns1123Subdomain(name)))
                diagnostics.Error($"{path}.{secret.Field}", $"the generated Secret name `{name}` is not a valid Secret name: shorten the AgentSet or agent name");
            if (!secret.Readers.HasFlag(SecretReaders.Agent)) continue;
            var why = $"{secret.Variable} holds {secret.What} ({secret.Field}), which the function wires where it is needed: "
                + "in the agent's environment the agent could print it into a chat";
            foreach (var (variable, _) in definition.Env.Where(kv => kv.Key == secret.Variable))
                diagnostics.Error($"{path}.env.{variable}", why);
            for (var i = 0; i < definition.SecretEnv.Count; i++)
            {
                if (definition.SecretEnv[i].Name == secret.Variable) diagnostics.Error($"{path}.secretEnv[{i}].name", why);
            }
            for (var i = 0; i < definition.InheritEnv.Count; i++)
            {
                if (definition.InheritEnv[i] == secret.Variable) diagnostics.Error($"{path}.inheritEnv[{i}]", why);
            }
        }
    }
}
