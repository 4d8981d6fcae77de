namespace AgentSetFn.Validation;

/// <summary>
/// How a message shows a URL the user wrote: never with the parts that carry credentials
/// (user:password@, a query such as ?X-Amz-Credential=..., a #fragment holding a token).
/// </summary>
internal static class UrlText
{
    /// <summary>
    /// The URL as `scheme://host:port/path`, saying which parts were left out; <paramref name="what"/>
    /// (e.g. "the endpoint") when the text is not a URL with a host and holds '@', '?' or '#':
    /// then no parser says where a credential would end, so none of it is shown. The same when an
    /// '@' is not where the parser found user info: a password with an unencoded '#' or '?'
    /// (http://key:123#4@host) parses as host `key`, port 123, and the port would be the secret.
    /// </summary>
    public static string Describe(string url, string what)
    {
        if (Uri.TryCreate(url, UriKind.Absolute, out var uri) && !string.IsNullOrEmpty(uri.Host)
            && (uri.UserInfo.Length > 0 || !url.Contains('@', StringComparison.Ordinal))
            // Some schemes (ftp, gopher, ...) keep '?' in the path: then the parser did not
            // find the query, and the path would show it.
            && (uri.Query.Length > 0 || !url.Contains('?', StringComparison.Ordinal))
            && (uri.Fragment.Length > 0 || !url.Contains('#', StringComparison.Ordinal)))
        {
            // SchemeAndServer is scheme, host and port: the user info is a component of its own.
            var shown = uri.GetComponents(UriComponents.SchemeAndServer | UriComponents.Path, UriFormat.UriEscaped);
            string[] hidden = [.. new[]
            {
                uri.UserInfo.Length > 0 ? "user info" : null,
                uri.Query.Length > 0 ? "query" : null,
                uri.Fragment.Length > 0 ? "fragment" : null,
            }.OfType<string>()];
            return hidden.Length == 0 ? $"`{shown}`" : $"`{shown}` (its {Join(hidden)} not shown)";
        }
        return url.IndexOfAny(['@', '?', '#']) < 0 ? $"`{url}`" : what;
    }

    /// <summary>Whether the URL carries any part that can hold a credential.</summary>
    public static bool HasCredentialParts(Uri uri) => uri.UserInfo.Length > 0 || uri.Query.Length > 0 || uri.Fragment.Length > 0;

    private static string Join(string[] parts) =>
        parts.Length == 1 ? parts[0] : string.Join(", ", parts[..^1]) + " and " + parts[^1];
}
