using System.Text;
using KrmFn;

namespace AgentSetFn.Cli;

/// <summary>
/// Reads the input (stdin or a file) as text: at most <see cref="MaxBytes"/>, and strictly
/// UTF-8. Invalid bytes are an error, never replaced: items are passed through byte for byte,
/// and a replaced character would change a resource without anyone noticing.
/// </summary>
internal static class InputText
{
    /// <summary>
    /// The most agentset reads from stdin or one file: 64 MiB, several times the largest kpt
    /// package measured (10,000 items, 14 MB), and a bound on memory for `agentset &lt; /dev/zero`.
    /// </summary>
    public const int MaxBytes = 64 * 1024 * 1024;

    /// <summary>The bytes of <paramref name="input"/>; a <see cref="KrmInputException"/> past the cap or on a read error.</summary>
    public static ArraySegment<byte> ReadBytes(Stream input, string what)
    {
        var buffer = new MemoryStream();
        var chunk = new byte[81920];
        try
        {
            int read;
            while ((read = input.Read(chunk)) > 0)
            {
                if (buffer.Length + read > MaxBytes)
                    throw new KrmInputException($"{what} is larger than {MaxBytes / (1024 * 1024)} MiB, the most agentset reads");
                buffer.Write(chunk, 0, read);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException)
        {
            throw new KrmInputException($"cannot read {what}: {IoErrors.Describe(e)}");
        }
        return new ArraySegment<byte>(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    /// <summary>A file's text; a <see cref="KrmInputException"/> in agentset's words when it cannot be read, is too large or is not UTF-8.</summary>
    public static string ReadFile(string path)
    {
        ArraySegment<byte> bytes;
        try
        {
            using var file = File.OpenRead(path);
            bytes = ReadBytes(file, "the file");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new KrmInputException($"cannot read the file: {IoErrors.Describe(e, path)}");
        }
        if (bytes.AsSpan().Contains((byte)0)) throw new KrmInputException(ResourceListIo.BinaryInput);
        if (FirstInvalidByte(bytes) is { } offset)
            throw new KrmInputException($"not valid UTF-8 at {Position(bytes, offset)}: {Utf8Advice}");
        // A UTF-8 byte order mark may start a YAML stream (editors on Windows write one); it is
        // not part of the text.
        var text = bytes.AsSpan();
        if (text.StartsWith("\uFEFF"u8)) text = text[3..];
        return Encoding.UTF8.GetString(text);
    }

    /// <summary>What to do about bytes that are not UTF-8 (YAML and Kubernetes objects are UTF-8).</summary>
    public const string Utf8Advice =
        "agentset reads UTF-8 only and never replaces bytes it cannot read; convert the file (e.g. iconv -f latin1 -t utf-8)";

    /// <summary>The offset of the first byte that is not part of valid UTF-8, or null when all are.</summary>
    public static int? FirstInvalidByte(ReadOnlySpan<byte> bytes)
    {
        if (System.Text.Unicode.Utf8.IsValid(bytes)) return null;
        var offset = 0;
        while (Rune.DecodeFromUtf8(bytes[offset..], out _, out var consumed) == System.Buffers.OperationStatus.Done)
            offset += consumed;
        return offset;
    }

    /// <summary>"line 3, column 7 (byte 45)" for a byte offset: lines and columns from 1, columns in characters.</summary>
    public static string Position(ReadOnlySpan<byte> bytes, int offset)
    {
        var before = bytes[..offset];
        var lineStart = before.LastIndexOf((byte)'\n') + 1;
        var line = before.Count((byte)'\n') + 1;
        var column = Encoding.UTF8.GetCharCount(before[lineStart..]) + 1;
        return $"line {line}, column {column} (byte {offset})";
    }
}
