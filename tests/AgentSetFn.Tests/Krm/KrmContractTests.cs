using KrmFn;
using AgentSetFn.Tests.Support;
using YamlDotNet.RepresentationModel;
using static AgentSetFn.Tests.Support.Output;

namespace AgentSetFn.Tests.Krm;

/// <summary>The KRM Functions Specification, as this function keeps it.</summary>
public class KrmContractTests
{
    private static readonly string Kiro = FunctionRunner.Fixture("kiro");

    private const string UserConfigMap = """
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: web
          labels: {tier: 'web', "quoted": "yes"}
          annotations:
            config.kubernetes.io/path: app/web.yaml
            config.kubernetes.io/index: '0'
        data:
          script: |
            #!/bin/sh
            echo "hi"
          octal: '010'
          flow: [a, 'b', "c"]
        """;

    private static string Emit(YamlNode node) => ResourceListIo.Emit([node]);

    [Fact]
    public void Items_it_does_not_own_come_back_as_the_same_yaml_with_their_styles()
    {
        var run = FunctionRunner.RunKrm(Kiro, UserConfigMap);
        Assert.Equal(0, run.ExitCode);
        var output = new Output(run.Output);

        var passed = output.Single("ConfigMap", "web");
        Assert.Equal(Emit(ResourceListIo.ParseDocuments(UserConfigMap)[0]), Emit(passed));
        Assert.Contains("labels: {tier: 'web', \"quoted\": \"yes\"}", run.Output, StringComparison.Ordinal);
        Assert.Contains("flow: [a, 'b', \"c\"]", run.Output, StringComparison.Ordinal);
        Assert.Equal(0, output.Items.ToList().FindIndex(i => Str(i, "metadata", "name") == "web"));
    }

    [Fact]
    public void Items_this_set_owns_are_replaced_and_other_sets_items_are_kept()
    {
        const string stale = """
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: bots-removed-agent
              annotations: {agentset.dev/owned-by: /bots, agentset.dev/agent: removed-agent, config.kubernetes.io/path: bots/removed-agent/deployment.yaml}
            spec: {}
            """;
        const string otherSet = """
            apiVersion: v1
            kind: ConfigMap
            metadata:
              name: other-kiro
              annotations: {agentset.dev/owned-by: /other}
            """;
        var output = new Output(FunctionRunner.RunKrm(Kiro, stale, otherSet).Output);

        Assert.DoesNotContain(output.Items, i => Str(i, "metadata", "name") == "bots-removed-agent");
        Assert.Single(output.Items, i => Str(i, "metadata", "name") == "other-kiro");
        Assert.Single(output.OfKind("Deployment"));

        // Feeding the output back in gives the same output: re-rendering is idempotent.
        var again = FunctionRunner.Run(ResourceListFromOutput(output, Kiro));
        Assert.Equal(ResourceListIo.Emit([new YamlSequenceNode(output.Items)]),
            ResourceListIo.Emit([new YamlSequenceNode(new Output(again.Output).Items)]));
    }

    [Fact]
    public void Generated_objects_get_package_paths_and_no_functionConfig_annotations()
    {
        var withLocalConfig = Kiro.Replace("  name: bots", "  name: bots\n  annotations:\n    config.kubernetes.io/local-config: \"true\"", StringComparison.Ordinal);
        var output = new Output(FunctionRunner.Run(FunctionRunner.ResourceList(withLocalConfig, "deploy/agentset.yaml")).Output);
        var deployment = output.Single("Deployment", "bots-kiro");
        Assert.Equal("deploy/bots/kiro/deployment.yaml", Str(deployment, "metadata", "annotations", "config.kubernetes.io/path"));
        Assert.Equal("deploy/bots/kiro/deployment.yaml", Str(deployment, "metadata", "annotations", "internal.config.kubernetes.io/path"));
        Assert.Equal("0", Str(deployment, "metadata", "annotations", "config.kubernetes.io/index"));
        foreach (var item in output.Items)
            Assert.Null(Str(item, "metadata", "annotations", "config.kubernetes.io/local-config"));
        Assert.Equal(output.Items.Count, output.Items.Select(i => Str(i, "metadata", "annotations", "config.kubernetes.io/path")).Distinct().Count());
    }

    [Fact]
    public void An_error_returns_the_input_items_untouched_with_results_and_exit_1()
    {
        var broken = Kiro.Replace("bucket: agent-logins", "bucket: \"\"", StringComparison.Ordinal);
        var run = FunctionRunner.RunKrm(broken, UserConfigMap);

        Assert.Equal(1, run.ExitCode);
        var output = new Output(run.Output);
        Assert.Equal(Emit(ResourceListIo.ParseDocuments(UserConfigMap)[0]), Emit(Assert.Single(output.Items)));
        var error = Assert.Single(output.ResultsOf("error"));
        Assert.Equal("spec.agents.kiro.persistence.s3.bucket", Str(error, "field", "path"));
        Assert.Equal("agentset.yaml", Str(error, "file", "path"));
        Assert.Equal("AgentSet", Str(error, "resourceRef", "kind"));
        Assert.Equal("bots", Str(error, "resourceRef", "name"));
        Assert.Contains("spec.agents.kiro.persistence.s3.bucket", run.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("", "stdin is empty")]
    [InlineData("not: [valid", "not valid YAML")]
    [InlineData("apiVersion: v1\nkind: List\nitems: []\n", "kind is 'List'")]
    [InlineData("apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems: []\n", "no functionConfig")]
    [InlineData("apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems: []\nfunctionConfig: {apiVersion: v1, kind: ConfigMap, metadata: {name: x}, data: {a: b}}\n", "needs an AgentSet")]
    public void Unusable_input_is_an_error_result_and_exit_1(string stdin, string expected)
    {
        var run = FunctionRunner.Run(stdin);
        Assert.Equal(1, run.ExitCode);
        var error = Assert.Single(new Output(run.Output).ResultsOf("error"));
        Assert.Contains(expected, Str(error, "message"), StringComparison.Ordinal);
    }

    [Fact]
    public void Warnings_exit_0_and_are_reported_in_results()
    {
        var run = FunctionRunner.RunKrm(FunctionRunner.Fixture("inline-token"));
        Assert.Equal(0, run.ExitCode);
        var warning = Assert.Single(new Output(run.Output).ResultsOf("warning"));
        Assert.Equal("spec.agents.kiro.discord.botToken", Str(warning, "field", "path"));
        Assert.DoesNotContain("not-a-real-token", Str(warning, "message"), StringComparison.Ordinal);
    }

    private static string ResourceListFromOutput(Output output, string agentSet)
    {
        var list = (YamlMappingNode)ResourceListIo.ParseDocuments(FunctionRunner.ResourceList(agentSet))[0];
        list.Children[new YamlScalarNode("items")] = new YamlSequenceNode(output.Items);
        return ResourceListIo.Emit([list]);
    }
}
