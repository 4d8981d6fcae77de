namespace KrmFn;

/// <summary>
/// Runs a KRM function (kpt's fn.AsMain, kyaml's framework.Execute): reads the ResourceList,
/// runs the processor, writes the output ResourceList (items, then results) and each error
/// result as a line on stderr. Exit code 1 when any result is an error, 0 otherwise; the
/// output carries the items and results either way, as the KRM Functions Specification asks.
/// </summary>
public static class KrmFunction
{
    /// <param name="readInput">The ResourceList's text (stdin), read by the function's own rules
    /// (size limit, encoding checks); a <see cref="KrmInputException"/> from it is reported like
    /// an unreadable ResourceList.</param>
    /// <returns>The process's exit code.</returns>
    public static int Run(IResourceListProcessor processor, Func<string> readInput, TextWriter stdout, TextWriter stderr)
    {
        ArgumentNullException.ThrowIfNull(processor);
        ArgumentNullException.ThrowIfNull(readInput);
        ResourceList input;
        try
        {
            input = ResourceListIo.Parse(readInput());
        }
        catch (KrmInputException e)
        {
            // No ResourceList to give back: an empty one carries the results.
            stdout.Write(ResourceListIo.Write([], e.Results));
            foreach (var result in e.Results) stderr.WriteLine(result.ToString());
            return 1;
        }

        var output = processor.Process(input);
        ResourceListIo.Write(output.Kept, output.Generated, output.Results, stdout);
        foreach (var result in output.Results.Where(r => r.Severity == Severity.Error))
            stderr.WriteLine(result.ToString());
        return output.Failed ? 1 : 0;
    }
}
