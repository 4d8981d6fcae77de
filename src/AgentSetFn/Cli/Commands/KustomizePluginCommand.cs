using System.CommandLine;
using AgentSetFn.Api;
using KrmFn;
using AgentSetFn.Validation;
using YamlDotNet.RepresentationModel;

namespace AgentSetFn.Cli.Commands;

/// <summary>
/// `agentset kustomize plugin CONFIG`: what the installed plugin runs. kustomize (standalone, or
/// the one inside kubectl) passes the generator's config, the AgentSet re-serialized into a
/// temporary file, as the only argument, and reads the generated objects from stdout; it shows
/// stderr only when the exit code is not 0, before its own "failure in plugin configured via
/// /tmp/kust-plugin-config-...". So errors name the AgentSet's own file, found through
/// KUSTOMIZE_PLUGIN_CONFIG_ROOT (the kustomization's directory, which is also the working
/// directory) and that kustomization's generators: entries.
/// </summary>
internal static class KustomizePluginCommand
{
    private const string RootVariable = "KUSTOMIZE_PLUGIN_CONFIG_ROOT";

    public static Command Create(FunctionIo io)
    {
        var configArgument = new Argument<string>("CONFIG") { Description = "The generator's config file kustomize passes (the AgentSet)" };
        var plugin = new Command("plugin", "What the installed plugin runs: render the AgentSet in CONFIG like `agentset render` (kustomize calls it)")
        {
            configArgument,
        };
        plugin.SetAction(parse => Run(parse.GetValue(configArgument)!, io));
        return plugin;
    }

    /// <summary>Prints the AgentSet's objects as `agentset render` does; on any error one line each on stderr, exit 1.</summary>
    public static int Run(string configPath, FunctionIo io)
    {
        var root = Environment.GetEnvironmentVariable(RootVariable) is { Length: > 0 } value ? value : null;
        YamlMappingNode config;
        try
        {
            var documents = ResourceListIo.ParseDocuments(InputText.ReadFile(configPath));
            config = documents switch
            {
                [YamlMappingNode single] => single,
                [_] => throw new KrmInputException($"expected one {AgentSetApi.Kind}, found a YAML document that is not a mapping"),
                _ => throw new KrmInputException($"expected one {AgentSetApi.Kind}, found {documents.Count} YAML documents"),
            };
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or KrmInputException)
        {
            io.Error.WriteLine($"error: ({Describe(root, configPath)}): cannot read the generator's config: {IoErrors.Message(e, configPath)}");
            return 1;
        }

        var rendering = AgentSetFunction.ReadAndValidate(config, Locate(config, root) ?? new SourceLocation(Describe(root, configPath), null));
        foreach (var result in rendering.Results) io.Error.WriteLine(result.ToString());
        if (rendering.Failed) return 1;
        ResourceListIo.WriteStream(
            rendering.Objects.Select(o => (Action<TextWriter>)(output => AgentSetFunction.WriteItem(output, o, null))),
            io.Output);
        return 0;
    }

    /// <summary>What to call a config whose file is not known: its kustomization, else the path given.</summary>
    private static string Describe(string? root, string configPath) =>
        root is null ? configPath : $"the generator's {AgentSetApi.Kind} in {Path.GetFullPath(root)}";

    /// <summary>
    /// The file (and document) the config was read from: the generators: entry of the
    /// kustomization in <paramref name="root"/> that holds a resource with the config's apiVersion,
    /// kind, name and namespace (kustomize refuses two generators with the same), or the
    /// kustomization file itself for an inline entry. Null when it cannot be told (no root, a
    /// directory entry whose kustomization may rename it, unreadable files).
    /// </summary>
    private static SourceLocation? Locate(YamlMappingNode config, string? root)
    {
        if (root is null) return null;
        var kustomization = new[] { "kustomization.yaml", "kustomization.yml", "Kustomization" }
            .Select(name => Path.Combine(Path.GetFullPath(root), name)).FirstOrDefault(File.Exists);
        if (kustomization is null) return null;
        var entries = Documents(kustomization) is [YamlMappingNode k]
            && k.Children.TryGetValue("generators", out var generators) && generators is YamlSequenceNode list
            ? list.Children.OfType<YamlScalarNode>().Select(e => e.Value ?? "")
            : [];
        var identity = Identity(config);
        foreach (var entry in entries)
        {
            // kustomize takes an entry that parses as resources for inline config, else a path.
            var inline = Documents(entry, isText: true).OfType<YamlMappingNode>().ToList();
            if (inline.Count > 0)
            {
                if (inline.Any(d => Identity(d) == identity)) return new SourceLocation(kustomization, null);
                continue;
            }
            var file = Path.GetFullPath(Path.Combine(root, entry));
            if (!File.Exists(file)) continue;
            var documents = Documents(file);
            for (var index = 0; index < documents.Count; index++)
            {
                if (documents[index] is YamlMappingNode document && Identity(document) == identity)
                    return new SourceLocation(file, index);
            }
        }
        return null;
    }

    private static (string?, string?, string?, string?) Identity(YamlMappingNode resource)
    {
        var metadata = resource.Children.TryGetValue("metadata", out var m) ? m as YamlMappingNode : null;
        return (ResourceListIo.ScalarValue(resource, "apiVersion"), ResourceListIo.ScalarValue(resource, "kind"),
            metadata is null ? null : ResourceListIo.ScalarValue(metadata, "name"),
            metadata is null ? null : ResourceListIo.ScalarValue(metadata, "namespace"));
    }

    /// <summary>A file's (or inline text's) documents; none when it cannot be read or parsed (it only helps name a file).</summary>
    private static IReadOnlyList<YamlNode> Documents(string source, bool isText = false)
    {
        try
        {
            return ResourceListIo.ParseDocuments(isText ? source : InputText.ReadFile(source));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or KrmInputException)
        {
            return [];
        }
    }
}
