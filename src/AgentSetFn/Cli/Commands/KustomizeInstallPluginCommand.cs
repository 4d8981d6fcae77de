using System.CommandLine;

namespace AgentSetFn.Cli.Commands;

/// <summary>
/// `agentset kustomize install-plugin [DIR]`: makes this binary the exec plugin kustomize runs for the
/// AgentSet kind (see <see cref="KustomizePluginInstaller"/>).
/// </summary>
internal static class KustomizeInstallPluginCommand
{
    public static Command Create(FunctionIo io)
    {
        var directoryArgument = new Argument<string?>("DIR")
        {
            Description = "Plugin home (default: the one kustomize uses: $KUSTOMIZE_PLUGIN_HOME, else $XDG_CONFIG_HOME/kustomize/plugin, else ~/.config/kustomize/plugin)",
            Arity = ArgumentArity.ZeroOrOne,
        };
        var install = new Command("install-plugin", """
            Install agentset as kustomize's exec plugin for the AgentSet kind, for `kubectl kustomize`
            (which cannot run the config.kubernetes.io/function annotation's exec) and standalone kustomize.
            Run it again after moving the binary. Prints the command line that uses it.

            Example:
              agentset kustomize install-plugin
              kubectl kustomize --enable-alpha-plugins overlays/production | kubectl apply -f -
            """)
        {
            directoryArgument,
        };
        install.SetAction(parse => KustomizePluginInstaller.Install(parse.GetValue(directoryArgument), io));
        return install;
    }
}
