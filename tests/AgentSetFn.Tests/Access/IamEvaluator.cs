using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace AgentSetFn.Tests.Access;

/// <summary>
/// One S3 request as IAM authorizes it: the action, the resource's ARN, and the condition keys
/// it carries (s3:prefix for a listing).
/// </summary>
internal sealed record S3Request(string Method, string Url, string Action, string Resource, IReadOnlyDictionary<string, string> Conditions)
{
    /// <summary>
    /// The request the AWS CLI sent (path-style: /bucket/key?query), as IAM names it. Every
    /// request the scripts could send is mapped here; anything else fails the test, so a new
    /// call of the CLI is seen rather than silently allowed or denied.
    /// </summary>
    public static S3Request Of(string method, string rawUrl, string partition = "aws")
    {
        var queryAt = rawUrl.IndexOf('?', StringComparison.Ordinal);
        var path = queryAt < 0 ? rawUrl : rawUrl[..queryAt];
        var query = Query(queryAt < 0 ? "" : rawUrl[(queryAt + 1)..]);
        var segments = path.TrimStart('/').Split('/', 2);
        var bucket = Uri.UnescapeDataString(segments[0]);
        var key = segments.Length > 1 ? Uri.UnescapeDataString(segments[1]) : null;
        var bucketArn = $"arn:{partition}:s3:::{bucket}";
        var none = new Dictionary<string, string>(StringComparer.Ordinal);
        if (key is null or "")
        {
            if (method == "GET" && (query.ContainsKey("list-type") || query.Count == 0 || query.ContainsKey("prefix")))
                return new(method, rawUrl, "s3:ListBucket", bucketArn, new Dictionary<string, string>(StringComparer.Ordinal) { ["s3:prefix"] = query.GetValueOrDefault("prefix", "") });
            if (method == "GET" && query.ContainsKey("uploads")) return new(method, rawUrl, "s3:ListBucketMultipartUploads", bucketArn, none);
            if (method == "GET" && query.ContainsKey("location")) return new(method, rawUrl, "s3:GetBucketLocation", bucketArn, none);
            if (method == "HEAD") return new(method, rawUrl, "s3:ListBucket", bucketArn, none);
            throw new InvalidOperationException($"an S3 bucket request the test does not know: {method} {rawUrl}");
        }
        var objectArn = $"{bucketArn}/{key}";
        var action = (method, query) switch
        {
            ("GET" or "HEAD", var q) when !q.ContainsKey("uploadId") && !q.ContainsKey("acl") && !q.ContainsKey("tagging") => "s3:GetObject",
            ("GET", var q) when q.ContainsKey("uploadId") => "s3:ListMultipartUploadParts",
            // A whole object, a multipart upload's start, its parts and its completion: all s3:PutObject.
            ("PUT", var q) when !q.ContainsKey("acl") && !q.ContainsKey("tagging") => "s3:PutObject",
            ("POST", var q) when q.ContainsKey("uploads") || q.ContainsKey("uploadId") => "s3:PutObject",
            ("DELETE", var q) when q.ContainsKey("uploadId") => "s3:AbortMultipartUpload",
            ("DELETE", _) => "s3:DeleteObject",
            _ => throw new InvalidOperationException($"an S3 object request the test does not know: {method} {rawUrl}"),
        };
        return new(method, rawUrl, action, objectArn, none);
    }

    /// <summary>The same request for another prefix: its key or listing moved from one prefix to another.</summary>
    public S3Request MovedTo(string fromPrefix, string toPrefix) => this with
    {
        Resource = Resource.Replace($"/{fromPrefix}", $"/{toPrefix}", StringComparison.Ordinal),
        Conditions = Conditions.ToDictionary(kv => kv.Key, kv => kv.Value.StartsWith(fromPrefix, StringComparison.Ordinal) ? toPrefix + kv.Value[fromPrefix.Length..] : kv.Value, StringComparer.Ordinal),
    };

    public override string ToString() => $"{Method} {Url} ({Action} on {Resource}{string.Concat(Conditions.Select(c => $", {c.Key}={c.Value}"))})";

    private static Dictionary<string, string> Query(string query) =>
        query.Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Select(p => p.Split('=', 2))
            .ToDictionary(p => Uri.UnescapeDataString(p[0]), p => p.Length > 1 ? Uri.UnescapeDataString(p[1].Replace('+', ' ')) : "", StringComparer.Ordinal);
}

/// <summary>
/// IAM's evaluation for the subset a storage policy uses: Allow statements with Action and
/// Resource (strings or lists, `*` and `?` wildcards) and a Condition of StringEquals or
/// StringLike. No statement allows: denied (IAM's implicit deny). Anything outside the subset
/// (Deny, NotAction, Principal, policy variables, other operators) is refused, so the evaluator
/// never judges what it does not understand.
/// </summary>
internal static class IamEvaluator
{
    public static bool Allows(JsonNode policy, S3Request request)
    {
        Assert.Equal("2012-10-17", (string?)policy["Version"]);
        return policy["Statement"]!.AsArray().Any(statement => Allows(statement!.AsObject(), request));
    }

    /// <summary>The requests the policy denies (none: it allows them all).</summary>
    public static IReadOnlyList<S3Request> Denied(JsonNode policy, IEnumerable<S3Request> requests) => [.. requests.Where(r => !Allows(policy, r))];

    private static bool Allows(JsonObject statement, S3Request request)
    {
        foreach (var (name, _) in statement)
        {
            if (name is not ("Sid" or "Effect" or "Action" or "Resource" or "Condition"))
                throw new NotSupportedException($"the evaluator does not know {name}");
        }
        if ((string?)statement["Effect"] != "Allow") throw new NotSupportedException("the evaluator knows Allow statements only");
        return Values(statement["Action"]).Any(a => Matches(a, request.Action, ignoreCase: true))
            && Values(statement["Resource"]).Any(r => Matches(r, request.Resource, ignoreCase: false))
            && ConditionsHold(statement["Condition"] as JsonObject, request);
    }

    private static bool ConditionsHold(JsonObject? condition, S3Request request)
    {
        if (condition is null) return true;
        foreach (var (op, keys) in condition)
        {
            foreach (var (key, values) in keys!.AsObject())
            {
                // A key the request does not carry fails the condition, as in IAM.
                if (!request.Conditions.TryGetValue(key, out var actual)) return false;
                var holds = op switch
                {
                    "StringEquals" => Values(values).Any(v => NoVariables(v) == actual),
                    "StringLike" => Values(values).Any(v => Matches(v, actual, ignoreCase: false)),
                    _ => throw new NotSupportedException($"the evaluator does not know the condition operator {op}"),
                };
                if (!holds) return false;
            }
        }
        return true;
    }

    private static IEnumerable<string> Values(JsonNode? node) => node switch
    {
        JsonArray array => array.Select(v => (string)v!),
        JsonValue value => [(string)value!],
        _ => throw new NotSupportedException($"not a string or a list of strings: {node}"),
    };

    /// <summary>IAM's wildcards: `*` any run of characters, `?` one character.</summary>
    private static bool Matches(string pattern, string value, bool ignoreCase)
    {
        var regex = "\\A" + string.Concat(NoVariables(pattern).Select(c => c switch { '*' => ".*", '?' => ".", _ => Regex.Escape(c.ToString()) })) + "\\z";
        return Regex.IsMatch(value, regex, (ignoreCase ? RegexOptions.IgnoreCase : RegexOptions.None) | RegexOptions.Singleline);
    }

    private static string NoVariables(string text) =>
        text.Contains("${", StringComparison.Ordinal) ? throw new NotSupportedException($"the evaluator does not expand policy variables: {text}") : text;
}
