using System.CommandLine;
using KrmFn;
using AgentSetFn.Rendering;
using YamlDotNet.RepresentationModel;

namespace AgentSetFn.Cli.Commands;

/// <summary>
/// `agentset render PATHS`: AgentSet files (or directories of them) in, a YAML stream or a
/// directory of files out, for people without kpt or kustomize. Nothing is written unless
/// every AgentSet is valid.
/// </summary>
internal static class RenderCommand
{
    public static Command Create(FunctionIo io)
    {
        var filesArgument = new Argument<string[]>("paths")
        {
            Description = "AgentSet files, or directories searched for *.yaml/*.yml files",
            Arity = ArgumentArity.OneOrMore,
        };
        var outputOption = new Option<string?>("--output", "-o")
        {
            Description = "Write one file per object under this directory (<set>/<agent>/<kind>.yaml, or spec.output.directory) instead of a YAML stream on stdout",
        };
        var includeResourcesOption = new Option<bool>("--include-resources")
        {
            Description = "Also print the other resources found in the paths (not AgentSets, not local-config), so one stream holds the whole application",
        };
        var render = new Command("render", """
            Render AgentSet files to Kubernetes manifests.

            Examples:
              agentset render agentset.yaml > manifests.yaml
              agentset render agentset.yaml -o deploy/
              agentset render --include-resources apps/agents/     # Argo CD plugin: the whole directory
            """)
        {
            filesArgument,
            outputOption,
            includeResourcesOption,
        };
        render.SetAction(parse => Run(parse.GetValue(filesArgument)!, parse.GetValue(outputOption), parse.GetValue(includeResourcesOption), io));
        return render;
    }

    public static int Run(IReadOnlyList<string> paths, string? outputDirectory, bool includeResources, FunctionIo io)
    {
        if (includeResources && outputDirectory is not null)
        {
            io.Error.WriteLine("error: --include-resources prints one YAML stream; it cannot be combined with --output");
            return 1;
        }
        var inputs = AgentSetInputs.Read(paths, io);
        if (inputs is null) return 1;
        var sets = inputs.ObjectsPerSet(files: outputDirectory is not null, io);
        if (sets is null) return 1;

        // Every AgentSet is valid and none collides: objects are rendered and written one by one from here on.
        if (outputDirectory is null)
        {
            List<YamlMappingNode> resources = [];
            if (includeResources)
            {
                // The resources are checked against every generated object: all are rendered first.
                sets = [.. sets.Select(s => (s.Set, (IEnumerable<GeneratedObject>)s.Objects.ToList()))];
                if (IncludedResources.Select(inputs, sets, io) is not { } found) return 1;
                resources = found;
            }
            ResourceListIo.WriteStream(
                resources.Select(r => (Action<TextWriter>)(output => output.Write(ResourceListIo.Emit([r]))))
                    .Concat(sets.SelectMany(s => s.Objects).Select(o => (Action<TextWriter>)(output => AgentSetFunction.WriteItem(output, o, null)))),
                io.Output);
            return 0;
        }
        return OutputDirectory.Write(outputDirectory, sets, io);
    }
}
