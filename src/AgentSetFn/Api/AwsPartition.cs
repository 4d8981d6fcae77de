namespace AgentSetFn.Api;

/// <summary>
/// An AWS partition: the ARNs' second field, the prefix of its regions' names and the domain its
/// endpoints are named under. The one rule for where an agent's logins are: an endpoint under one
/// of these domains (or none) is AWS S3, in the partition of the agent's region, which validation
/// holds to the endpoint's domain; any other endpoint is an S3-compatible store (MinIO...). The
/// policy's dialect and ARNs, the identity check, the comparison of S3 locations and the
/// checklist's commands all follow it.
/// </summary>
internal sealed record AwsPartition(string Name, string RegionPrefix, string Domain)
{
    public static readonly AwsPartition China = new("aws-cn", "cn-", "amazonaws.com.cn");
    /// <summary>GovCloud's endpoints share the commercial domain: its regions tell it apart.</summary>
    public static readonly AwsPartition GovCloud = new("aws-us-gov", "us-gov-", "amazonaws.com");
    public static readonly AwsPartition Commercial = new("aws", "", "amazonaws.com");

    /// <summary>The partitions, the commercial one last: its region prefix matches every region.</summary>
    public static readonly IReadOnlyList<AwsPartition> All = [China, GovCloud, Commercial];

    /// <summary>The partition of a region; null (AWS's default region) is the commercial one.</summary>
    public static AwsPartition OfRegion(string? region) =>
        All.First(p => (region ?? "").StartsWith(p.RegionPrefix, StringComparison.Ordinal));

    /// <summary>
    /// The AWS domain an endpoint's host is under (case and a trailing dot aside), or null when it
    /// is no AWS endpoint: an S3-compatible store. No endpoint is not asked about.
    /// </summary>
    public static string? DomainOf(string endpoint)
    {
        if (!Uri.TryCreate(endpoint, UriKind.Absolute, out var uri) || uri.Host.Length == 0) return null;
        var host = uri.Host.TrimEnd('.').ToLowerInvariant();
        return All.Select(p => p.Domain).FirstOrDefault(domain => host == domain || host.EndsWith("." + domain, StringComparison.Ordinal));
    }

    /// <summary>Whether the store at this endpoint (or "", none) is AWS S3.</summary>
    public static bool IsAws(string endpoint) => endpoint.Length == 0 || DomainOf(endpoint) is not null;
}
