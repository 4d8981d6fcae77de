using AgentSetFn.Krm;

namespace AgentSetFn.Cli;

/// <summary>
/// The KRM function: a ResourceList on stdin, a ResourceList on stdout, exit 1 on any error
/// result (the output still carries the items and results, as the specification asks).
/// </summary>
internal static class KrmCommand
{
    public static int Run(FunctionIo io)
    {
        ResourceList input;
        try
        {
            input = ResourceListIo.Parse(io.Input.ReadToEnd());
        }
        catch (KrmInputException e)
        {
            // No ResourceList to give back: an empty one carries the results.
            io.Output.Write(ResourceListIo.Write([], e.Results));
            foreach (var result in e.Results) io.Error.WriteLine(result.ToString());
            return 1;
        }

        var output = AgentSetFunction.Run(input);
        ResourceListIo.Write(output.Kept, output.Generated, output.Results, io.Output);
        foreach (var result in output.Results.Where(r => r.Severity == Severity.Error))
            io.Error.WriteLine(result.ToString());
        return output.Failed ? 1 : 0;
    }
}
