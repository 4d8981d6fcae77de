using Microsoft.Win32.SafeHandles;

namespace AgentSetFn.Cli;

/// <summary>
/// stdin, stdout and stderr of the process, opened so that every fault is reported in
/// agentset's words: a closed descriptor, a closed pipe, a full disk.
/// </summary>
internal static class StandardStreams
{
    /// <summary>
    /// stdin, stdout and stderr. Which descriptors are open is checked before any stream is
    /// opened: opening one duplicates a descriptor, and the duplicate takes the lowest free
    /// number, so with stdout closed it would become descriptor 1 and be written to as stdout.
    /// </summary>
    public static (Stream Input, Stream Output, Stream Error) Open()
    {
        var (input, output, error) = (IsOpen(0), IsOpen(1), IsOpen(2));
        return (
            input ? Console.OpenStandardInput() : new ClosedStream(),
            new OutputStream(output ? OpenOutput() : null),
            error ? Console.OpenStandardError() : Stream.Null); // nowhere else to report to
    }

    /// <summary>
    /// Descriptor 1 as a stream that writes at the descriptor's shared offset. On a regular file
    /// a FileStream writes at an offset of its own (pwrite) and never moves the shared one, so in
    /// `{ agentset render a; agentset render b; } > out` or `> out 2>&1` each writer would
    /// overwrite the others; the console stream writes with write(2). It is kept for files only:
    /// on a pipe it would hide a closed reader, and a FileStream on a pipe writes with write(2) too.
    /// </summary>
    private static Stream OpenOutput()
    {
        var file = new FileStream(new SafeFileHandle(1, ownsHandle: false), FileAccess.Write, bufferSize: 0);
        return file.CanSeek ? Console.OpenStandardOutput() : file;
    }

    private static bool IsOpen(int descriptor)
    {
        try
        {
            File.GetAttributes(new SafeFileHandle(descriptor, ownsHandle: false)); // fstat
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    // EBADF: IoErrors words it "the stream is closed".
    private static IOException Closed => new("closed", 9);

    /// <summary>
    /// stdout, whose failed writes are errors (<see cref="OutputException"/>). .NET's console
    /// stream pretends that a write to a closed pipe succeeded, so `agentset render | head -1`
    /// would exit 0 with its output cut short; this one writes to descriptor 1 directly.
    /// </summary>
    private sealed class OutputStream(Stream? stream) : WriteOnlyStream
    {
        public override void Write(ReadOnlySpan<byte> buffer)
        {
            if (stream is null) throw new OutputException(Closed);
            try
            {
                stream.Write(buffer);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException)
            {
                throw new OutputException(e);
            }
        }
    }

    private sealed class ClosedStream : Stream
    {
        public override int Read(byte[] buffer, int offset, int count) => throw Closed;
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }

    private abstract class WriteOnlyStream : Stream
    {
        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));
        public override void Flush() { }
        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
    }
}

/// <summary>Writing to stdout failed; the inner exception says why.</summary>
internal sealed class OutputException(Exception inner) : Exception("cannot write to stdout", inner);
