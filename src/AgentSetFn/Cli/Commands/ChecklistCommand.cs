using System.CommandLine;
using AgentSetFn.Checklist;

namespace AgentSetFn.Cli.Commands;

/// <summary>
/// `agentset checklist PATHS [-o text|json]`: what the cluster must already have for each AgentSet
/// (Secrets, stores, CRDs, buckets, service accounts, Kubernetes version) and each agent's first login.
/// The AgentSets are read and validated as `render` reads them, so an invalid one fails the same way.
/// </summary>
internal static class ChecklistCommand
{
    public static Command Create(FunctionIo io)
    {
        var paths = new Argument<string[]>("paths") { Description = "AgentSet files or directories", Arity = ArgumentArity.OneOrMore };
        var format = new Option<string>("--output", "-o") { Description = "text (default) or json (a stable shape for scripts)", DefaultValueFactory = _ => "text" };
        format.AcceptOnlyFromAmong("text", "json");
        var checklist = new Command("checklist", """
            Print what the cluster must have before the AgentSets' pods start, and how each agent logs in the first time.

            Secrets to create (with a kubectl line and placeholders, never values), External Secrets stores,
            CustomResourceDefinitions, buckets and prefixes, service accounts, the minimum Kubernetes version,
            and per agent its storage and first login (docs/first-login.md).

            Examples:
              agentset checklist agentset.yaml
              agentset checklist agentset.yaml -o json | jq '.agentSets[].secrets[].command'
            """)
        {
            paths,
            format,
        };
        checklist.SetAction(parse => Run(parse.GetValue(paths)!, parse.GetValue(format)!, io));
        return checklist;
    }

    public static int Run(IReadOnlyList<string> paths, string format, FunctionIo io)
    {
        var inputs = AgentSetInputs.Read(paths, io);
        if (inputs is null || inputs.ObjectsPerSet(files: false, io) is null) return 1;
        var sets = inputs.Renderings.Select(SetChecklist.Of).ToList();
        if (format == "json") io.Output.Write(ChecklistJson.Write(sets));
        else ChecklistText.Write(sets, io.Output);
        return 0;
    }
}
