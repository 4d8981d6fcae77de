using System.Text.Json.Nodes;
using AgentSetFn.Krm;
using AgentSetFn.Tests.Support;
using YamlDotNet.RepresentationModel;

namespace AgentSetFn.Tests.Recipes;

/// <summary>
/// The recipes in examples/, each run as far as this machine allows: kpt packages through the
/// real kpt, the Argo CD plugin's and the Flux CI's commands as written, the kustomize overlay
/// against what its base generates.
/// </summary>
public sealed class RecipeTests : IDisposable
{
    private readonly string _temp = Directory.CreateTempSubdirectory("agentset-recipe-").FullName;

    public void Dispose() => Directory.Delete(_temp, recursive: true);

    private static string Example(params string[] parts) => Path.Combine([Repo.Root, "examples", .. parts]);

    private static readonly Dictionary<string, string> FunctionOnPath = new() { ["PATH"] = Binary.PathWithFunction };

    /// <summary>A copy of an example directory, so running it leaves the repository clean.</summary>
    private string Copy(string example)
    {
        var target = Path.Combine(_temp, example.Replace('/', '-'));
        foreach (var file in Directory.GetFiles(Example(example), "*", SearchOption.AllDirectories))
        {
            var destination = Path.Combine(target, Path.GetRelativePath(Example(example), file));
            Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
            File.Copy(file, destination);
        }
        return target;
    }


    [Fact]
    public void The_kpt_exec_package_renders_with_agentset_from_path()
    {
        var package = Copy("kpt-exec");
        var run = Binary.Exec("kpt", null, null, FunctionOnPath, "fn", "render", package, "--allow-exec");
        Assert.True(run.ExitCode == 0, run.Output + run.Error);
        foreach (var agent in new[] { "kiro", "claude" })
            Assert.Contains($"name: team-{agent}", File.ReadAllText(Path.Combine(package, "team", agent, "deployment.yaml")), StringComparison.Ordinal);
        Assert.Equal(File.ReadAllText(Example("kpt-exec", "namespace.yaml")), File.ReadAllText(Path.Combine(package, "namespace.yaml")));
    }

    [Fact]
    public void The_kpt_image_package_is_the_exec_package_with_the_released_image()
    {
        // No container engine here: check the image names this release, then run the rest of
        // the package with the same function as an executable.
        var kptfile = File.ReadAllText(Example("kpt-image", "Kptfile"));
        var version = Binary.Run(null, null, "--version").Output.Trim();
        Assert.Contains($"- image: ghcr.io/agentset-dev/agentset:{version}\n", kptfile, StringComparison.Ordinal);
        Assert.Equal(File.ReadAllText(Example("kpt-exec", "agentset.yaml")), File.ReadAllText(Example("kpt-image", "agentset.yaml")));

        var package = Copy("kpt-image");
        File.WriteAllText(Path.Combine(package, "Kptfile"), kptfile.Replace($"image: ghcr.io/agentset-dev/agentset:{version}", "exec: agentset", StringComparison.Ordinal));
        var run = Binary.Exec("kpt", null, null, FunctionOnPath, "fn", "render", package, "--allow-exec");
        Assert.True(run.ExitCode == 0, run.Output + run.Error);
        Assert.True(File.Exists(Path.Combine(package, "team", "claude", "deployment.yaml")));
    }

    [Fact]
    public void The_kustomize_overlay_patches_objects_its_base_generates()
    {
        // What kustomize would get back from the base's generator.
        var agentSet = Output.FirstDocument(Example("kustomize-overlay", "base", "agentset.yaml"));
        Assert.Equal("exec:\n  path: agentset\n", Output.Str(agentSet, "metadata", "annotations", "config.kubernetes.io/function"));
        Assert.Equal(["agentset.yaml"], Output.Strings(Output.FirstDocument(Example("kustomize-overlay", "base", "kustomization.yaml")), "generators"));
        var input = ResourceListIo.Emit([new YamlMappingNode
        {
            { "apiVersion", "config.kubernetes.io/v1" },
            { "kind", "ResourceList" },
            { "items", new YamlSequenceNode(agentSet) },
            { "functionConfig", agentSet },
        }]);
        var run = Binary.Run(input, null);
        Assert.Equal(0, run.ExitCode);
        var generated = new Output(run.Output).Items.Where(i => Output.Str(i, "kind") != "AgentSet").ToList();

        var overlay = Output.FirstDocument(Example("kustomize-overlay", "overlays", "production", "kustomization.yaml"));
        Assert.Equal(["../../base"], Output.Strings(overlay, "resources"));
        foreach (var patch in ((YamlSequenceNode)overlay.Children["patches"]).Children.Cast<YamlMappingNode>())
        {
            var target = (YamlMappingNode)patch.Children["target"];
            var targets = generated.Where(i => Matches(i, target)).ToList();
            Assert.True(targets.Count > 0, $"patch target {target} matches no generated object");
            var operations = (YamlSequenceNode)ResourceListIo.ParseDocuments(Output.Str(patch, "patch")!)[0];
            foreach (var operation in operations.Children.Cast<YamlMappingNode>())
            {
                // A JSON patch `add` needs the parent of its path to exist.
                var path = Output.Str(operation, "path")!;
                var parent = path[..path.LastIndexOf('/')];
                foreach (var item in targets)
                    Assert.True(Pointer(YamlJson.ToJson(item)!, parent) is not null, $"{parent} does not exist in {Output.Str(item, "metadata", "name")}");
            }
        }
        var images = generated.SelectMany(i => Output.Seq(i, "spec", "template", "spec", "containers")).Select(c => Output.Str(c, "image")!).ToList();
        foreach (var image in ((YamlSequenceNode)overlay.Children["images"]).Children.Select(i => Output.Str(i, "name")!))
            Assert.Contains(images, i => i.StartsWith(image + ":", StringComparison.Ordinal));
    }

    private static bool Matches(YamlMappingNode item, YamlMappingNode target)
    {
        if (Output.Str(target, "kind") is { } kind && Output.Str(item, "kind") != kind) return false;
        if (Output.Str(target, "name") is { } name && Output.Str(item, "metadata", "name") != name) return false;
        if (Output.Str(target, "labelSelector") is { } selector)
        {
            var (key, value) = (selector.Split('=')[0], selector.Split('=')[1]);
            if (Output.Str(item, "metadata", "labels", key) != value) return false;
        }
        return true;
    }

    private static JsonNode? Pointer(JsonNode node, string pointer)
    {
        foreach (var part in pointer.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            node = node switch
            {
                JsonObject o => o[part],
                JsonArray a when int.TryParse(part, out var i) && i < a.Count => a[i],
                _ => null,
            } ?? null!;
            if (node is null) return null;
        }
        return node;
    }

    [Fact]
    public void The_argo_cd_plugin_command_prints_the_whole_application()
    {
        var configMap = Output.FirstDocument(Example("argocd", "cmp-plugin.yaml"));
        var plugin = (YamlMappingNode)ResourceListIo.ParseDocuments(Output.Str(configMap, "data", "plugin.yaml")!)[0];
        Assert.Equal("ConfigManagementPlugin", Output.Str(plugin, "kind"));
        var command = ((YamlSequenceNode)Output.Node(plugin, "spec", "generate", "command")!).Children.Select(c => ((YamlScalarNode)c).Value!).ToArray();
        Assert.Equal("agentset", command[0]);

        // The Application points at the app directory and names the plugin as Argo CD does: <name>-<version>.
        var application = Output.FirstDocument(Example("argocd", "application.yaml"));
        Assert.Equal($"{Output.Str(plugin, "metadata", "name")}-{Output.Str(plugin, "spec", "version")}", Output.Str(application, "spec", "source", "plugin", "name"));
        var appDirectory = Path.Combine(Repo.Root, Output.Str(application, "spec", "source", "path")!);
        Assert.True(File.Exists(Path.Combine(appDirectory, Output.Str(plugin, "spec", "discover", "fileName")!)));

        // Run the command as the cmp-server does: in the application's directory.
        var run = Binary.Exec(Binary.Path, null, appDirectory, command[1..]);
        Assert.True(run.ExitCode == 0, run.Error);
        var documents = ResourceListIo.ParseDocuments(run.Output).Cast<YamlMappingNode>().ToList();
        var kinds = documents.Select(d => $"{Output.Str(d, "kind")}/{Output.Str(d, "metadata", "name")}").ToList();
        Assert.Equal(["Namespace/agents", "ConfigMap/team-claude", "Deployment/team-claude", "ConfigMap/team-kiro", "Deployment/team-kiro"], kinds);
        Assert.DoesNotContain("local-config", run.Output, StringComparison.Ordinal);

        // The sidecar mounts the plugin where the cmp-server reads it, and runs as Argo CD's uid.
        var patch = File.ReadAllText(Example("argocd", "repo-server-patch.yaml"));
        Assert.Contains("mountPath: /home/argocd/cmp-server/config/plugin.yaml", patch, StringComparison.Ordinal);
        Assert.Contains("command: [/var/run/argocd/argocd-cmp-server]", patch, StringComparison.Ordinal);
        Assert.Contains("runAsUser: 999", patch, StringComparison.Ordinal);
    }

    [Fact]
    public void The_flux_ci_render_step_writes_where_flux_looks_and_drops_removed_agents()
    {
        var repository = Copy("flux");
        var workflow = Output.FirstDocument(Path.Combine(repository, "render-agents.yaml"));
        var steps = Output.Seq(workflow, "jobs", "render", "steps").ToList();
        var render = Output.Str(steps.Single(s => Output.Str(s, "name") == "Render"), "run")!;
        var sync = Output.FirstDocument(Path.Combine(repository, "clusters", "production", "agents-sync.yaml"));
        var fluxPath = Output.Str(sync, "spec", "path")!;
        Assert.True(Output.Str(sync, "spec", "prune") == "true");

        RunResult Render() => Binary.Exec("bash", null, repository, FunctionOnPath, "-c", render);
        var run = Render();
        Assert.True(run.ExitCode == 0, run.Error);
        var rendered = Path.Combine(repository, fluxPath);
        Assert.True(File.Exists(Path.Combine(rendered, "team", "claude", "deployment.yaml")));

        // Remove an agent and render again: its files are gone, so Flux prunes its objects.
        var agentSetPath = Path.Combine(repository, "agents", "agentset.yaml");
        var text = File.ReadAllText(agentSetPath);
        File.WriteAllText(agentSetPath, text[..text.IndexOf("    claude:", StringComparison.Ordinal)]);
        Assert.Equal(0, Render().ExitCode);
        Assert.False(Directory.Exists(Path.Combine(rendered, "team", "claude")));
        Assert.True(File.Exists(Path.Combine(rendered, "team", "kiro", "deployment.yaml")));
    }

}
