using AgentSetFn.Api;

namespace AgentSetFn.Validation;

/// <summary>
/// stt (openab `[stt]`): the API key's forms (one at most; one is required while the section is
/// written, unless the server is plain http), a base URL openab can call and a message may show,
/// and a model name. The chart fails on a missing key too ("stt.apiKey is required when
/// stt.enabled=true").
/// </summary>
internal static class SttOptions
{
    public static void Validate(AgentDefinition agent, string path, Diagnostics diagnostics)
    {
        var stt = agent.Stt;
        path = $"{path}.stt";
        SecretValueChecks.Validate(stt.ApiKey, AgentSetApi.Stt.ApiKey, path, required: stt.Enabled && !stt.ApiKeyOptional, diagnostics);
        if (!stt.Enabled)
        {
            if (stt.ApiKey is not null)
                diagnostics.Warning($"{path}.enabled", "is false: [stt] is not written, so the API key is not wired and voice messages are not transcribed");
            return;
        }
        // Uri ignores surrounding spaces; openab would not. Credentials in the URL would land in the ConfigMap.
        if (!(stt.BaseUrl == stt.BaseUrl.Trim() && Uri.TryCreate(stt.BaseUrl, UriKind.Absolute, out var uri)
              && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps) && uri.Host.Length > 0 && !UrlText.HasCredentialParts(uri)))
        {
            diagnostics.Error($"{path}.baseUrl", $"{UrlText.Describe(stt.BaseUrl, "the base URL")} must be an http(s) URL without credentials, query or fragment "
                + $"(the key goes in apiKeySecretRef), e.g. {AgentSetApi.Stt.DefaultBaseUrl}");
        }
        if (string.IsNullOrWhiteSpace(stt.Model))
            diagnostics.Error($"{path}.model", "must not be empty: it names the transcription model openab asks for");
    }
}
