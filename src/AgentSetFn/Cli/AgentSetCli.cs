using System.CommandLine;

namespace AgentSetFn.Cli;

/// <summary>The command line: KRM function by default, `render` and `validate` for files.</summary>
internal static class AgentSetCli
{
    public static int Run(string[] args, FunctionIo io)
    {
        var filesArgument = new Argument<string[]>("files")
        {
            Description = "AgentSet YAML files",
            Arity = ArgumentArity.OneOrMore,
        };
        var outputOption = new Option<string?>("--output", "-o")
        {
            Description = "Write one file per object under this directory (<set>/<agent>/<kind>.yaml) instead of a YAML stream on stdout",
        };

        var render = new Command("render", "Render AgentSet files to Kubernetes manifests.\n\nExample:\n  agentset render examples/agentset.yaml > manifests.yaml\n  agentset render examples/agentset.yaml -o rendered/")
        {
            filesArgument,
            outputOption,
        };
        render.SetAction(parse => FileCommands.Render(parse.GetValue(filesArgument)!, parse.GetValue(outputOption), io));

        var validateFiles = new Argument<string[]>("files") { Description = "AgentSet YAML files", Arity = ArgumentArity.OneOrMore };
        var validate = new Command("validate", "Check AgentSet files; print every problem and exit 1 if any.\n\nExample:\n  agentset validate examples/agentset.yaml")
        {
            validateFiles,
        };
        validate.SetAction(parse => FileCommands.Validate(parse.GetValue(validateFiles)!, io));

        var root = new RootCommand(
            "agentset: a KRM function that renders an AgentSet into a Deployment, ConfigMap and Secret per AI coding agent.\n\n" +
            "With no command it is a KRM function: a ResourceList (functionConfig: the AgentSet) on stdin, a ResourceList on stdout.\n\n" +
            "Examples:\n" +
            "  kpt fn eval --exec ./agentset --fn-config agentset.yaml .\n" +
            "  agentset render agentset.yaml")
        {
            render,
            validate,
        };
        root.SetAction(_ => KrmCommand.Run(io));

        return root.Parse(args).Invoke(new InvocationConfiguration { Output = io.Output, Error = io.Error });
    }
}
