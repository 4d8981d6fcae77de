namespace AgentSetFn.Tests.Support;

/// <summary>Paths inside the repository, found from the test assembly's location.</summary>
internal static class Repo
{
    public static string Root { get; } = FindRoot();

    public static string Fixtures => Path.Combine(Root, "fixtures");

    public static IEnumerable<string> FixtureNames =>
        Directory.GetDirectories(Fixtures)
            .Where(d => File.Exists(Path.Combine(d, "agentset.yaml")))
            .Select(Path.GetFileName)
            .Order(StringComparer.Ordinal)!;

    private static string FindRoot()
    {
        var dir = AppContext.BaseDirectory;
        while (dir is not null && !File.Exists(Path.Combine(dir, "Functions.sln"))) dir = Path.GetDirectoryName(dir);
        return dir ?? throw new InvalidOperationException("Functions.sln not found above the test assembly");
    }
}
