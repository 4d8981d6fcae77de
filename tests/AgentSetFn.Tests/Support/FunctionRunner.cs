using AgentSetFn.Cli;
using KrmFn;
using YamlDotNet.RepresentationModel;

namespace AgentSetFn.Tests.Support;

internal sealed record RunResult(int ExitCode, string Output, string Error);

/// <summary>Runs the function in-process through its real command line, with captured streams.</summary>
internal static class FunctionRunner
{
    public static RunResult Run(string stdin, params string[] args)
    {
        var output = new StringWriter { NewLine = "\n" };
        var error = new StringWriter { NewLine = "\n" };
        var exit = AgentSetCli.Run(args, new FunctionIo(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(stdin)), output, error));
        return new RunResult(exit, output.ToString(), error.ToString());
    }

    /// <summary>A ResourceList as kpt sends it: the AgentSet as functionConfig (with its path) and the given items.</summary>
    public static string ResourceList(string agentSetYaml, string path = "agentset.yaml", params string[] items)
    {
        var functionConfig = (YamlMappingNode)ResourceListIo.ParseDocuments(agentSetYaml)[0];
        var annotations = ResourceAnnotations.Ensure(functionConfig);
        annotations.Add("config.kubernetes.io/path", path);
        annotations.Add("internal.config.kubernetes.io/path", path);
        var root = new YamlMappingNode
        {
            { "apiVersion", "config.kubernetes.io/v1" },
            { "kind", "ResourceList" },
            { "items", new YamlSequenceNode(items.Select(i => ResourceListIo.ParseDocuments(i)[0])) },
            { "functionConfig", functionConfig },
        };
        return ResourceListIo.Emit([root]);
    }

    public static RunResult RunKrm(string agentSetYaml, params string[] items) => Run(ResourceList(agentSetYaml, "agentset.yaml", items));

    /// <summary>Runs the function on an AgentSet, asserts its exit code (success unless told) and reads its output back.</summary>
    public static Output Rendered(string agentSetYaml, int exitCode = 0)
    {
        var run = RunKrm(agentSetYaml);
        Assert.True(run.ExitCode == exitCode, $"exit {run.ExitCode}, expected {exitCode}\n{run.Output}{run.Error}");
        return new Output(run.Output);
    }

    public static string Fixture(string name) => File.ReadAllText(Path.Combine(Repo.Fixtures, name, "agentset.yaml"));
}
