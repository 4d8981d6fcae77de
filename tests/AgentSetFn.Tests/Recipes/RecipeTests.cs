using System.Text.Json.Nodes;
using KrmFn;
using AgentSetFn.Tests.Support;
using YamlDotNet.RepresentationModel;

namespace AgentSetFn.Tests.Recipes;

/// <summary>
/// The recipes in examples/, each run as far as this machine allows: kpt packages through the
/// real kpt, the Argo CD plugin's and the Flux CI's commands as written, the kustomize base and
/// overlay through the real `kubectl kustomize` with the AgentSet plugin.
/// </summary>
public sealed class RecipeTests : IDisposable
{
    private readonly TempDirectory _temp = new("agentset-recipe-");

    public void Dispose() => _temp.Dispose();

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
        var version = Binary.Run(null, null, "--version").Output.Split('\n')[0]["agentset ".Length..];
        Assert.Contains($"- image: ghcr.io/agentset-dev/agentset:{version}\n", kptfile, StringComparison.Ordinal);
        Assert.Equal(File.ReadAllText(Example("kpt-exec", "agentset.yaml")), File.ReadAllText(Example("kpt-image", "agentset.yaml")));

        var package = Copy("kpt-image");
        File.WriteAllText(Path.Combine(package, "Kptfile"), kptfile.Replace($"image: ghcr.io/agentset-dev/agentset:{version}", "exec: agentset", StringComparison.Ordinal));
        var run = Binary.Exec("kpt", null, null, FunctionOnPath, "fn", "render", package, "--allow-exec");
        Assert.True(run.ExitCode == 0, run.Output + run.Error);
        Assert.True(File.Exists(Path.Combine(package, "team", "claude", "deployment.yaml")));
    }

    [Fact]
    public void The_kustomize_base_renders_under_kubectl_kustomize_what_agentset_render_renders()
    {
        // The plugin way: no function annotation, the plugin installed, kubectl's kustomize.
        var agentSet = Example("kustomize-overlay", "base", "agentset.yaml");
        Assert.Null(Output.Node(Output.FirstDocument(agentSet), "metadata", "annotations", "config.kubernetes.io/function"));
        var pluginHome = Path.Combine(_temp, "plugins");
        KubectlKustomize.InstallPlugin(pluginHome);

        var kubectl = KubectlKustomize.Build(Example("kustomize-overlay", "base"), pluginHome, _temp);
        Assert.True(kubectl.ExitCode == 0, kubectl.Error);
        var render = Binary.Run(null, null, "render", agentSet);
        Assert.Equal(0, render.ExitCode);
        KubectlKustomize.AssertSameObjects(render.Output, kubectl.Output);
    }

    [Fact]
    public void The_kustomize_overlay_renders_agentset_render_with_its_patches_applied()
    {
        var pluginHome = Path.Combine(_temp, "plugins");
        KubectlKustomize.InstallPlugin(pluginHome);
        var kubectl = KubectlKustomize.Build(Example("kustomize-overlay", "overlays", "production"), pluginHome, _temp);
        Assert.True(kubectl.ExitCode == 0, kubectl.Error);

        // The overlay's edits applied to `agentset render`'s objects, here, by their documented meaning.
        var overlay = Output.FirstDocument(Example("kustomize-overlay", "overlays", "production", "kustomization.yaml"));
        Assert.Equal(["../../base"], Output.Strings(overlay, "resources"));
        Assert.Equal(["apiVersion", "kind", "resources", "labels", "patches", "images"], overlay.Children.Keys.Select(k => k.ToString()));
        var expected = KubectlKustomize.Objects(Binary.Run(null, null, "render", Example("kustomize-overlay", "base", "agentset.yaml")).Output);

        foreach (var labels in Output.Seq(overlay, "labels"))
        {
            Assert.Equal(["pairs"], labels.Children.Keys.Select(k => k.ToString()));   // no includeSelectors: metadata only
            foreach (var (key, value) in (YamlMappingNode)labels.Children["pairs"])
                foreach (var item in expected.Values)
                    item["metadata"]!["labels"]![key.ToString()] = value.ToString();
        }
        foreach (var patch in Output.Seq(overlay, "patches"))
        {
            var target = (YamlMappingNode)patch.Children["target"];
            var targets = expected.Values.Where(i => Matches(i, target)).ToList();
            Assert.True(targets.Count > 0, $"patch target {target} matches no generated object");
            foreach (var operation in ((YamlSequenceNode)ResourceListIo.ParseDocuments(Output.Str(patch, "patch")!)[0]).Children.Cast<YamlMappingNode>())
            {
                Assert.Equal("add", Output.Str(operation, "op"));
                var path = Output.Str(operation, "path")!;
                var (parent, key) = (path[..path.LastIndexOf('/')], path[(path.LastIndexOf('/') + 1)..]);
                foreach (var item in targets)
                {
                    var container = Pointer(item, parent) as JsonObject;
                    Assert.True(container is not null, $"{parent} is not an object in {item["metadata"]!["name"]}");
                    container[key] = YamlJson.ToJson(operation.Children["value"]);
                }
            }
        }
        var retagged = 0;
        foreach (var image in Output.Seq(overlay, "images"))
        {
            var (name, tag) = (Output.Str(image, "name")!, Output.Str(image, "newTag")!);
            var containers = expected.Values.Where(i => (string?)i["kind"] == "Deployment")
                .SelectMany(i => new[] { "containers", "initContainers" }.Select(list => i["spec"]!["template"]!["spec"]![list]))
                .OfType<JsonArray>().SelectMany(list => list).OfType<JsonObject>();
            foreach (var container in containers.Where(c => ((string)c["image"]!).Split(':', '@')[0] == name))
            {
                container["image"] = $"{name}:{tag}";
                retagged++;
            }
        }
        Assert.True(retagged > 0, "the images entry names no generated container's image");

        var actual = KubectlKustomize.Objects(kubectl.Output);
        Assert.Equal(expected.Keys, actual.Keys);
        foreach (var (key, value) in expected)
            Assert.True(JsonNode.DeepEquals(value, actual[key]), $"{key} differs:\nexpected {value.ToJsonString()}\nactual   {actual[key].ToJsonString()}");
    }

    private static bool Matches(JsonNode item, YamlMappingNode target)
    {
        if (Output.Str(target, "kind") is { } kind && (string?)item["kind"] != kind) return false;
        if (Output.Str(target, "name") is { } name && (string?)item["metadata"]!["name"] != name) return false;
        if (Output.Str(target, "labelSelector") is { } selector)
        {
            var (key, value) = (selector.Split('=')[0], selector.Split('=')[1]);
            if ((string?)item["metadata"]!["labels"]?[key] != value) return false;
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
        var plugin = Output.Documents(Output.Str(configMap, "data", "plugin.yaml")!)[0];
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
        var documents = Output.Documents(run.Output);
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
