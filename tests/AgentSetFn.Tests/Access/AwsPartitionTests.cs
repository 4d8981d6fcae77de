using System.Text.Json.Nodes;
using AgentSetFn.Tests.Support;

namespace AgentSetFn.Tests.Access;

/// <summary>
/// An endpoint under one of AWS's own domains (amazonaws.com, and amazonaws.com.cn in China) is
/// AWS S3, not an S3-compatible store: `policy --aws` covers it with ARNs of its partition, it may
/// have its own identity (IRSA, Pod Identity), the checklist gives it IAM's commands and it is the
/// same store as no endpoint in that partition. An AWS endpoint and a region of another partition
/// are refused, since the CLI would sign for a region the endpoint does not serve.
/// </summary>
public sealed class AwsPartitionTests : IDisposable
{
    private readonly TempDirectory _dir = new("agentset-partition-");

    public void Dispose() => _dir.Dispose();

    private string Set(params string[] agents) => _dir.Write("agentset.yaml", $"""
        apiVersion: agentset.dev/v1alpha1
        kind: AgentSet
        metadata: {"{"}name: team, namespace: agents{"}"}
        spec:
          defaults:
            discord: {"{"}botTokenSecretRef: {"{"}name: discord, key: token{"}"}, allowedChannels: ["123456789012345678"]{"}"}
          agents:
        {string.Join("\n", agents.Select(a => "    " + a))}
        """);

    private static string S3(string fields) => $"persistence: {{s3: {{enabled: true, bucket: bkt1, {fields}}}}}";

    [Theory]
    [InlineData("https://s3.cn-north-1.amazonaws.com.cn", "cn-north-1", "aws-cn")]
    [InlineData("https://s3.dualstack.cn-northwest-1.amazonaws.com.cn:443/", "cn-northwest-1", "aws-cn")]
    [InlineData("HTTPS://S3.CN-NORTH-1.AMAZONAWS.COM.CN", "cn-north-1", "aws-cn")]
    [InlineData("https://s3-fips.us-gov-west-1.amazonaws.com", "us-gov-west-1", "aws-us-gov")]
    [InlineData("https://s3.eu-west-1.amazonaws.com", "eu-west-1", "aws")]
    public void An_endpoint_of_AWS_s_own_is_AWS_S3_in_its_partition(string endpoint, string region, string partition)
    {
        var file = Set($"kiro: {{{S3($"endpoint: \"{endpoint}\", region: {region}, serviceAccount: {{identity: irsa, roleArn: \"arn:{partition}:iam::111122223333:role/team-kiro\"}}")}}}");

        var policy = Binary.Run(null, null, "policy", file, "--aws");
        Assert.True(policy.ExitCode == 0, policy.Error);
        var resources = JsonNode.Parse(policy.Output)!["Statement"]!.AsArray().Select(s => (string)s!["Resource"]!).ToList();
        Assert.Equal([$"arn:{partition}:s3:::bkt1", $"arn:{partition}:s3:::bkt1/team/kiro/*"], resources);

        var minio = Binary.Run(null, null, "policy", file, "--minio");
        Assert.Equal(1, minio.ExitCode);
        Assert.Contains("error: no agent keeps its login in an S3-compatible store", minio.Error, StringComparison.Ordinal);

        var setup = Binary.Run(null, null, "policy", file, "--aws", "--setup");
        Assert.True(setup.ExitCode == 0, setup.Error);
        Assert.Contains($"\"Federated\":\"arn:{partition}:iam::111122223333:oidc-provider/", setup.Output, StringComparison.Ordinal);

        var checklist = Binary.Run(null, null, "checklist", file, "-o", "json");
        Assert.True(checklist.ExitCode == 0, checklist.Error);
        var access = JsonNode.Parse(checklist.Output)!["agentSets"]![0]!["agents"]![0]!["storage"]!["access"]!.AsArray().Select(l => (string)l!).ToList();
        Assert.Contains(access, l => l.StartsWith("aws iam create-role --role-name team-kiro ", StringComparison.Ordinal));
        Assert.Contains(access, l => l.Contains($"arn:{partition}:s3:::bkt1/team/kiro/*", StringComparison.Ordinal));
    }

    [Fact]
    public void Keys_for_an_AWS_China_endpoint_are_an_IAM_user_in_China()
    {
        var file = Set($"kiro: {{{S3("endpoint: \"https://s3.cn-north-1.amazonaws.com.cn\", region: cn-north-1, credentialsSecret: keys")}}}");
        var setup = Binary.Run(null, null, "policy", file, "--aws", "--setup");
        Assert.True(setup.ExitCode == 0, setup.Error);
        Assert.Contains("aws iam create-user --user-name agents-keys", setup.Output, StringComparison.Ordinal);
        Assert.Contains("arn:aws-cn:s3:::bkt1/team/kiro/*", setup.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("mc admin", setup.Output, StringComparison.Ordinal);
    }

    [Theory]
    // An endpoint that names no region gets the default, us-east-1 (one that names its region signs for it: below).
    [InlineData("https://s3.amazonaws.com.cn", "", "`us-east-1` (the default with an endpoint)")]
    [InlineData("https://s3.cn-north-1.amazonaws.com.cn", "region: eu-west-1, ", "`eu-west-1`")]
    [InlineData("https://s3.eu-west-1.amazonaws.com", "region: cn-north-1, ", "`cn-north-1`")]
    [InlineData("https://s3.cn-north-1.amazonaws.com.cn", "region: us-gov-west-1, ", "`us-gov-west-1`")]
    public void An_AWS_endpoint_outside_the_region_s_partition_is_an_error(string endpoint, string region, string shown)
    {
        var file = Set($"kiro: {{{S3($"{region}endpoint: \"{endpoint}\", credentialsSecret: keys")}}}");
        var run = Binary.Run(null, null, "validate", file);
        Assert.Equal(1, run.ExitCode);
        Assert.Contains($"error: spec.agents.kiro.persistence.s3.region ({file}): {shown}", run.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("http://minio.minio.svc:9000", "cn-north-1")]
    [InlineData("https://s3.cn-north-1.amazonaws.com.cn.example.com", "eu-west-1")]
    [InlineData("https://amazonaws.com.cn.minio.lab:9000", "")]
    public void An_S3_compatible_endpoint_takes_any_region_and_stays_S3_compatible(string endpoint, string region)
    {
        var file = Set($"kiro: {{{S3($"endpoint: \"{endpoint}\", {(region.Length > 0 ? $"region: {region}, " : "")}credentialsSecret: keys")}}}");
        var run = Binary.Run(null, null, "policy", file, "--minio");
        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Contains("arn:aws:s3:::bkt1/team/kiro/*", run.Output, StringComparison.Ordinal);
    }

    /// <summary>
    /// A load balancer's or an EC2 instance's public name is under amazonaws.com too, and MinIO is
    /// often reached there; neither is AWS S3 (S3's own hosts all carry an `s3` label), so such an
    /// endpoint is an S3-compatible store: `policy --minio` covers it.
    /// </summary>
    [Theory]
    [InlineData("http://minio-0123456789abcdef.elb.us-east-1.amazonaws.com:9000", "")]
    [InlineData("http://ec2-203-0-113-25.compute-1.amazonaws.com:9000", "")]
    [InlineData("http://ec2-52-80-1-2.cn-north-1.compute.amazonaws.com.cn:9000", "region: cn-north-1, ")]
    public void A_MinIO_behind_an_AWS_load_balancer_or_instance_name_is_S3_compatible(string endpoint, string region)
    {
        var file = Set($"kiro: {{{S3($"endpoint: \"{endpoint}\", {region}credentialsSecret: keys")}}}");

        var run = Binary.Run(null, null, "policy", file, "--minio");
        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Contains("arn:aws:s3:::bkt1/team/kiro/*", run.Output, StringComparison.Ordinal);
    }

    /// <summary>
    /// An IAM role lives in one partition: IRSA's role of `aws` cannot reach a bucket of `aws-cn`
    /// (the policy's ARNs follow the region), nor the other way round. Validation holds an AWS
    /// endpoint to the region's partition; the role's ARN must be held to it as well.
    /// </summary>
    [Theory]
    [InlineData("region: cn-north-1", "arn:aws:iam::111122223333:role/team-kiro")]
    [InlineData("region: eu-west-1", "arn:aws-cn:iam::111122223333:role/team-kiro")]
    [InlineData("endpoint: \"https://s3.cn-north-1.amazonaws.com.cn\", region: cn-north-1", "arn:aws-us-gov:iam::111122223333:role/team-kiro")]
    public void A_roleArn_of_another_partition_than_the_region_s_is_an_error(string where, string roleArn)
    {
        var file = Set($"kiro: {{{S3($"{where}, serviceAccount: {{identity: irsa, roleArn: \"{roleArn}\"}}")}}}");

        var run = Binary.Run(null, null, "validate", file);
        Assert.Equal(1, run.ExitCode);
        Assert.Contains(run.Error.Split('\n'), l => l.StartsWith("error: spec.agents.kiro.persistence.s3.", StringComparison.Ordinal));
    }

    /// <summary>
    /// GovCloud's endpoints are under amazonaws.com, but they are GovCloud's: the host names its
    /// region. Such an endpoint with a region of the commercial partition (or none, us-east-1) is
    /// an endpoint and a region of two partitions, which the docs call an error; the policy's
    /// ARNs would be `aws` for a bucket in `aws-us-gov`.
    /// </summary>
    [Theory]
    [InlineData("https://s3.us-gov-west-1.amazonaws.com", "region: eu-west-1, ")]
    [InlineData("https://s3-fips.us-gov-east-1.amazonaws.com", "region: us-east-1, ")]
    [InlineData("https://s3.eu-west-1.amazonaws.com", "region: eu-central-1, ")]
    public void A_GovCloud_endpoint_with_a_region_of_another_partition_is_an_error(string endpoint, string region)
    {
        var file = Set($"kiro: {{{S3($"{region}endpoint: \"{endpoint}\", credentialsSecret: keys")}}}");
        var run = Binary.Run(null, null, "validate", file);
        Assert.Equal(1, run.ExitCode);
        Assert.Contains("error: spec.agents.kiro.persistence.s3.region", run.Error, StringComparison.Ordinal);
    }

    /// <summary>An AWS China endpoint and no endpoint with a China region reach one bucket: two agents there on one prefix clash.</summary>
    [Fact]
    public void An_AWS_China_endpoint_and_no_endpoint_in_China_are_one_store()
    {
        var file = Set(
            $"kiro: {{{S3("prefix: shared, region: cn-north-1, credentialsSecret: keys")}}}",
            $"codex: {{command: codex-acp, {S3("prefix: shared, endpoint: \"https://s3.cn-north-1.amazonaws.com.cn\", region: cn-north-1, credentialsSecret: keys")}}}");
        var run = Binary.Run(null, null, "validate", file);
        Assert.Equal(1, run.ExitCode);
        Assert.Contains("agents `codex` and `kiro` keep their logins in the same place, s3://bkt1/shared", run.Error, StringComparison.Ordinal);
    }

    /// <summary>
    /// An AWS endpoint that names its region signs for it when region is left out (not for
    /// us-east-1, which S3 would refuse there), and the policy's ARNs are of that region's partition.
    /// </summary>
    [Theory]
    [InlineData("https://s3-fips.us-gov-east-1.amazonaws.com", "arn:aws-us-gov:s3:::bkt1/team/kiro/*")]
    [InlineData("https://s3.cn-north-1.amazonaws.com.cn", "arn:aws-cn:s3:::bkt1/team/kiro/*")]
    [InlineData("https://s3.eu-west-1.amazonaws.com", "arn:aws:s3:::bkt1/team/kiro/*")]
    public void Without_region_an_AWS_endpoint_signs_for_the_region_it_names(string endpoint, string arn)
    {
        var file = Set($"kiro: {{{S3($"endpoint: \"{endpoint}\", credentialsSecret: keys")}}}");

        var run = Binary.Run(null, null, "policy", file, "--aws");
        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Contains(arn, run.Output, StringComparison.Ordinal);
        var rendered = Binary.Run(null, null, "render", file);
        Assert.Contains($"value: {endpoint[(endpoint.IndexOf(".", StringComparison.Ordinal) + 1)..].Split('.')[0]}\n", rendered.Output, StringComparison.Ordinal);
    }
}
