using System.Runtime.Versioning;
using AgentSetFn.Tests.Support;

namespace AgentSetFn.Tests.Cli;

/// <summary>
/// `agentset kustomize install-plugin` and the plugin it installs, run by the real
/// `kubectl kustomize` (kustomize v5 inside kubectl, which has no --enable-exec).
/// </summary>
public sealed class KustomizePluginTests : IDisposable
{
    private readonly TempDirectory _temp = new("agentset-kustomize-");

    public void Dispose() => _temp.Dispose();

    private const string PluginBelowHome = "agentset.dev/v1alpha1/agentset/AgentSet";

    private const string AgentSet = """
        apiVersion: agentset.dev/v1alpha1
        kind: AgentSet
        metadata:
          name: team
          namespace: agents
        spec:
          agents:
            kiro:
              discord:
                botTokenSecretRef: {name: discord-tokens, key: kiro}
                allowedChannels: ["123456789012345678"]

        """;

    /// <summary>A kustomization directory with these files.</summary>
    private string Kustomization(string name, params (string Path, string Text)[] files)
    {
        foreach (var (path, text) in files) _temp.Write(Path.Combine(name, path), text);
        return _temp.At(name);
    }

    private string Base() => Kustomization("base", ("kustomization.yaml", "generators:\n- agentset.yaml\n"), ("agentset.yaml", AgentSet));

    /// <summary>The environment of a user with only HOME (kustomize's plugin home variables unset).</summary>
    private Dictionary<string, string> UserEnvironment(string home) => new()
    {
        ["HOME"] = home,
        ["KUSTOMIZE_PLUGIN_HOME"] = "",
        ["XDG_CONFIG_HOME"] = "",
        ["TMPDIR"] = _temp,
    };

    private static RunResult Install(Dictionary<string, string> environment, params string[] directory) =>
        Binary.Exec(Binary.Path, null, null, environment, ["kustomize", "install-plugin", .. directory]);

    [Fact]
    public void Install_puts_the_plugin_where_kubectl_kustomize_finds_it_and_prints_the_line_to_use_it()
    {
        var home = Directory.CreateDirectory(Path.Combine(_temp, "home")).FullName;
        var environment = UserEnvironment(home);
        var install = Install(environment);
        Assert.True(install.ExitCode == 0, install.Error);
        var plugin = Path.Combine(home, ".config", "kustomize", "plugin", PluginBelowHome);
        Assert.True(File.Exists(plugin));
        Assert.Contains($"installed {plugin}", install.Error, StringComparison.Ordinal);

        // One line: kubectl with alpha plugins; no KUSTOMIZE_PLUGIN_HOME needed for the default home.
        var line = Assert.Single(install.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("kubectl kustomize --enable-alpha-plugins DIR", line, StringComparison.Ordinal);

        // That line, with nothing else, renders what `agentset render` renders.
        var kubectl = Binary.Exec("bash", null, null, environment, "-c", line.Replace(" DIR", " " + Base(), StringComparison.Ordinal));
        Assert.True(kubectl.ExitCode == 0, kubectl.Error);
        KubectlKustomize.AssertSameObjects(Binary.Run(null, null, "render", Path.Combine(Base(), "agentset.yaml")).Output, kubectl.Output);
    }

    [Fact]
    public void The_default_plugin_home_is_the_one_kustomize_picks()
    {
        // $XDG_CONFIG_HOME/kustomize/plugin when XDG_CONFIG_HOME is set.
        var home = Directory.CreateDirectory(Path.Combine(_temp, "home")).FullName;
        var environment = UserEnvironment(home);
        environment["XDG_CONFIG_HOME"] = Path.Combine(_temp, "xdg");
        Assert.Equal(0, Install(environment).ExitCode);
        Assert.True(File.Exists(Path.Combine(_temp, "xdg", "kustomize", "plugin", PluginBelowHome)));

        // kustomize takes the first plugin home that exists: an existing ~/kustomize/plugin
        // beats a ~/.config/kustomize/plugin that does not exist yet (creating that would hide it).
        var other = Directory.CreateDirectory(Path.Combine(_temp, "other")).FullName;
        Directory.CreateDirectory(Path.Combine(other, "kustomize", "plugin"));
        var install = Install(UserEnvironment(other));
        Assert.Equal(0, install.ExitCode);
        Assert.True(File.Exists(Path.Combine(other, "kustomize", "plugin", PluginBelowHome)));
        Assert.False(Directory.Exists(Path.Combine(other, ".config")));
        var kubectl = Binary.Exec("kubectl", null, null, UserEnvironment(other), "kustomize", "--enable-alpha-plugins", Base());
        Assert.True(kubectl.ExitCode == 0, kubectl.Error);
        Assert.Contains("name: team-kiro", kubectl.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Installed_into_a_named_directory_the_printed_line_sets_KUSTOMIZE_PLUGIN_HOME()
    {
        // A space and a quote in the path: the line must still be one shell command that works.
        var pluginHome = Path.Combine(_temp, "it's my plugins");
        var home = Directory.CreateDirectory(Path.Combine(_temp, "home")).FullName;
        var environment = UserEnvironment(home);
        var install = Install(environment, pluginHome);
        Assert.True(install.ExitCode == 0, install.Error);
        Assert.True(File.Exists(Path.Combine(pluginHome, PluginBelowHome)));
        Assert.False(Directory.Exists(Path.Combine(home, ".config")));

        var line = Assert.Single(install.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("KUSTOMIZE_PLUGIN_HOME=", line, StringComparison.Ordinal);
        var kubectl = Binary.Exec("bash", null, null, environment, "-c", line.Replace(" DIR", " " + Base(), StringComparison.Ordinal));
        Assert.True(kubectl.ExitCode == 0, kubectl.Error);
        Assert.Contains("name: team-kiro", kubectl.Output, StringComparison.Ordinal);
    }

    [Fact]
    [UnsupportedOSPlatform("windows")]
    public void Installing_again_leaves_the_same_file()
    {
        var pluginHome = Path.Combine(_temp, "plugins");
        var first = KubectlKustomize.InstallPlugin(pluginHome);
        var plugin = Path.Combine(pluginHome, PluginBelowHome);
        var text = File.ReadAllBytes(plugin);
        var mode = File.GetUnixFileMode(plugin);

        var second = KubectlKustomize.InstallPlugin(pluginHome);
        Assert.Equal(text, File.ReadAllBytes(plugin));
        Assert.Equal(mode, File.GetUnixFileMode(plugin));
        Assert.Equal(first.Output, second.Output);
        Assert.Contains($"unchanged {plugin}", second.Error, StringComparison.Ordinal);
        Assert.Equal([Path.GetFileName(plugin)], Directory.GetFiles(Path.GetDirectoryName(plugin)!).Select(Path.GetFileName));
    }

    [Fact]
    public void Started_through_a_symlink_on_PATH_the_plugin_runs_that_link()
    {
        // Package managers link a stable name to a versioned file; the link outlives upgrades.
        var bin = Directory.CreateDirectory(Path.Combine(_temp, "bin")).FullName;
        var link = Path.Combine(bin, "agentset");
        File.CreateSymbolicLink(link, Binary.Path);
        var pluginHome = Path.Combine(_temp, "plugins");
        var install = Binary.Exec("bash", null, null,
            new Dictionary<string, string> { ["PATH"] = bin + ":" + Environment.GetEnvironmentVariable("PATH") },
            "-c", "agentset kustomize install-plugin \"$0\"", pluginHome);
        Assert.True(install.ExitCode == 0, install.Error);
        Assert.Contains($"(runs {link})", install.Error, StringComparison.Ordinal);
        Assert.Contains($"agentset='{link}'\n", File.ReadAllText(Path.Combine(pluginHome, PluginBelowHome)), StringComparison.Ordinal);
        var kubectl = KubectlKustomize.Build(Base(), pluginHome, _temp);
        Assert.True(kubectl.ExitCode == 0, kubectl.Error);
        Assert.Contains("name: team-kiro", kubectl.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Another_plugin_at_that_path_is_left_alone_with_an_error()
    {
        var pluginHome = Path.Combine(_temp, "plugins");
        var plugin = Path.Combine(pluginHome, PluginBelowHome);
        Directory.CreateDirectory(Path.GetDirectoryName(plugin)!);

        // Someone else's script, and a symlink (even one to this very binary).
        foreach (var make in new Action[]
        {
            () => File.WriteAllText(plugin, "#!/bin/sh\necho 'my own generator'\n"),
            () => File.CreateSymbolicLink(plugin, Binary.Path),
        })
        {
            make();
            var before = File.ReadAllBytes(plugin);
            var run = Binary.Run(null, null, "kustomize", "install-plugin", pluginHome);
            Assert.Equal(1, run.ExitCode);
            Assert.Equal("", run.Output);
            Assert.Contains($"error: ({plugin}): a different plugin is already installed there", run.Error, StringComparison.Ordinal);
            Assert.Equal(before, File.ReadAllBytes(plugin));
            File.Delete(plugin);
        }
    }

    [Fact]
    public void A_moved_binary_gets_a_clear_error_and_installing_again_replaces_the_earlier_install()
    {
        var pluginHome = Path.Combine(_temp, "plugins");
        KubectlKustomize.InstallPlugin(pluginHome);
        var plugin = Path.Combine(pluginHome, PluginBelowHome);

        // An earlier install from a binary that has since moved away.
        var gone = Path.Combine(_temp, "moved away", "agentset");
        File.WriteAllText(plugin, File.ReadAllText(plugin).Replace(Binary.Path, gone, StringComparison.Ordinal));
        var broken = KubectlKustomize.Build(Base(), pluginHome, _temp);
        Assert.Equal(1, broken.ExitCode);
        Assert.Contains($"error: the AgentSet kustomize plugin runs {gone}, which is not there any more: run 'agentset kustomize install-plugin' again", broken.Error, StringComparison.Ordinal);

        var install = KubectlKustomize.InstallPlugin(pluginHome);
        Assert.Contains($"updated {plugin}", install.Error, StringComparison.Ordinal);
        Assert.DoesNotContain(gone, File.ReadAllText(plugin), StringComparison.Ordinal);
        var fixedRun = KubectlKustomize.Build(Base(), pluginHome, _temp);
        Assert.True(fixedRun.ExitCode == 0, fixedRun.Error);
    }

    [Fact]
    public void Errors_name_the_AgentSets_own_file_not_kustomizes_temporary_copy()
    {
        var pluginHome = Path.Combine(_temp, "plugins");
        KubectlKustomize.InstallPlugin(pluginHome);
        const string Token = "MTIzNDU2Nzg5MDEyMzQ1Njc4.Gx-fixture.not-a-real-token";
        var bad = AgentSet.Replace("      discord:\n", $"      bogus: 1\n      discord:\n        botToken: {Token}\n", StringComparison.Ordinal);
        var inlineBad = string.Join('\n', bad.Split('\n').Select(l => l.Length == 0 ? l : "  " + l));

        // Generators as a file in a subdirectory (the second document), inline in the
        // kustomization, and in a directory whose own kustomization may rename them.
        var cases = new[]
        {
            (Kustomization("file", ("kustomization.yaml", "generators:\n- sub/agentsets.yaml\n"),
                ("sub/agentsets.yaml", AgentSet.Replace("name: team", "name: other", StringComparison.Ordinal) + "---\n" + bad)),
                Named: Path.Combine(_temp, "file", "sub", "agentsets.yaml")),
            (Kustomization("inline", ("kustomization.yaml", $"generators:\n- |-\n{inlineBad}")),
                Named: Path.Combine(_temp, "inline", "kustomization.yaml")),
            (Kustomization("directory", ("kustomization.yaml", "generators:\n- sets\n"),
                ("sets/kustomization.yaml", "resources:\n- agentset.yaml\n"), ("sets/agentset.yaml", bad)),
                Named: $"the generator's AgentSet in {Path.Combine(_temp, "directory")}"),
        };
        foreach (var (directory, named) in cases)
        {
            var run = KubectlKustomize.Build(directory, pluginHome, _temp);
            Assert.Equal(1, run.ExitCode);
            Assert.Equal("", run.Output);
            Assert.Contains($"error: spec.agents.kiro.bogus ({named}): unknown field `bogus`", run.Error, StringComparison.Ordinal);
            Assert.DoesNotContain(Token, run.Error, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Run_by_hand_the_plugin_renders_like_agentset_render_and_names_the_file_it_was_given()
    {
        var file = Path.Combine(Base(), "agentset.yaml");
        var plugin = Binary.Run(null, null, "kustomize", "plugin", file);
        Assert.True(plugin.ExitCode == 0, plugin.Error);
        Assert.Equal(Binary.Run(null, null, "render", file).Output, plugin.Output);

        File.WriteAllText(file, AgentSet.Replace("name: team", "name: Team", StringComparison.Ordinal));
        var bad = Binary.Run(null, null, "kustomize", "plugin", file);
        Assert.Equal(1, bad.ExitCode);
        Assert.Equal("", bad.Output);
        Assert.Contains($"error: metadata.name ({file}):", bad.Error, StringComparison.Ordinal);

        File.WriteAllText(file, AgentSet + "---\n" + AgentSet);
        var two = Binary.Run(null, null, "kustomize", "plugin", file);
        Assert.Equal(1, two.ExitCode);
        Assert.Contains($"error: ({file}): cannot read the generator's config: expected one AgentSet, found 2 YAML documents", two.Error, StringComparison.Ordinal);

        File.WriteAllText(file, "- " + AgentSet.Replace("\n", "\n  ", StringComparison.Ordinal));
        var list = Binary.Run(null, null, "kustomize", "plugin", file);
        Assert.Equal(1, list.ExitCode);
        Assert.Contains($"error: ({file}): cannot read the generator's config: expected one AgentSet, found a YAML document that is not a mapping", list.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void With_the_function_annotation_kubectl_kustomize_renders_nothing_and_succeeds()
    {
        // The trap docs/running.md warns about: kubectl's kustomize sees the annotation, has no
        // --enable-exec, and neither runs the exec (not even /bin/false) nor the plugin.
        var pluginHome = Path.Combine(_temp, "plugins");
        KubectlKustomize.InstallPlugin(pluginHome);
        var annotated = AgentSet.Replace("  namespace: agents\n",
            "  namespace: agents\n  annotations:\n    config.kubernetes.io/function: |\n      exec:\n        path: /bin/false\n", StringComparison.Ordinal);
        var directory = Kustomization("annotated", ("kustomization.yaml", "generators:\n- agentset.yaml\n"), ("agentset.yaml", annotated));
        var run = KubectlKustomize.Build(directory, pluginHome, _temp);
        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Equal("", run.Output.Trim());

        // And without --enable-alpha-plugins (so also `kubectl apply -k`) it refuses any AgentSet generator.
        var noPlugins = Binary.Exec("kubectl", null, null, new Dictionary<string, string> { ["KUSTOMIZE_PLUGIN_HOME"] = pluginHome }, "kustomize", Base());
        Assert.Equal(1, noPlugins.ExitCode);
        Assert.Contains("external plugins disabled; unable to load external plugin 'AgentSet'", noPlugins.Error, StringComparison.Ordinal);
    }
}
