namespace AgentSetFn.Tests.Support;

/// <summary>
/// A fresh directory under the system's temp directory for one test class's files (inputs the
/// function reads, output it writes, copies of examples); deleted with all it holds on Dispose.
/// It converts to its path, so it goes wherever a directory's path does.
/// </summary>
internal sealed class TempDirectory : IDisposable
{
    public TempDirectory(string prefix) => Path = Directory.CreateTempSubdirectory(prefix).FullName;

    public string Path { get; }

    /// <summary>A path below the directory.</summary>
    public string At(params string[] relative) => System.IO.Path.Combine([Path, .. relative]);

    /// <summary>Writes a file below the directory, creating its parent directories; returns its path.</summary>
    public string Write(string relative, string text)
    {
        var file = At(relative);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(file)!);
        File.WriteAllText(file, text);
        return file;
    }

    public static implicit operator string(TempDirectory directory) => directory.Path;

    public override string ToString() => Path;

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
