using System.Text;
using AgentSetFn.Tests.Support;
using static AgentSetFn.Tests.Support.Output;

namespace AgentSetFn.Tests.Validation;

/// <summary>
/// Sizes the API server refuses (a ConfigMap or Secret over 1 MiB of data, annotations over
/// 256 KiB) are errors when rendering, not surprises at apply time. Each limit is checked at
/// its exact edge, counted as the API server counts: UTF-8 bytes of the values (ConfigMap and
/// Secret), of keys and values (annotations).
/// </summary>
public class KubernetesLimitsTests
{
    private const int DataLimit = 1024 * 1024;
    private const int AnnotationsLimit = 256 * 1024;

    private static string Kiro => FunctionRunner.Fixture("kiro");

    /// <summary>The kiro fixture with lines added to the agent (six-space indent).</summary>
    private static string WithAgentFields(string fields) => AgentSetYaml.KiroWith(fields);

    private static string Edit(string find, string replace)
    {
        Assert.Contains(find, Kiro, StringComparison.Ordinal);
        return Kiro.Replace(find, replace, StringComparison.Ordinal);
    }

    private static string Quoted(string text) => "\"" + text + "\"";

    private static RunResult Run(string agentSet)
    {
        var run = FunctionRunner.RunKrm(agentSet);
        Assert.True(run.ExitCode is 0 or 1, run.Error);
        return run;
    }

    private static int Utf8(string text) => Encoding.UTF8.GetByteCount(text);

    /// <summary>The bytes of the rendered ConfigMap's data without AGENTS.md (config.toml).</summary>
    private static int ConfigTomlBytes()
    {
        var run = Run(Kiro);
        Assert.Equal(0, run.ExitCode);
        var configMap = new Output(run.Output).Items.Single(i => Str(i, "kind") == "ConfigMap");
        return Utf8(Str(configMap, "data", "config.toml")!);
    }

    [Fact]
    public void A_ConfigMap_up_to_1_MiB_renders_and_one_byte_more_is_an_error_on_agentsMd()
    {
        var room = DataLimit - ConfigTomlBytes();

        var fits = Run(WithAgentFields($"      agentsMd: {Quoted(new string('a', room))}\n"));
        Assert.Equal(0, fits.ExitCode);
        var configMap = new Output(fits.Output).Items.Single(i => Str(i, "kind") == "ConfigMap");
        Assert.Equal(DataLimit, Utf8(Str(configMap, "data", "config.toml")!) + Utf8(Str(configMap, "data", "AGENTS.md")!));

        var over = Run(WithAgentFields($"      agentsMd: {Quoted(new string('a', room + 1))}\n"));
        AssertError(over, "spec.agents.kiro.agentsMd", $"{DataLimit + 1} bytes", "1048576");
    }

    [Fact]
    public void The_ConfigMap_size_counts_UTF8_bytes_not_characters()
    {
        var room = DataLimit - ConfigTomlBytes();
        // Half as many characters as bytes: fits by characters, not by bytes.
        var text = new string('é', room / 2 + 1);
        Assert.True(text.Length < room);
        AssertError(Run(WithAgentFields($"      agentsMd: {Quoted(text)}\n")), "spec.agents.kiro.agentsMd", "1048576");
    }

    [Fact]
    public void Pod_annotations_up_to_256_KiB_render_and_one_byte_more_is_an_error()
    {
        // What the function adds (the config hash) counts too: measure it on a rendered pod.
        var small = Run(WithAgentFields("      podAnnotations: {example.com/note: x}\n"));
        Assert.Equal(0, small.ExitCode);
        var deployment = new Output(small.Output).Items.Single(i => Str(i, "kind") == "Deployment");
        var annotations = (YamlDotNet.RepresentationModel.YamlMappingNode)deployment["spec"]["template"]["metadata"]["annotations"];
        var used = annotations.Children.Sum(kv => Utf8(kv.Key.ToString()) + Utf8(kv.Value.ToString()));
        var room = AnnotationsLimit - used + 1; // the 1 of "x"

        Assert.Equal(0, Run(WithAgentFields($"      podAnnotations: {{example.com/note: {Quoted(new string('x', room))}}}\n")).ExitCode);
        AssertError(Run(WithAgentFields($"      podAnnotations: {{example.com/note: {Quoted(new string('x', room + 1))}}}\n")),
            "spec.agents.kiro.podAnnotations", "262144");
    }

    [Fact]
    public void Many_pod_annotations_count_their_keys_too()
    {
        // 3,000 keys of 9 to 12 bytes with 80-byte values: about 275 KiB, over the limit only with the keys.
        var entries = string.Join(", ", Enumerable.Range(0, 3000).Select(i => $"a{i:D4}.io/k: {new string('v', 80)}"));
        AssertError(Run(WithAgentFields($"      podAnnotations: {{{entries}}}\n")), "spec.agents.kiro.podAnnotations", "262144");
    }

    [Fact]
    public void A_Secret_over_1_MiB_of_inline_tokens_is_an_error_that_does_not_quote_them()
    {
        var token = "T" + new string('k', DataLimit);
        var run = Run(Edit("botTokenSecretRef: {name: discord-kiro, key: token}", $"botToken: {token}"));
        AssertError(run, "spec.agents.kiro", "Secret", $"{DataLimit + 1} bytes", "1048576");
        Assert.DoesNotContain(new string('k', 64), run.Output, StringComparison.Ordinal);
        Assert.DoesNotContain(new string('k', 64), run.Error, StringComparison.Ordinal);
    }

    private static void AssertError(RunResult run, string field, params string[] fragments)
    {
        Assert.True(run.ExitCode == 1, $"expected exit 1, got {run.ExitCode}\n{run.Error}");
        var output = new Output(run.Output);
        Assert.Empty(output.Items);
        var errors = output.ResultsOf("error").Where(e => Str(e, "field", "path") == field).ToList();
        Assert.True(errors.Count == 1, $"no single error at {field}:\n{run.Error}");
        foreach (var fragment in fragments)
            Assert.Contains(fragment, Str(errors[0], "message"), StringComparison.Ordinal);
        Assert.Equal("agentset.yaml", Str(errors[0], "file", "path"));
    }
}
