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
    /// The AWS domain an S3 endpoint's host is under (case and a trailing dot aside), or null when
    /// it is no endpoint of AWS S3: an S3-compatible store. S3's own hosts carry an S3 label (`s3`,
    /// `s3-fips`, `s3-us-west-2`, `s3-accesspoint`, `s3express-...`); a load balancer's or an
    /// instance's name under the same domain (MinIO behind an ELB) is no S3 endpoint. No endpoint
    /// is not asked about.
    /// </summary>
    public static string? DomainOf(string endpoint)
    {
        if (HostOf(endpoint) is not { } host) return null;
        var domain = All.Select(p => p.Domain).FirstOrDefault(d => host.EndsWith("." + d, StringComparison.Ordinal));
        if (domain is null) return null;
        var labels = host[..^(domain.Length + 1)].Split('.');
        return labels.Any(l => l == "s3" || l.StartsWith("s3-", StringComparison.Ordinal) || l.StartsWith("s3express", StringComparison.Ordinal)) ? domain : null;
    }

    /// <summary>
    /// The region an AWS S3 endpoint's host names (`s3.eu-west-1.amazonaws.com`,
    /// `s3-fips.us-gov-east-1.amazonaws.com`, `s3-us-west-2.amazonaws.com`), or null: the global
    /// endpoint, or no AWS S3 endpoint.
    /// </summary>
    public static string? RegionOf(string endpoint)
    {
        if (DomainOf(endpoint) is not { } domain || HostOf(endpoint) is not { } host) return null;
        foreach (var label in host[..^(domain.Length + 1)].Split('.'))
        {
            // The legacy dash form names the region inside the S3 label: s3-us-west-2, s3-fips-us-gov-west-1.
            var candidates = new[] { label }.Concat(Enumerable.Range(1, Math.Max(0, label.Length - 1)).Where(i => label[i - 1] == '-').Select(i => label[i..]));
            if (candidates.FirstOrDefault(IsRegion) is { } region) return region;
        }
        return null;
    }

    /// <summary>The partition an IAM ARN names (`arn:aws-cn:iam::...`), or null when it is no ARN of a known partition.</summary>
    public static AwsPartition? OfArn(string arn) =>
        arn.Split(':') is [ "arn", var name, ..] ? All.FirstOrDefault(p => p.Name == name) : null;

    private static string? HostOf(string endpoint) =>
        Uri.TryCreate(endpoint, UriKind.Absolute, out var uri) && uri.Host.Length > 0 ? uri.Host.TrimEnd('.').ToLowerInvariant() : null;

    /// <summary>An AWS region's name: eu-west-1, us-gov-east-1, cn-northwest-1, ap-southeast-5.</summary>
    private static bool IsRegion(string text) =>
        text.Split('-') is [{ Length: 2 } area, .. var middle, var number] && middle.Length is 1 or 2 && area.All(char.IsAsciiLetterLower)
        && middle.All(w => w.Length > 0 && w.All(char.IsAsciiLetterLower)) && number.Length > 0 && number.All(char.IsAsciiDigit);

    /// <summary>Whether the store at this endpoint (or "", none) is AWS S3.</summary>
    public static bool IsAws(string endpoint) => endpoint.Length == 0 || DomainOf(endpoint) is not null;
}
