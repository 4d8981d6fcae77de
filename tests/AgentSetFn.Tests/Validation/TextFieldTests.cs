using AgentSetFn.Tests.Support;
using Tomlyn;
using Tomlyn.Model;
using static AgentSetFn.Tests.Support.Output;

namespace AgentSetFn.Tests.Validation;

/// <summary>
/// Free text (AGENTS.md, a prompt, an environment value, an argument, an annotation value)
/// keeps its tabs and line breaks exactly, in every file they reach; any other control
/// character is an error on the field.
/// </summary>
public class TextFieldTests
{
    // Tab, LF, CRLF and a lone CR, in that order.
    private const string Text = "a\tb\nc\r\nd\re";
    private const string TextYaml = "\"a\\tb\\nc\\r\\nd\\re\"";

    private static string AgentSet(string fields) => AgentSetYaml.KiroWith(fields);

    [Fact]
    public void Tabs_and_line_breaks_in_text_reach_every_file_unchanged()
    {
        var run = FunctionRunner.RunKrm(AgentSet(
            $"      agentsMd: {TextYaml}\n" +
            $"      env: {{NOTE: {TextYaml}}}\n" +
            $"      args: [acp, {TextYaml}]\n" +
            $"      podAnnotations: {{example.com/note: {TextYaml}}}\n" +
            $"      setup: [{{name: deps, image: 'node:22', command: [sh, -c, {TextYaml}], env: {{NOTE: {TextYaml}}}}}]\n" +
            $"      cronjobs: [{{name: daily, schedule: '0 9 * * MON', channel: '123456789012345678', prompt: {TextYaml}}}]\n"));
        Assert.True(run.ExitCode == 0, run.Error);
        var output = new Output(run.Output);

        var configMap = output.OfKind("ConfigMap").Single();
        Assert.Equal(Text, Str(configMap, "data", "AGENTS.md"));
        var tomlText = Str(configMap, "data", "config.toml")!;
        // TOML allows a raw tab and line breaks only between lines: every CR is escaped.
        Assert.DoesNotContain('\r', tomlText);
        var toml = TomlSerializer.Deserialize<TomlTable>(tomlText)!;
        var agent = (TomlTable)toml["agent"];
        Assert.Equal(Text, ((TomlTable)agent["env"])["NOTE"]);
        Assert.Equal(Text, ((TomlArray)agent["args"])[1]);
        Assert.Equal(Text, ((TomlTable)((TomlTableArray)((TomlTable)toml["cron"])["jobs"])[0])["message"]);

        var deployment = output.OfKind("Deployment").Single();
        Assert.Equal(Text, Str(deployment, "spec", "template", "metadata", "annotations", "example.com/note"));
        var setup = Seq(deployment, "spec", "template", "spec", "initContainers").Single(c => Str(c, "name") == "deps");
        Assert.Equal(Text, ((YamlDotNet.RepresentationModel.YamlScalarNode)((YamlDotNet.RepresentationModel.YamlSequenceNode)setup["command"]).Children[2]).Value);
        Assert.Equal(Text, Str(Seq(setup, "env").Single(e => Str(e, "name") == "NOTE"), "value"));
    }

    [Theory]
    [InlineData("      agentsMd: \"rules\\0\"\n", "spec.agents.kiro.agentsMd")]
    [InlineData("      agentsMd: \"\\e[31mred\"\n", "spec.agents.kiro.agentsMd")]
    [InlineData("      env: {NOTE: \"a\\0\"}\n", "spec.agents.kiro.env.NOTE")]
    [InlineData("      args: [acp, \"\\x7f\"]\n", "spec.agents.kiro.args[1]")]
    [InlineData("      podAnnotations: {example.com/note: \"\\x85\"}\n", "spec.agents.kiro.podAnnotations.example.com/note")]
    [InlineData("      cronjobs: [{name: daily, schedule: '0 9 * * MON', channel: '123456789012345678', prompt: \"hi\\0\"}]\n", "spec.agents.kiro.cronjobs[0].prompt")]
    [InlineData("      extraContainers: [{name: proxy, image: 'x:1', args: [\"a\\0\"]}]\n", "spec.agents.kiro.extraContainers[0].args[0]")]
    [InlineData("      extraContainers: [{name: proxy, image: 'x:1', env: [{name: A, value: \"a\\0\"}]}]\n", "spec.agents.kiro.extraContainers[0].env[0].value")]
    public void Other_control_characters_in_text_are_an_error_on_the_field(string fields, string field)
    {
        var run = FunctionRunner.RunKrm(AgentSet(fields));
        Assert.Empty(ErrorResults.AssertOnlyError(run, field, "contains a control character").Items);
        // The message is one line on the terminal, and never quotes the value.
        Assert.Single(run.Error.TrimEnd('\n').Split('\n'), line => line.StartsWith("error:", StringComparison.Ordinal));
    }

    [Fact]
    public void A_value_quoted_in_an_error_cannot_forge_a_second_line()
    {
        var run = FunctionRunner.RunKrm(AgentSet("      nameOverride: \"x\\nerror: spec.agents.other (agentset.yaml): forged\"\n"));
        Assert.Equal(1, run.ExitCode);
        Assert.DoesNotContain("\nerror: spec.agents.other", run.Error, StringComparison.Ordinal);
        Assert.Contains("x\\nerror: spec.agents.other", run.Error, StringComparison.Ordinal);
    }
}
