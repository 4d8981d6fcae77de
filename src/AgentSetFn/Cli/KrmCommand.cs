using System.Text;
using KrmFn;

namespace AgentSetFn.Cli;

/// <summary>
/// The KRM function: a ResourceList on stdin, a ResourceList on stdout, exit 1 on any error
/// result (the output still carries the items and results, as the specification asks).
/// </summary>
internal static class KrmCommand
{
    public static int Run(FunctionIo io) => KrmFunction.Run(new AgentSetFunction(), () => ReadStdin(io.Input), io.Output, io.Error);

    /// <summary>
    /// The text on stdin. Bytes that are not UTF-8 are an error naming the item they are in:
    /// the items come back byte for byte or not at all.
    /// </summary>
    private static string ReadStdin(Stream stdin)
    {
        var bytes = InputText.ReadBytes(stdin, "stdin");
        if (bytes.AsSpan().Contains((byte)0)) throw new KrmInputException(ResourceListIo.BinaryInput);
        if (InputText.FirstInvalidByte(bytes) is not { } offset) return Encoding.UTF8.GetString(bytes);

        // Read with the bad bytes replaced, only to find the resource they are in.
        var resource = ResourceListIo.ResourceAt(Encoding.UTF8.GetString(bytes), Encoding.UTF8.GetCharCount(bytes.AsSpan(0, offset)));
        var where = InputText.Position(bytes, offset) + (resource is null ? "" : $", in {ResourceListIo.Describe(resource)}");
        var message = $"stdin is not valid UTF-8 at {where}: {InputText.Utf8Advice}";
        throw new KrmInputException(message, [resource is null
            ? new KrmResult(Severity.Error, message)
            : new KrmResult(Severity.Error, message, null, ResourceListIo.SourceOf(resource), ResourceListIo.ReferenceTo(resource))]);
    }
}
