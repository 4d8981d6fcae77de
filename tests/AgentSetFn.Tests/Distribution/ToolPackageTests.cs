using AgentSetFn.Tests.Support;

namespace AgentSetFn.Tests.Distribution;

/// <summary>
/// The .NET tool as a user gets it: scripts/test.sh packs the pointer package and this
/// platform's package (AGENTSET_TOOL_FEED, a local folder feed); the tests install it into a
/// tool path of their own, run it, run it under kpt, and run it once with dnx. Nothing comes
/// from nuget.org or the machine's package cache: the feed is the only source and the packages
/// folder is fresh, so the binary run is the one just packed.
/// </summary>
public sealed class ToolPackageTests : IDisposable
{
    private readonly TempDirectory _temp = new("agentset-tool-");

    public void Dispose() => _temp.Dispose();

    private static string Feed
    {
        get
        {
            var feed = Environment.GetEnvironmentVariable("AGENTSET_TOOL_FEED");
            Assert.True(feed is { Length: > 0 } && Directory.Exists(feed),
                "AGENTSET_TOOL_FEED must name a folder with the packed tool (scripts/test.sh packs it: dotnet pack src/AgentSetFn -o <feed>, and again with -r linux-x64)");
            Assert.True(File.Exists(Path.Combine(feed, $"agentset.{Release.Version}.nupkg")), $"no agentset.{Release.Version}.nupkg in {feed}");
            Assert.True(File.Exists(Path.Combine(feed, $"agentset.linux-x64.{Release.Version}.nupkg")), $"no agentset.linux-x64.{Release.Version}.nupkg in {feed}");
            return feed;
        }
    }

    /// <summary>A fresh NuGet packages folder, and no first-run chatter.</summary>
    private Dictionary<string, string> ToolEnvironment(string? path = null)
    {
        var environment = new Dictionary<string, string>
        {
            ["NUGET_PACKAGES"] = _temp.At("packages"),
            ["DOTNET_NOLOGO"] = "1",
            ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1",
        };
        if (path is not null) environment["PATH"] = path;
        return environment;
    }

    private string Install()
    {
        var tools = _temp.At("tools");
        var install = Binary.Exec("dotnet", null, _temp, ToolEnvironment(),
            "tool", "install", "agentset", "--version", Release.Version, "--tool-path", tools, "--source", Feed);
        Assert.True(install.ExitCode == 0, install.Output + install.Error);
        return tools;
    }

    [Fact]
    public void The_tool_installs_the_native_binary_for_this_platform()
    {
        var tools = Install();
        var run = Binary.Exec(Path.Combine(tools, "agentset"), null, null, "--version");
        Assert.Equal(0, run.ExitCode);
        Assert.StartsWith($"agentset {Release.Version}\ncommit ", run.Output, StringComparison.Ordinal);

        // The platform package carries the Native AOT binary alone: no assemblies a runtime would load, no symbols.
        var platformTools = Path.Combine(tools, ".store", "agentset", Release.Version, "agentset.linux-x64", Release.Version, "tools");
        var store = Directory.GetFiles(platformTools, "*", SearchOption.AllDirectories).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(["DotnetToolSettings.xml", "agentset"], store);
    }

    [Fact]
    public void The_installed_tool_runs_under_kpt_from_PATH()
    {
        var tools = Install();
        var package = _temp.At("package");
        foreach (var file in Directory.GetFiles(Release.File("examples/kpt-exec")))
        {
            Directory.CreateDirectory(package);
            File.Copy(file, Path.Combine(package, Path.GetFileName(file)));
        }
        var path = tools + Path.PathSeparator + Environment.GetEnvironmentVariable("PATH");
        var eval = Binary.Exec("kpt", null, null, ToolEnvironment(path),
            "fn", "eval", package, "--exec", "agentset", "--fn-config", Path.Combine(package, "agentset.yaml"));
        Assert.True(eval.ExitCode == 0, eval.Output + eval.Error);
        foreach (var agent in new[] { "kiro", "claude" })
        {
            Assert.Contains($"name: team-{agent}", File.ReadAllText(Path.Combine(package, "team", agent, "deployment.yaml")), StringComparison.Ordinal);
            Assert.True(File.Exists(Path.Combine(package, "team", agent, "configmap.yaml")), $"no ConfigMap for {agent}");
        }
    }

    [Fact]
    public void Dnx_runs_the_tool_once_without_installing_it()
    {
        var run = Binary.Exec("dotnet", null, _temp, ToolEnvironment(),
            "dnx", $"agentset@{Release.Version}", "--source", Feed, "--yes", "--", "render", Release.File("examples/kpt-exec/agentset.yaml"));
        Assert.True(run.ExitCode == 0, run.Output + run.Error);
        Assert.Contains("kind: Deployment", run.Output, StringComparison.Ordinal);
        Assert.Contains("name: team-kiro", run.Output, StringComparison.Ordinal);
    }
}
