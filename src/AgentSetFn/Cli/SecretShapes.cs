using System.Text.RegularExpressions;

namespace AgentSetFn.Cli;

/// <summary>
/// Whether a variable name or a value looks like a credential. `migrate` copies nothing that
/// does, so these err towards "secret": a false alarm costs a Secret reference and a note, a
/// miss puts a credential into git.
/// </summary>
internal static partial class SecretShapes
{
    // GITHUB_TOKEN, OPENAI_API_KEY, DB_PASSWORD, clientSecret, AWS_SECRET_ACCESS_KEY, SENTRY_DSN...
    [GeneratedRegex(@"\A[\s\S]*(TOKEN|SECRET|PASSWORD|PASSWD|PASSPHRASE|CREDENTIAL|APIKEY|PRIVATEKEY|ACCESSKEY|WEBHOOK)[\s\S]*\z")]
    private static partial Regex SecretStem();

    // Short words that mark a secret only as a whole word of the name (KEY, but not MONKEY).
    private static readonly string[] SecretWords = ["KEY", "KEYS", "PASS", "PWD", "AUTH", "CREDS", "COOKIE", "DSN", "PAT", "PIN"];

    // The words of a name, one capture each: snake_case, kebab-case, camelCase, APIKey.
    [GeneratedRegex(@"\A(?:[^A-Za-z0-9]*([A-Z]?[a-z0-9]+|[A-Z]+(?![a-z])))*[^A-Za-z0-9]*\z")]
    private static partial Regex NameWords();

    // Well-known token prefixes (OpenAI/Anthropic, GitHub, GitLab, Slack, AWS, Google, Hugging
    // Face, npm, PyPI, Stripe), JWTs and PEM blocks, anywhere a word starts: a token is as
    // secret inside `--api-key=sk-...` or `Bearer ghp_...` as on its own.
    [GeneratedRegex(@"\A[\s\S]*?(?<![A-Za-z0-9])(sk-|sk_|rk_|pk_live_|ghp_|gho_|ghu_|ghs_|ghr_|github_pat_|glpat-|xox[abposr]-|xapp-|AKIA[A-Z0-9]{12}|ASIA[A-Z0-9]{12}|AIza|ya29\.|hf_|npm_|pypi-|eyJ[A-Za-z0-9_-]+\.|-----BEGIN)[\s\S]*\z")]
    private static partial Regex KnownToken();

    // scheme://user:password@host, anywhere in the text.
    [GeneratedRegex(@"\A[\s\S]*?[A-Za-z][A-Za-z0-9+.-]*://[^/@\s:]*:[^/@\s]+@[\s\S]*\z")]
    private static partial Regex UrlWithPassword();

    // A credential handed over in the text: `Authorization: Bearer ...`, `--password=...`,
    // `token: s3cr3t`, npm's `_authToken=...`. Prose names credentials too ("Basic
    // configuration", "keep the secret: never print it"): after a word or a colon, only a
    // value with a digit counts; after `=` (options, .npmrc, env files) any value does.
    [GeneratedRegex(@"\A[\s\S]*?(\b(?i:bearer|basic)\s+(?=[A-Za-z0-9._~+/=-]*[0-9])[A-Za-z0-9._~+/=-]{8,}|(?i:pass(word|wd|phrase)?|token|secret|api[-_]?key|access[-_]?key|_authtoken)(\s*=\s*[^\s=:]{4,}|\s*:\s*(?=[^\s=:]*[0-9])[^\s=:]{4,}))[\s\S]*\z")]
    private static partial Regex CredentialAssignment();

    // A long opaque string (base64, a Discord token): no spaces, both cases and digits.
    [GeneratedRegex(@"\A(?=.*[a-z])(?=.*[A-Z])(?=.*[0-9])[A-Za-z0-9+/=_.-]{32,}\z")]
    private static partial Regex OpaqueString();

    // A LINE channel secret: exactly 32 hex digits (LINE's console shows it beside the IDs). Not
    // longer runs of hex: a sha256 (hooks), a git commit (workspace.ref) are no secrets.
    [GeneratedRegex(@"\A(?=.*[0-9])(?=.*[a-fA-F])[0-9a-fA-F]{32}\z")]
    private static partial Regex HexSecret();

    public static bool IsSecretName(string name)
    {
        var upper = name.ToUpperInvariant();
        if (SecretStem().IsMatch(upper.Replace("_", "", StringComparison.Ordinal).Replace("-", "", StringComparison.Ordinal))) return true;
        return NameWords().Match(name).Groups[1].Captures.Any(w => SecretWords.Contains(w.Value.ToUpperInvariant(), StringComparer.Ordinal));
    }

    public static bool IsSecretValue(string value)
    {
        var text = value.Trim();
        return KnownToken().IsMatch(text) || UrlWithPassword().IsMatch(text) || CredentialAssignment().IsMatch(text) || OpaqueString().IsMatch(text)
            || HexSecret().IsMatch(text);
    }
}
