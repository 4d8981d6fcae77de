using System.Security.Cryptography;
using System.Text;

namespace AgentSetFn.Api;

/// <summary>
/// The IAM role an agent's own identity assumes (persistence.s3.serviceAccount): the one roleArn
/// names, or, without roleArn, the role `agentset policy --setup` creates under the agent's name.
/// Validation (no two agents on one role), the setup lines and the checklist read this one record,
/// so a message never names a role the setup would not create.
/// </summary>
/// <param name="Account">roleArn's 12-digit account; null without roleArn (the account the setup runs in).</param>
/// <param name="Name">The role's name, as IAM takes it.</param>
/// <param name="Path">The role's path, `/` unless roleArn has one (for `aws iam create-role --path`).</param>
internal sealed record IamRole(string? Account, string Name, string Path)
{
    /// <summary>IAM's longest user or role name.</summary>
    public const int NameMax = 64;

    /// <summary>
    /// The role of roleArn (`arn:&lt;partition&gt;:iam::&lt;account&gt;:role/&lt;path/&gt;&lt;name&gt;`), else the one named after
    /// the agent. Any text is read without failing: validation refuses a roleArn of another form.
    /// </summary>
    public static IamRole Of(string? roleArn, string agentName)
    {
        if (roleArn is null) return new(null, FitName(agentName), "/");
        // The path may hold ':', so the resource is everything after the fifth.
        var parts = roleArn.Split(':', 6);
        var resource = parts.Length == 6 && parts[5].StartsWith("role/", StringComparison.Ordinal) ? parts[5]["role".Length..] : "/";
        var slash = resource.LastIndexOf('/');
        return new(parts.Length > 4 ? parts[4] : "", resource[(slash + 1)..], resource[..(slash + 1)]);
    }

    /// <summary>
    /// Two roles are one when this is equal: a role's name is unique in its account whatever its
    /// case or path. Without roleArn the account is the one the setup runs in, so such roles are
    /// compared with each other only.
    /// </summary>
    public string Key => $"{Account}:{Name.ToLowerInvariant()}";

    /// <summary>
    /// A user or role name IAM takes: as is up to 64 characters; a longer one keeps its first 55
    /// and ends in '-' and 8 hex digits of its SHA-256, so it stays the same and distinct.
    /// </summary>
    public static string FitName(string name)
    {
        if (name.Length <= NameMax) return name;
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(name)))[..8];
        return $"{name[..(NameMax - 9)]}-{hash}";
    }
}
