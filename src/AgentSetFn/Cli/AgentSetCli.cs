using System.CommandLine;

namespace AgentSetFn.Cli;

/// <summary>The command line: KRM function by default, `render` and `validate` for files.</summary>
internal static class AgentSetCli
{
    public static int Run(string[] args, FunctionIo io)
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
        render.SetAction(parse => FileCommands.Render(parse.GetValue(filesArgument)!, parse.GetValue(outputOption), parse.GetValue(includeResourcesOption), io));

        var validateFiles = new Argument<string[]>("paths") { Description = "AgentSet files or directories", Arity = ArgumentArity.OneOrMore };
        var validate = new Command("validate", """
            Check AgentSet files; print every problem and exit 1 if any.

            Example:
              agentset validate agentset.yaml
            """)
        {
            validateFiles,
        };
        validate.SetAction(parse => FileCommands.Validate(parse.GetValue(validateFiles)!, io));

        var crdOption = new Option<bool>("--crd") { Description = "Print a CustomResourceDefinition (openAPIV3Schema) instead of the JSON Schema" };
        var schema = new Command("schema", """
            Print the AgentSet schema, for editors and validators.

            Examples:
              agentset schema > agentset.schema.json    # yaml-language-server, kubeconform -schema-location
              agentset schema --crd > agentset-crd.yaml # kubectl apply, or kubeconform with a CRD catalog
            """)
        {
            crdOption,
        };
        schema.SetAction(parse => FileCommands.Schema(parse.GetValue(crdOption), io));

        var valuesArgument = new Argument<string>("values") { Description = "The openab (or agent-broker) Helm chart's values file" };
        var nameOption = new Option<string>("--name") { Description = "metadata.name of the AgentSet (prefixes every object's name)", DefaultValueFactory = _ => "agents" };
        var namespaceOption = new Option<string?>("--namespace", "-n") { Description = "metadata.namespace of the AgentSet" };
        var migrate = new Command("migrate", """
            Convert a Helm chart values file (single-agent `agent:` form or `agents:` map) into an AgentSet.
            Secrets are never copied (they become Secret references); a chat ID the chart could not use is
            kept, so validation says what to fill in; everything not carried over is listed in comments and on stderr.

            Example:
              agentset migrate values.yaml --name team -n agents > agentset.yaml
            """)
        {
            valuesArgument,
            nameOption,
            namespaceOption,
        };
        migrate.SetAction(parse => HelmValuesMigration.Run(parse.GetValue(valuesArgument)!, parse.GetValue(nameOption)!, parse.GetValue(namespaceOption), io));

        var root = new RootCommand("""
            agentset: a KRM function that renders an AgentSet into a Deployment, ConfigMap and Secret per AI coding agent.

            With no command it is a KRM function: a ResourceList (functionConfig: the AgentSet) on stdin, a ResourceList on stdout.

            Examples:
              kpt fn eval . --exec agentset --fn-config agentset.yaml   # once, on a kpt package
              kpt fn render . --allow-exec                               # from a Kptfile pipeline
              kustomize build --enable-alpha-plugins --enable-exec .     # AgentSet listed under generators:
              kubectl kustomize --enable-alpha-plugins .                 # after `agentset kustomize install-plugin`
              agentset render agentset.yaml                              # without kpt or kustomize
              agentset validate agentset.yaml
              agentset schema --crd
              agentset migrate values.yaml > agentset.yaml               # from the Helm chart
            """)
        {
            render,
            validate,
            schema,
            migrate,
            KustomizePluginCommand.Create(io),
        };
        root.SetAction(_ => KrmCommand.Run(io));

        // Every failure ends as one line on stderr and exit 1, never a stack trace.
        try
        {
            var exitCode = root.Parse(args).Invoke(new InvocationConfiguration { Output = io.Output, Error = io.Error, EnableDefaultExceptionHandler = false });
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
