using System.CommandLine;
using System.CommandLine.Invocation;
using System.Reflection;
using AgentSetFn.Api;

namespace AgentSetFn.Cli;

/// <summary>
/// What `agentset --version` prints: the release (the project's Version, SemVer), the commit the
/// binary was built from, and the openab release whose config.toml it writes by default.
/// </summary>
/// <remarks>
/// The commit comes from the build (AgentSetFn.csproj stamps it as assembly metadata), so it never
/// reaches a rendered object: the manifests of two builds of one release are the same bytes.
/// </remarks>
internal static class VersionInfo
{
    /// <summary>What a build without git history (and without a commit passed in) says.</summary>
    public const string UnknownCommit = "unknown";

    private static readonly Assembly Self = typeof(VersionInfo).Assembly;

    /// <summary>The release, e.g. 0.1.0: the csproj's Version, the one place it is written.</summary>
    public static string Version { get; } =
        Self.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0";

    /// <summary>The short commit hash of the source, or <see cref="UnknownCommit"/>.</summary>
    public static string Commit { get; } = ShortCommit(
        Self.GetCustomAttributes<AssemblyMetadataAttribute>().FirstOrDefault(a => a.Key == "SourceRevisionId")?.Value);

    /// <summary>
    /// The three lines, each `name value`, so a script can pick one:
    /// `agentset --version | awk '$1 == "agentset" {print $2}'`.
    /// </summary>
    public static string Text =>
        $"agentset {Version}\ncommit {Commit}\nopenab {OpenabReleases.Default}\n";

    /// <summary>Replaces the command line's default --version (the bare assembly version) with <see cref="Text"/>.</summary>
    public static void Use(RootCommand root, FunctionIo io)
    {
        var option = root.Options.OfType<VersionOption>().Single();
        option.Action = new PrintVersion(io);
    }

    /// <summary>
    /// A revision as --version prints it: git's default 7-character abbreviation, lower case;
    /// a hash passed in by hand may already be shorter. Anything that is not hexadecimal (a
    /// branch name, an empty build argument) is <see cref="UnknownCommit"/>.
    /// </summary>
    internal static string ShortCommit(string? revision)
    {
        var hash = revision?.Trim() ?? "";
        if (hash.Length == 0 || !hash.All(char.IsAsciiHexDigit)) return UnknownCommit;
        return hash.Length > 7 ? hash[..7].ToLowerInvariant() : hash.ToLowerInvariant();
    }

    private sealed class PrintVersion(FunctionIo io) : SynchronousCommandLineAction
    {
        public override int Invoke(ParseResult parseResult)
        {
            io.Output.Write(Text);
            return 0;
        }
    }
}
