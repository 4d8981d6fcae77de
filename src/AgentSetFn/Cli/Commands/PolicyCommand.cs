using System.CommandLine;
using System.Text.Json.Nodes;
using AgentSetFn.Access;
using AgentSetFn.Api;

namespace AgentSetFn.Cli.Commands;

/// <summary>
/// `agentset policy PATHS --aws|--minio [--per-agent] [--agent NAME] [--setup]`: the storage
/// policy that allows exactly what the agents' restore and backup do (Access/StoragePolicy), or
/// the shell lines that set it up (Access/StorageAccessSetup).
/// </summary>
internal static class PolicyCommand
{
    public static Command Create(FunctionIo io)
    {
        var paths = new Argument<string[]>("paths") { Description = "AgentSet files or directories", Arity = ArgumentArity.OneOrMore };
        var aws = new Option<bool>("--aws") { Description = "An AWS IAM policy, for the agents that keep their login in AWS S3 (no endpoint, or one of AWS's own)" };
        var minio = new Option<bool>("--minio") { Description = "A MinIO policy, for the agents on an S3-compatible endpoint" };
        var perAgent = new Option<bool>("--per-agent") { Description = "A JSON array with one policy per agent, instead of one policy for all" };
        var agent = new Option<string?>("--agent") { Description = "Only this agent (its name, or <set>/<agent>)", HelpName = "name" };
        var setup = new Option<bool>("--setup") { Description = "Print the shell lines that create each agent's role or user with its policy" };
        var policy = new Command("policy", """
            Print the least-privilege storage policy of the agents' logins: list their own prefix, read and write
            the keys below it, abort their own failed uploads; never delete.

            Examples:
              agentset policy agentset.yaml --aws                    # one IAM policy, every agent's statements
              agentset policy agentset.yaml --aws --agent kiro       # the policy of one agent (its own role)
              agentset policy agentset.yaml --aws --per-agent        # [{agentSet, agent, bucket, prefix, policy}, ...]
              agentset policy agentset.yaml --aws --setup > setup.sh # roles (IRSA, Pod Identity) or users, with their policies
              agentset policy agentset.yaml --minio                  # for mc admin policy create
            """)
        {
            paths, aws, minio, perAgent, agent, setup,
        };
        policy.SetAction(parse => Run(parse.GetValue(paths)!, parse.GetValue(aws), parse.GetValue(minio), parse.GetValue(perAgent), parse.GetValue(agent), parse.GetValue(setup), io));
        return policy;
    }

    public static int Run(IReadOnlyList<string> paths, bool aws, bool minio, bool perAgent, string? agent, bool setup, FunctionIo io)
    {
        if (aws == minio) return Fail(io, "choose the policy's language: --aws or --minio");
        if (perAgent && setup) return Fail(io, "--per-agent prints policies, --setup shell lines: choose one");
        var dialect = aws ? PolicyDialect.Aws : PolicyDialect.Minio;
        // The same inputs render and checklist accept: every AgentSet valid, none colliding with another.
        var inputs = AgentSetInputs.Read(paths, io);
        if (inputs is null || inputs.ObjectsPerSet(files: false, io) is null) return 1;
        var agents = inputs.Renderings.SelectMany(r => r.Agents).ToList();
        var accesses = StorageAccess.Of(agents, dialect);
        var all = accesses;
        if (agent is not null)
        {
            accesses = [.. accesses.Where(a => a.Agent.Key == agent || $"{a.Agent.Set.Name}/{a.Agent.Key}" == agent)];
            if (accesses.Count == 0) return Fail(io, $"no agent `{agent}` keeps its login in {StoreName(dialect)}");
            if (accesses.Count > 1) return Fail(io, $"agents of several AgentSets are named `{agent}`: name one as <set>/{agent}");
        }
        else
        {
            var other = agents.Where(a => a.S3Location is not null && !StoragePolicy.Covers(a, dialect)).Select(a => $"{a.Set.Name}/{a.Key}").ToList();
            if (other.Count > 0)
                io.Error.WriteLine($"note: not covered, their logins are not in {StoreName(dialect)}: {string.Join(", ", other)} (see {(aws ? "--minio" : "--aws")})");
            if (accesses.Count == 0) return Fail(io, $"no agent keeps its login in {StoreName(dialect)}");
        }

        if (setup)
        {
            // One keys' Secret is one user: its setup gives it the prefixes of every agent reading the Secret.
            var setupAccesses = StorageAccessSetup.WithSharers(accesses, all);
            if (setupAccesses.Count > accesses.Count)
                io.Error.WriteLine($"note: the user of {accesses[0].Agent.Set.Name}/{accesses[0].Agent.Key}'s keys is shared, its setup covers {string.Join(", ", setupAccesses.Except(accesses).Select(a => $"{a.Agent.Set.Name}/{a.Agent.Key}"))} too");
            foreach (var line in StorageAccessSetup.Lines(setupAccesses)) io.Output.WriteLine(line);
            return 0;
        }
        if (perAgent)
        {
            io.Output.Write(StoragePolicy.Text(new JsonArray([.. accesses.Select(Entry)])));
            return 0;
        }
        // One document can not name two partitions' ARNs.
        var partitions = accesses.Select(a => StoragePolicy.Partition(a.Agent, dialect)).Distinct().ToList();
        if (partitions.Count > 1)
            return Fail(io, $"the agents' buckets are in the partitions {string.Join(" and ", partitions)}, which one policy can not name: use --per-agent or --agent");
        io.Output.Write(StoragePolicy.Text(StoragePolicy.Document(accesses.Select(a => a.Agent), dialect)));
        return 0;
    }

    private static JsonObject Entry(StorageAccess access)
    {
        var entry = new JsonObject
        {
            ["agentSet"] = access.Agent.Set.Name,
            ["agent"] = access.Agent.Key,
            ["bucket"] = access.Bucket,
            ["prefix"] = access.KeyPrefix,
        };
        if (access.ServiceAccount is { } account) entry["serviceAccount"] = $"{access.NamespaceShown}/{account}";
        entry["policy"] = access.Policy;
        return entry;
    }

    private static string StoreName(PolicyDialect dialect) =>
        dialect == PolicyDialect.Aws ? "AWS S3 (persistence.s3 on, no endpoint or one of AWS's own)" : "an S3-compatible store (persistence.s3 on, an endpoint not AWS's)";

    private static int Fail(FunctionIo io, string message)
    {
        io.Error.WriteLine($"error: {message}");
        return 1;
    }
}
