using AgentSetFn.Tests.Support;

namespace AgentSetFn.Tests.Rendering;

/// <summary>Behaviour of the fields beyond the Helm chart that the golden fixtures do not show on their own.</summary>
public class BeyondTheChartTests
{
    private static RunResult Run(string spec, string agent) => FunctionRunner.RunKrm(AgentSetYaml.OneAgent("kiro", agent, spec));

    [Fact]
    public void HostPath_with_the_policy_renders_with_a_warning()
    {
        var run = Run("  policy: {allowHostPath: true}", "      volumes: [{name: host, mountPath: /host, readOnly: true, source: {hostPath: {path: /var/log}}}]");

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("path: /var/log", run.Output, StringComparison.Ordinal);
        Assert.Contains("mounts a directory of the node", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Relaxing_the_hardened_security_context_renders_what_was_asked_with_a_warning()
    {
        var run = Run("", "      containerSecurityContext: {readOnlyRootFilesystem: false, allowPrivilegeEscalation: true}");

        Assert.Equal(0, run.ExitCode);
        var output = new Output(run.Output);
        var warning = Assert.Single(output.ResultsOf("warning"), r => Output.Str(r, "field", "path") == "spec.agents.kiro.containerSecurityContext");
        Assert.Contains("allows privilege escalation", Output.Str(warning, "message"), StringComparison.Ordinal);
        var agent = Output.Seq(output.Single("Deployment", "team-kiro"), "spec", "template", "spec", "containers").First();
        Assert.Equal("false", Output.Str(agent, "securityContext", "readOnlyRootFilesystem"));
        Assert.Equal("true", Output.Str(agent, "securityContext", "allowPrivilegeEscalation"));
        // What was not relaxed stays hardened.
        Assert.Equal("true", Output.Str(agent, "securityContext", "runAsNonRoot"));
    }

    [Fact]
    public void HostPath_without_the_policy_is_an_error()
    {
        var run = Run("", "      volumes: [{name: host, mountPath: /host, source: {hostPath: {path: /var/log}}}]");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("spec.policy.allowHostPath", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void A_disabled_agent_renders_nothing_and_says_so_when_none_is_left()
    {
        var run = Run("", "      enabled: false");

        Assert.Equal(0, run.ExitCode);
        Assert.DoesNotContain("kind: Deployment", run.Output, StringComparison.Ordinal);
        Assert.Contains("every agent has enabled: false", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Defaults_merge_maps_and_the_agent_wins_on_scalars()
    {
        var run = Run("  defaults:\n    enabled: false\n    podLabels: {team: platform, tier: a}\n    priorityClassName: low",
            "      enabled: true\n      podLabels: {tier: b}\n      priorityClassName: high");

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("team: platform", run.Output, StringComparison.Ordinal);
        Assert.Contains("tier: b", run.Output, StringComparison.Ordinal);
        Assert.Contains("priorityClassName: high", run.Output, StringComparison.Ordinal);
        Assert.Contains("claimName: kiro-home", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void The_git_token_is_never_in_an_argument_or_the_url()
    {
        var run = FunctionRunner.RunKrm(FunctionRunner.Fixture("workspace-setup"));

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("credential.helper", run.Output, StringComparison.Ordinal);
        Assert.Contains("value: https://github.com/example/service.git", run.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("GITHUB_TOKEN\n", run.Output.Replace("key: GITHUB_TOKEN\n", "", StringComparison.Ordinal), StringComparison.Ordinal);
    }
}
