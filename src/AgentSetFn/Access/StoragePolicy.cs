using System.Text.Json;
using System.Text.Json.Nodes;
using AgentSetFn.Api;

namespace AgentSetFn.Access;

/// <summary>Whose policy language a document is written in: AWS IAM, or MinIO's (the same JSON, for the agents on an S3-compatible endpoint).</summary>
internal enum PolicyDialect
{
    Aws,
    Minio,
}

/// <summary>
/// The least privilege the persistence scripts need, as an IAM policy (Rendering/PersistenceScripts:
/// `aws s3 sync` down on restore, up on backup, never `--delete`). Per agent:
/// <list type="bullet">
/// <item>s3:ListBucket on the bucket, only for listings below the agent's prefix (`s3:prefix` like
/// `prefix/*`): both syncs list `s3://bucket/prefix/` (ListObjectsV2 with prefix `prefix/`).</item>
/// <item>s3:GetObject (the restore's downloads, ranged for large files) and s3:PutObject (the
/// backup's uploads; a multipart upload's create, parts and completion are PutObject too) on
/// `bucket/prefix/*`.</item>
/// <item>s3:AbortMultipartUpload on the same keys: the AWS CLI aborts a multipart upload (files of
/// 8 MiB and more) that failed half-way, so its parts are not left behind.</item>
/// </list>
/// No s3:DeleteObject: a backup never deletes. The prefix ends in '/', so `team/kiro` never reaches
/// `team/kiro2`. Prefixes hold letters, digits, '.', '_', '-' and '/' only (validation), so
/// nothing in them is an IAM wildcard or policy variable.
/// </summary>
internal static class StoragePolicy
{
    public const string Version = "2012-10-17";
    public const string ListAction = "s3:ListBucket";
    public static readonly IReadOnlyList<string> ObjectActions = ["s3:GetObject", "s3:PutObject", "s3:AbortMultipartUpload"];
    public const string PrefixConditionKey = "s3:prefix";

    // Relaxed: an ARN's '+' stays '+' (valid JSON either way, but IAM users read these).
    private static readonly JsonSerializerOptions Indented = new()
    {
        WriteIndented = true,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    private static readonly JsonSerializerOptions OneLine = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Whether the agent keeps its login in this dialect's store: AWS (no endpoint, or AWS's own) or an S3-compatible endpoint.</summary>
    public static bool Covers(ResolvedAgent agent, PolicyDialect dialect) =>
        agent.S3Location is { } location && location.OnAws == (dialect == PolicyDialect.Aws);

    /// <summary>
    /// The ARN partition: the agent's region's (China and GovCloud have their own; validation
    /// holds an AWS endpoint to it). MinIO takes `aws` whatever its region.
    /// </summary>
    public static string Partition(ResolvedAgent agent, PolicyDialect dialect) =>
        dialect == PolicyDialect.Minio ? AwsPartition.Commercial.Name : AwsPartition.OfRegion(agent.S3Region).Name;

    /// <summary>The keys the agent's scripts read and write: the prefix as the S3 URI names it, then '/'.</summary>
    public static string KeyPrefix(ResolvedAgent agent) => agent.S3Prefix + "/";

    public static string BucketArn(ResolvedAgent agent, PolicyDialect dialect) => $"arn:{Partition(agent, dialect)}:s3:::{agent.S3.Bucket}";

    /// <summary>The agent's two statements: list below its prefix; read, write and abort uploads of the keys below it.</summary>
    public static IEnumerable<JsonObject> Statements(ResolvedAgent agent, PolicyDialect dialect)
    {
        var bucket = BucketArn(agent, dialect);
        yield return new JsonObject
        {
            ["Effect"] = "Allow",
            ["Action"] = ListAction,
            ["Resource"] = bucket,
            ["Condition"] = new JsonObject { ["StringLike"] = new JsonObject { [PrefixConditionKey] = KeyPrefix(agent) + "*" } },
        };
        yield return new JsonObject
        {
            ["Effect"] = "Allow",
            ["Action"] = new JsonArray([.. ObjectActions.Select(a => (JsonNode)a)]),
            ["Resource"] = $"{bucket}/{KeyPrefix(agent)}*",
        };
    }

    /// <summary>One policy document with every agent's statements, in the order given.</summary>
    public static JsonObject Document(IEnumerable<ResolvedAgent> agents, PolicyDialect dialect) => new()
    {
        ["Version"] = Version,
        ["Statement"] = new JsonArray([.. agents.SelectMany(agent => Statements(agent, dialect))]),
    };

    /// <summary>Indented, with a final newline: what the command prints.</summary>
    public static string Text(JsonNode document) => document.ToJsonString(Indented) + "\n";

    /// <summary>On one line, for a shell argument: the policy holds no single quote (ARNs, safe prefixes, bucket names).</summary>
    public static string Compact(JsonNode document) => document.ToJsonString(OneLine);
}
