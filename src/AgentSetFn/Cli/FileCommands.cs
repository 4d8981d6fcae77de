using AgentSetFn.Api;
using AgentSetFn.Krm;
using AgentSetFn.Validation;
using YamlDotNet.RepresentationModel;

namespace AgentSetFn.Cli;

/// <summary>
/// `render` and `validate` for people without kpt or kustomize: AgentSet files in, a YAML
/// stream (or a directory of files) out. Nothing is written unless every file is valid.
/// </summary>
internal static class FileCommands
{
    public static int Render(IReadOnlyList<string> files, string? outputDirectory, FunctionIo io)
    {
        var renderings = RenderFiles(files, io);
        if (renderings is null) return 1;

        var objects = renderings.SelectMany(r => r.Objects.Select(o => (r.Set!, Object: o))).ToList();
        if (outputDirectory is null)
        {
            io.Output.Write(ResourceListIo.Emit(objects.Select(o => (YamlNode)AgentSetFunction.ToItem(o.Object, null)).ToList()));
            return 0;
        }
        // A write can still fail (permissions, a directory in the way, a full disk): then the
        // files of this run are removed again, so the directory is never left half-written.
        var written = new List<string>();
        var createdRoot = !Directory.Exists(outputDirectory);
        try
        {
            foreach (var (set, generated) in objects)
            {
                var path = Path.Combine(outputDirectory, generated.RelativePath(set));
                Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                File.WriteAllText(path, ResourceListIo.Emit([AgentSetFunction.ToItem(generated, null)]));
                written.Add(path);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            foreach (var path in written) File.Delete(path);
            if (createdRoot && Directory.Exists(outputDirectory)) Directory.Delete(outputDirectory, recursive: true);
            io.Error.WriteLine($"error: ({outputDirectory}): cannot write the output, nothing was written: {e.Message}");
            return 1;
        }
        foreach (var path in written) io.Error.WriteLine($"wrote {path}");
        return 0;
    }

    public static int Validate(IReadOnlyList<string> files, FunctionIo io)
    {
        var renderings = RenderFiles(files, io);
        if (renderings is null) return 1;
        io.Error.WriteLine($"ok: {renderings.Count} AgentSet(s), {renderings.Sum(r => r.Set!.Agents.Count)} agent(s)");
        return 0;
    }

    /// <summary>Every AgentSet document of every file; null (after printing why) on any error.</summary>
    private static List<AgentSetRendering>? RenderFiles(IReadOnlyList<string> files, FunctionIo io)
    {
        var renderings = new List<AgentSetRendering>();
        var failed = false;
        foreach (var file in files)
        {
            IReadOnlyList<YamlNode> documents;
            try
            {
                documents = ResourceListIo.ParseDocuments(File.ReadAllText(file));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or KrmInputException)
            {
                io.Error.WriteLine($"error: ({file}): {e.Message}");
                failed = true;
                continue;
            }
            var found = 0;
            for (var index = 0; index < documents.Count; index++)
            {
                if (documents[index] is not YamlMappingNode resource
                    || ResourceListIo.ScalarValue(resource, "kind") != AgentSetReader.Kind) continue;
                found++;
                var rendering = AgentSetFunction.Render(resource, new SourceLocation(file, index));
                foreach (var result in rendering.Results) io.Error.WriteLine(result.ToString());
                failed |= rendering.Failed;
                renderings.Add(rendering);
            }
            if (found == 0)
            {
                io.Error.WriteLine($"error: ({file}): no {AgentSetReader.Kind} in this file (kind: {AgentSetReader.Kind}, apiVersion: {AgentSetReader.ApiVersion})");
                failed = true;
            }
        }
        return failed ? null : renderings;
    }
}
