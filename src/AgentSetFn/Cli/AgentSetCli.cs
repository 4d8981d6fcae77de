using System.CommandLine;
using AgentSetFn.Cli.Commands;

namespace AgentSetFn.Cli;

/// <summary>
/// The command line's entry: the root command (the KRM function when no command is named) with
/// one class per command (Commands/), and the one place where any failure becomes a line on
/// stderr and exit 1.
/// </summary>
internal static class AgentSetCli
{
    private const string Description = """
    agentset: a KRM function that renders an AgentSet into a Deployment, ConfigMap and Secret per AI coding agent.

    With no command it is a KRM function: a ResourceList (functionConfig: the AgentSet) on stdin, a ResourceList on stdout.

    Examples:
      kpt fn eval . --exec agentset --fn-config agentset.yaml   # once, on a kpt package
      kpt fn render . --allow-exec                               # from a Kptfile pipeline
      kustomize build --enable-alpha-plugins --enable-exec .     # AgentSet listed under generators:
      kubectl kustomize --enable-alpha-plugins .                 # after `agentset kustomize install-plugin`
      agentset render agentset.yaml                              # without kpt or kustomize
      agentset validate agentset.yaml
      agentset checklist agentset.yaml                           # what the cluster needs, first logins
      agentset schema --crd
      agentset migrate values.yaml > agentset.yaml               # from the Helm chart
      agentset policy agentset.yaml --aws                        # each agent's least-privilege S3 policy
    """;

    /// <summary>The root command: the KRM function, and one command per class (Commands/).</summary>
    private static RootCommand Root(FunctionIo io)
    {
        var root = new RootCommand(Description)
        {
            RenderCommand.Create(io),
            ValidateCommand.Create(io),
            ChecklistCommand.Create(io),
            SchemaCommand.Create(io),
            MigrateCommand.Create(io),
            PolicyCommand.Create(io),
            KustomizeCommand.Create(io),
        };
        root.SetAction(_ => KrmCommand.Run(io));
        VersionInfo.Use(root, io);
        return root;
    }

    public static int Run(string[] args, FunctionIo io)
    {
        var root = Root(io);

        // Every failure ends as one line on stderr and exit 1, never a stack trace.
        try
        {
            var parsed = root.Parse(args);
            // A usage error prints the error and the command's help: both go to stderr, so that
            // nothing a pipe would read as output reaches stdout.
            var output = parsed.Errors.Count > 0 ? io.Error : io.Output;
            var exitCode = parsed.Invoke(new InvocationConfiguration { Output = output, Error = io.Error, EnableDefaultExceptionHandler = false });
            io.Output.Flush();
            return exitCode;
        }
        catch (OutputException e)
        {
            return Fail(io, $"error: cannot write to stdout: {IoErrors.Describe(e.InnerException!)}");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A file system error no command expected (a command names the file when it can).
            return Fail(io, $"error: {IoErrors.Describe(e)}");
        }
        catch (OutOfMemoryException)
        {
            return Fail(io, "error: out of memory");
        }
        catch (Exception e)
        {
            return Fail(io, $"error: agentset failed unexpectedly ({e.GetType().Name}); this is a bug, please report it with the input that caused it");
        }
    }

    private static int Fail(FunctionIo io, string message)
    {
        try
        {
            io.Error.WriteLine(message);
        }
        catch (IOException)
        {
            // stderr is unusable as well: the exit code is all that is left.
        }
        return 1;
    }
}
