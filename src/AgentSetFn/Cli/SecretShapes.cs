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
    [GeneratedRegex("TOKEN|SECRET|PASSWORD|PASSWD|PASSPHRASE|CREDENTIAL|APIKEY|PRIVATEKEY|ACCESSKEY|WEBHOOK")]
    private static partial Regex SecretStem();

    // Short words that mark a secret only as a whole word of the name (KEY, but not MONKEY).
    private static readonly string[] SecretWords = ["KEY", "KEYS", "PASS", "PWD", "AUTH", "CREDS", "COOKIE", "DSN", "PAT", "PIN"];

    [GeneratedRegex("[A-Z]?[a-z0-9]+|[A-Z]+(?![a-z])")]
    private static partial Regex NameWord();

    // Well-known token prefixes (OpenAI/Anthropic, GitHub, GitLab, Slack, AWS, Google, Hugging
    // Face, npm, PyPI, Stripe), JWTs and PEM blocks.
    [GeneratedRegex(@"^(sk-|sk_|rk_|pk_live_|ghp_|gho_|ghu_|ghs_|ghr_|github_pat_|glpat-|xox[abposr]-|xapp-|AKIA[A-Z0-9]{12}|ASIA[A-Z0-9]{12}|AIza|ya29\.|hf_|npm_|pypi-|eyJ[A-Za-z0-9_-]+\.|-----BEGIN)")]
    private static partial Regex KnownToken();

    // scheme://user:password@host
    [GeneratedRegex(@"^[A-Za-z][A-Za-z0-9+.-]*://[^/@\s:]*:[^/@\s]+@")]
    private static partial Regex UrlWithPassword();

    // A long opaque string (base64, a Discord token): no spaces, both cases and digits.
    [GeneratedRegex(@"^(?=.*[a-z])(?=.*[A-Z])(?=.*[0-9])[A-Za-z0-9+/=_.-]{32,}$")]
    private static partial Regex OpaqueString();

    public static bool IsSecretName(string name)
    {
        var upper = name.ToUpperInvariant();
        if (SecretStem().IsMatch(upper.Replace("_", "", StringComparison.Ordinal).Replace("-", "", StringComparison.Ordinal))) return true;
        return NameWord().Matches(name).Any(w => SecretWords.Contains(w.Value.ToUpperInvariant(), StringComparer.Ordinal));
    }

    public static bool IsSecretValue(string value)
    {
        var text = value.Trim();
        return KnownToken().IsMatch(text) || UrlWithPassword().IsMatch(text) || OpaqueString().IsMatch(text);
    }
}
