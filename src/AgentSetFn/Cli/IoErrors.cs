namespace AgentSetFn.Cli;

/// <summary>
/// What went wrong with a file or stream, in agentset's own words. The runtime's exception
/// texts are not shown: the binary is built with UseSystemResourceKeys, which replaces them by
/// resource keys such as "IO_FileNotFound_FileName", and they name paths and errors
/// inconsistently across platforms.
/// </summary>
internal static class IoErrors
{
    /// <summary>
    /// The problem in a few words, e.g. "permission denied", "is a directory". With
    /// <paramref name="path"/>, the file system is asked what is wrong with that path when the
    /// exception alone does not tell (a directory read as a file, a file used as a directory).
    /// </summary>
    public static string Describe(Exception exception, string? path = null)
    {
        if (path is not null && Directory.Exists(path) && exception is UnauthorizedAccessException or IOException)
            return "is a directory, not a file";
        return exception switch
        {
            FileNotFoundException => "no such file",
            DirectoryNotFoundException => path is not null && FileOnTheWay(path) is { } file
                ? $"{file} is a file, not a directory"
                : "no such file or directory",
            PathTooLongException => "the path is too long",
            UnauthorizedAccessException => "permission denied",
            // On Linux and macOS, .NET gives other I/O errors the C library's error number as HResult.
            IOException io => Errno(io.HResult) ?? "input/output error",
            OutOfMemoryException => "out of memory",
            _ => "input/output error",
        };
    }

    /// <summary>
    /// The message of an input error: agentset's own (<see cref="KrmFn.KrmInputException"/>), or
    /// <see cref="Describe"/> for a file system error.
    /// </summary>
    public static string Message(Exception exception, string? path = null) =>
        exception is KrmFn.KrmInputException ? exception.Message : Describe(exception, path);

    private static string? Errno(int errno) => errno switch
    {
        1 or 13 => "permission denied",
        2 => "no such file or directory",
        5 => "input/output error",
        6 => "no such device or address",
        9 => "the stream is closed",
        20 => "a part of the path is not a directory",
        21 => "is a directory, not a file",
        24 or 23 => "too many open files",
        27 => "the file is too large",
        28 => "no space left on the device",
        17 => "it already exists (a file is where a directory should be, or the other way round)",
        30 => "read-only file system",
        32 => "the reader closed the pipe",
        36 => "the file name is too long",
        40 => "too many levels of symbolic links",
        104 => "the connection was reset",
        122 => "disk quota exceeded",
        > 0 and < 4096 => $"input/output error (error number {errno})",
        _ => null,
    };

    /// <summary>The first part of <paramref name="path"/> that is a file although the path goes on below it.</summary>
    private static string? FileOnTheWay(string path)
    {
        for (var parent = Path.GetDirectoryName(path); !string.IsNullOrEmpty(parent); parent = Path.GetDirectoryName(parent))
        {
            if (File.Exists(parent)) return parent;
        }
        return null;
    }
}
