using System.Diagnostics;

namespace AgentSetFn.Tests.Support;

/// <summary>
/// The function as an executable: the Native AOT binary when AGENTSET_BIN names it (the test
/// script publishes it), else the framework-dependent apphost built next to the tests.
/// </summary>
internal static class Binary
{
    public static string Path { get; } = Environment.GetEnvironmentVariable("AGENTSET_BIN") is { Length: > 0 } bin
        ? System.IO.Path.GetFullPath(bin)
        : System.IO.Path.Combine(AppContext.BaseDirectory, "agentset");

    public static RunResult Run(string? stdin, string? workingDirectory, params string[] args) =>
        Exec(Path, stdin, workingDirectory, args);

    public static RunResult Exec(string file, string? stdin, string? workingDirectory, params string[] args) =>
        Exec(file, System.Text.Encoding.UTF8.GetBytes(stdin ?? ""), null, workingDirectory, args);

    /// <summary>With extra environment, e.g. PATH with the function first.</summary>
    public static RunResult Exec(string file, string? stdin, string? workingDirectory, IReadOnlyDictionary<string, string>? environment, params string[] args) =>
        Exec(file, System.Text.Encoding.UTF8.GetBytes(stdin ?? ""), environment, workingDirectory, args);

    /// <summary>PATH with the function's directory first, so recipes can say `agentset`.</summary>
    public static string PathWithFunction =>
        System.IO.Path.GetDirectoryName(Path) + ":" + Environment.GetEnvironmentVariable("PATH");

    /// <summary>Raw bytes on stdin (binary garbage) and extra environment (e.g. a GC heap limit).</summary>
    public static RunResult RunBytes(byte[] stdin, IReadOnlyDictionary<string, string>? environment, params string[] args) =>
        Exec(Path, stdin, environment, null, args);

    private static RunResult Exec(string file, byte[] stdin, IReadOnlyDictionary<string, string>? environment, string? workingDirectory, string[] args)
    {
        var start = new ProcessStartInfo(file)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory,
        };
        foreach (var arg in args) start.ArgumentList.Add(arg);
        foreach (var (name, value) in environment ?? new Dictionary<string, string>()) start.Environment[name] = value;
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        try
        {
            process.StandardInput.BaseStream.Write(stdin);
            process.StandardInput.Close();
        }
        catch (IOException)
        {
            // The process stopped reading (it refused the input early); its exit code tells.
        }
        if (!process.WaitForExit(120_000))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{file} {string.Join(' ', args)} did not finish");
        }
        return new RunResult(process.ExitCode, stdout.GetAwaiter().GetResult(), stderr.GetAwaiter().GetResult());
    }
}
