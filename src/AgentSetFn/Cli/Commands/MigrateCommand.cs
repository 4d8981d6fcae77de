using System.CommandLine;
using AgentSetFn.Cli.Migration;
using KrmFn;
using YamlDotNet.RepresentationModel;

namespace AgentSetFn.Cli.Commands;

/// <summary>
/// `agentset migrate VALUES`: the Helm chart's values file as an AgentSet on stdout (see
/// <see cref="HelmValuesMigration"/>), what is not carried over as warnings on stderr.
/// </summary>
internal static class MigrateCommand
{
    public static Command Create(FunctionIo io)
    {
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
        migrate.SetAction(parse => Run(parse.GetValue(valuesArgument)!, parse.GetValue(nameOption)!, parse.GetValue(namespaceOption), io));
        return migrate;
    }

    /// <summary>Read the file, print the AgentSet, notes on stderr.</summary>
    public static int Run(string file, string name, string? ns, FunctionIo io)
    {
        YamlMappingNode values;
        try
        {
            var documents = ResourceListIo.ParseDocuments(InputText.ReadFile(file));
            values = documents.Count == 1 && documents[0] is YamlMappingNode m ? m
                : throw new KrmInputException($"a Helm values file is one YAML mapping, got {documents.Count} document(s)");
        }
        catch (KrmInputException e)
        {
            io.Error.WriteLine($"error: ({file}): {e.Message}");
            return 1;
        }
        var result = HelmValuesMigration.Migrate(values, file, name, ns);
        io.Output.Write(result.AgentSetYaml);
        foreach (var warning in result.NotCarriedOver.Warnings(file)) io.Error.WriteLine(warning);
        return 0;
    }
}
