using System.Text.RegularExpressions;
using AgentSetFn.Api;
using AgentSetFn.Cli;
using AgentSetFn.Layout;
using Tomlyn.Model;

namespace AgentSetFn.Validation;

/// <summary>
/// Checks an agent's `configToml` (Layout/RawConfigToml) before anything is rendered from it:
/// that it is TOML, that it holds no credential, that every `${` in it is one reference openab
/// may expand, and which rendered keys it replaces (a warning each, naming the AgentSet field).
///
/// openab replaces every ${NAME} in config.toml's text with its environment variable NAME before
/// parsing (comments and keys included, no escape), and an [agent].env value that is exactly
/// ${NAME} again after. So a reference is accepted only as a whole string value, written as it
/// reads (no escapes), at a credential's key, naming a variable the agent's pod takes from a
/// Secret: a `secretEnv` name, or a token the function wires, at the key the function writes it
/// to. Anything else would hand openab's environment (the chat tokens, the S3 keys) to the
/// agent or a chat channel. Messages name lines and keys, never a value.
/// </summary>
internal static partial class RawConfigTomlCheck
{
    private const string Opening = "${";

    // openab's expansion, `\$\{(\w+)\}`, and its secrets providers' `${secrets.<key>}`.
    [GeneratedRegex(@"\A\$\{(?<name>\w+)\}\z")]
    private static partial Regex EnvReference();

    [GeneratedRegex(@"\A\$\{secrets\.[A-Za-z0-9_.-]+\}\z")]
    private static partial Regex SecretsReference();

    // The words of a key, one capture each: snake_case, kebab-case, camelCase, APIKey.
    [GeneratedRegex(@"\A(?:[^A-Za-z0-9]*([A-Z]?[a-z0-9]+|[A-Z]+(?![a-z])))*[^A-Za-z0-9]*\z")]
    private static partial Regex KeyWords();

    /// <summary>Words that make a key a credential's: bot_token, app_secret, api_key, apiKey, encrypt_key, password...</summary>
    private static readonly string[] CredentialWords = ["token", "secret", "password", "passwd", "passphrase", "key", "apikey", "credential", "credentials"];

    /// <summary>openab's secrets providers, whose references name a secret without holding it (`[secrets]`).</summary>
    private static readonly string[] ProviderSchemes = ["aws-sm://", "exec://"];

    public static void Validate(ResolvedAgent agent, string path, Diagnostics diagnostics)
    {
        if (agent.Definition.ConfigToml is not { } raw) return;
        var field = $"{path}.{AgentSetApi.Agent.ConfigToml.Name}";
        var (document, problems) = RawConfigToml.Parse(raw);
        if (document is null)
        {
            foreach (var problem in problems)
                diagnostics.Error(field, problem.Line > 0
                    ? $"is not valid TOML: line {problem.Line}, column {problem.Column}: {problem.Message}"
                    : $"is not valid TOML: {problem.Message}");
            return;
        }

        var rendered = RawConfigToml.ReadRendered(OpenabConfigToml.Write(agent, tokenReferences: true));
        var ownReferences = new Dictionary<string, string>(StringComparer.Ordinal);
        CollectReferences(rendered, [], ownReferences);
        var secretEnv = agent.Definition.SecretEnv.Select(e => e.Name).ToHashSet(StringComparer.Ordinal);

        // The strings whose `${` are accepted, or already reported on their own.
        var handled = new List<(int Start, int End)>();
        foreach (var text in document.Strings)
        {
            var where = $"line {text.Line}, {KeyText(text.KeyPath)}";
            if (text.Value.Contains(Opening, StringComparison.Ordinal))
            {
                CheckReference(text, ownReferences, secretEnv, where, field, diagnostics);
                handled.Add((text.Offset, text.Offset + text.Source.Length));
                continue;
            }
            if (InlineCredential(text) is { } what)
                diagnostics.Error(field, $"{where} {what}: it would land in git and in the ConfigMap. "
                    + "Put it in a Secret, name it in secretEnv, and write `${NAME}` at a credential's key");
        }
        CheckStrayOpenings(raw, handled, field, diagnostics);
        CheckInheritEnv(agent, document, field, diagnostics);
        CheckLine(agent, document, field, diagnostics);

        foreach (var overridden in RawConfigToml.Overrides(rendered, document.Model))
        {
            var source = OpenabConfigToml.SourceField(overridden);
            var typed = source.Length == 0 ? $"the fields of {path} written there" : $"`{path}.{source}`";
            diagnostics.Warning(field, $"line {document.LineOf(overridden)}, {KeyText(overridden.OfType<string>().ToList())} replaces what {typed} writes into config.toml");
        }
    }

    /// <summary>Reports a string holding `${` unless it is one reference the agent may take.</summary>
    private static void CheckReference(RawConfigToml.RawString text, Dictionary<string, string> ownReferences, HashSet<string> secretEnv,
        string where, string field, Diagnostics diagnostics)
    {
        var asWritten = text.Source.Length == text.Value.Length + 2 && text.Source[1..^1] == text.Value;
        var env = EnvReference().Match(text.Value);
        if (!asWritten || !(env.Success || SecretsReference().IsMatch(text.Value)))
        {
            diagnostics.Error(field, $"{where}: `${{` may stand only as a whole value that is one reference, `${{NAME}}`, written without escapes: "
                + "openab replaces every ${NAME} in config.toml with its environment variable NAME, so other text would hand the agent, or a chat channel, "
                + "the tokens or any other variable of openab's environment");
            return;
        }
        var key = RawConfigToml.PathKeyOf(text.KeyPath);
        if (ownReferences.TryGetValue(key, out var own) && own == text.Value) return;
        var name = env.Success ? env.Groups["name"].Value : null;
        if (name is not null && ownReferences.ContainsValue(text.Value))
        {
            var home = ownReferences.First(r => r.Value == text.Value).Key;
            diagnostics.Error(field, $"{where}: `${{{name}}}` is a token the function wires for {KeyText(RawConfigToml.KeysOf(home))} only; elsewhere openab would hand it on");
            return;
        }
        if (name is not null && !secretEnv.Contains(name))
        {
            diagnostics.Error(field, $"{where}: `{name}` is not a variable the agent's pod takes from a Secret: a reference must name one of secretEnv"
                + (secretEnv.Count == 0 ? " (the agent has none)" : $" ({string.Join(", ", secretEnv.Order(StringComparer.Ordinal))})"));
            return;
        }
        if (!IsCredentialKey(text.KeyPath[^1]))
        {
            diagnostics.Error(field, $"{where} is not a credential's key: openab would put the secret's value where it can be shown (a prompt, a channel, a list); "
                + "reference a secret only at a key such as `token`, `api_key` or `app_secret`");
        }
    }

    /// <summary>Every `${` of the text outside a string value (in a comment or a key) is an error on its line.</summary>
    private static void CheckStrayOpenings(string raw, List<(int Start, int End)> handled, string field, Diagnostics diagnostics)
    {
        var reported = new HashSet<int>();
        for (var at = raw.IndexOf(Opening, StringComparison.Ordinal); at >= 0; at = raw.IndexOf(Opening, at + 1, StringComparison.Ordinal))
        {
            if (handled.Any(a => at >= a.Start && at < a.End)) continue;
            var line = 1 + raw.AsSpan(0, at).Count('\n');
            if (reported.Add(line))
                diagnostics.Error(field, $"line {line}: `${{` outside a string value (in a comment or a key): "
                    + "openab expands it there too, before it reads the file, and would hand on the variable it names");
        }
    }

    /// <summary>The document's [agent] inherit_env may not pass a wired credential to the agent, as inheritEnv may not.</summary>
    private static void CheckInheritEnv(ResolvedAgent agent, RawConfigToml.Document document, string field, Diagnostics diagnostics)
    {
        var wired = PodLayout.CredentialVariables(agent).ToHashSet(StringComparer.Ordinal);
        foreach (var text in document.Strings.Where(s => s.KeyPath is ["agent", "inherit_env"]))
        {
            if (wired.Contains(text.Value))
                diagnostics.Error(field, $"line {text.Line}, [agent] inherit_env names `{text.Value}`, a credential the function wires: the agent could print it into a chat");
        }
    }

    /// <summary>
    /// The native LINE adapter's webhook port is the pod's too (its container port, Service and
    /// policy ingress come from line.webhookPort), so the document may not move it; and a [line]
    /// written only here gets none of them.
    /// </summary>
    private static void CheckLine(ResolvedAgent agent, RawConfigToml.Document document, string field, Diagnostics diagnostics)
    {
        const string Section = "line";
        if (!document.Model.TryGetValue(Section, out var value) || value is not TomlTable line) return;
        var settings = agent.Definition.Line;
        if (!settings.Enabled)
        {
            diagnostics.Warning(field, $"line {document.LineOf([Section])}, `[line]` is written here while line.enabled is false: no container port, Service or network policy ingress "
                + "is rendered for LINE's webhooks, and the credentials are not wired; set line.enabled (and its fields) instead");
            return;
        }
        if (line.ContainsKey("webhook_port"))
            diagnostics.Error(field, $"line {document.LineOf([Section, "webhook_port"])}, `[line] webhook_port` would move the port openab listens on away from line.webhookPort "
                + $"({settings.WebhookPort}), where the container port, Service {agent.LineService} and the network policy reach it: set line.webhookPort instead");
    }

    /// <summary>
    /// Why a string without `${` is a credential written inline ("holds a credential inline" at a
    /// credential's key, "looks like a credential" anywhere), or null. `migrate` reads the same rule.
    /// </summary>
    internal static string? InlineCredential(RawConfigToml.RawString text)
    {
        if (text.Value.Length == 0 || text.Value.Contains(Opening, StringComparison.Ordinal) || IsProviderReference(text)) return null;
        if (IsCredentialKey(text.KeyPath[^1])) return "holds a credential inline";
        // The whole value (a JWT, a URL with a password), and each run of token characters in
        // it: a key in a URL's query or path (`?key=gsk_...`) is as secret as one on its own.
        return SecretShapes.IsSecretValue(text.Value) || TokenRuns(text.Value).Any(SecretShapes.IsSecretValue)
            ? "looks like a credential" : null;
    }

    /// <summary>The runs of 16 or more token characters (letters, digits, `+=_.-`) in a text.</summary>
    private static IEnumerable<string> TokenRuns(string text)
    {
        static bool TokenChar(char c) => char.IsAsciiLetterOrDigit(c) || c is '+' or '=' or '_' or '.' or '-';
        for (var start = 0; start < text.Length;)
        {
            if (!TokenChar(text[start]))
            {
                start++;
                continue;
            }
            var end = start;
            while (end < text.Length && TokenChar(text[end])) end++;
            if (end - start >= 16) yield return text[start..end];
            start = end;
        }
    }

    private static bool IsProviderReference(RawConfigToml.RawString text) =>
        text.KeyPath is ["secrets", ..] && ProviderSchemes.Any(s => text.Value.StartsWith(s, StringComparison.Ordinal));

    /// <summary>Whether a key names a credential: one of its words is token, secret, password, key...</summary>
    internal static bool IsCredentialKey(string key) =>
        KeyWords().Match(key).Groups[1].Captures.Any(w => CredentialWords.Contains(w.Value.ToLowerInvariant(), StringComparer.Ordinal));

    /// <summary>The rendered file's own `${...}` values (the wired tokens), by key path.</summary>
    private static void CollectReferences(TomlTable table, List<string> path, Dictionary<string, string> references)
    {
        foreach (var (key, value) in table)
        {
            List<string> here = [.. path, key];
            if (value is TomlTable inner) CollectReferences(inner, here, references);
            else if (value is string text && text.StartsWith(Opening, StringComparison.Ordinal)) references[RawConfigToml.PathKeyOf(here)] = text;
        }
    }

    /// <summary>`[discord] bot_token`, `[agent.env] NAME`, a top-level `key`, as the document writes keys.</summary>
    private static string KeyText(IReadOnlyList<string> keys) => keys.Count switch
    {
        0 => "the document",
        1 => $"`{keys[0]}`",
        _ => $"`[{string.Join('.', keys.Take(keys.Count - 1))}] {keys[^1]}`",
    };
}
