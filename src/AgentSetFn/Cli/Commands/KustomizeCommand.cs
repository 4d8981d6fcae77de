using System.CommandLine;

namespace AgentSetFn.Cli.Commands;

/// <summary>`agentset kustomize`: the group of the exec plugin's two commands.</summary>
internal static class KustomizeCommand
{
    public static Command Create(FunctionIo io) =>
        new("kustomize", "kustomize's exec plugin for the AgentSet kind (kubectl kustomize)")
        {
            KustomizeInstallPluginCommand.Create(io),
            KustomizePluginCommand.Create(io),
        };
}
