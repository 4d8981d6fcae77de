using System.CommandLine;

namespace AgentSetFn.Cli.Commands;

/// <summary>`agentset validate PATHS`: every problem of the AgentSets found, or how many were found.</summary>
internal static class ValidateCommand
{
    public static Command Create(FunctionIo io)
    {
        var validateFiles = new Argument<string[]>("paths") { Description = "AgentSet files or directories", Arity = ArgumentArity.OneOrMore };
        var validate = new Command("validate", """
            Check AgentSet files; print every problem and exit 1 if any.

            Example:
              agentset validate agentset.yaml
            """)
        {
            validateFiles,
        };
        validate.SetAction(parse => Run(parse.GetValue(validateFiles)!, io));
        return validate;
    }

    public static int Run(IReadOnlyList<string> paths, FunctionIo io)
    {
        var inputs = AgentSetInputs.Read(paths, io);
        if (inputs is null || inputs.ObjectsPerSet(files: false, io) is null) return 1;
        io.Error.WriteLine($"ok: {inputs.Renderings.Count} AgentSet(s), {inputs.Renderings.Sum(r => r.Set!.Agents.Count)} agent(s)");
        return 0;
    }
}
