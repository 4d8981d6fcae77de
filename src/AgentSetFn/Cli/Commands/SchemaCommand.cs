using System.CommandLine;
using AgentSetFn.Api;

namespace AgentSetFn.Cli.Commands;

/// <summary>`agentset schema [--crd]`: the AgentSet's JSON Schema, or the CustomResourceDefinition carrying it.</summary>
internal static class SchemaCommand
{
    public static Command Create(FunctionIo io)
    {
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
        schema.SetAction(parse => Run(parse.GetValue(crdOption), io));
        return schema;
    }

    public static int Run(bool crd, FunctionIo io)
    {
        io.Output.Write(crd ? AgentSetSchema.CustomResourceDefinition() : AgentSetSchema.JsonSchema());
        return 0;
    }
}
