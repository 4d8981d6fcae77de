using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace AgentSetFn.Tests.Support;

/// <summary>
/// YAML readers other than YamlDotNet, run as the tools that read the function's output do:
/// PyYAML (YAML 1.1 resolution) and kubectl (Go's YAML reader, then JSON; client-side only, no
/// API server). scripts/test.sh installs PyYAML when it is missing; kubectl is required.
/// </summary>
internal static class OtherYamlReaders
{
    // Every document of every file as JSON, one line per file. What JSON cannot say the same way
    // (keys that are no strings, dates, infinities) becomes a marker that equals no string.
    private const string PyYamlToJson = """
        import json, math, sys, yaml
        def norm(v):
            if isinstance(v, dict):
                return {(k if isinstance(k, str) else "<key %s %r>" % (type(k).__name__, k)): norm(x) for k, x in v.items()}
            if isinstance(v, list): return [norm(x) for x in v]
            if v is None or isinstance(v, (bool, str, int)): return v
            if isinstance(v, float) and math.isfinite(v): return v
            return "<%s %r>" % (type(v).__name__, v)
        for path in sys.argv[1:]:
            with open(path, encoding="utf-8") as f:
                try: docs = [norm(d) for d in yaml.load_all(f, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))]
                except Exception as e: docs = "<error %s>" % str(e).replace("\n", " ")
            print(json.dumps(docs))
        """;

    private static readonly Lazy<string> Python = new(FindPython);

    // The python3 on PATH, or Debian's, whichever has PyYAML (Debian's python3-yaml installs
    // into /usr/bin/python3 when PATH leads to another interpreter).
    private static string FindPython()
    {
        foreach (var candidate in new[] { "python3", "/usr/bin/python3" })
        {
            try
            {
                if (Run(candidate, ["-c", "import yaml"]).Exit == 0) return candidate;
            }
            catch (System.ComponentModel.Win32Exception)
            {
                // not installed under this name
            }
        }
        throw new InvalidOperationException("no python3 with PyYAML: scripts/test.sh installs Debian's python3-yaml");
    }

    /// <summary>The documents of each file as PyYAML reads them, as JSON; a string for a file it refused.</summary>
    public static List<JsonNode?> PyYaml(IReadOnlyList<string> files)
    {
        var (exit, output, error) = Run(Python.Value, ["-c", PyYamlToJson, .. files]);
        Assert.True(exit == 0, $"PyYAML: {error}");
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(files.Count, lines.Length);
        return [.. lines.Select(line => JsonNode.Parse(line))];
    }

    /// <summary>The documents PyYAML read from one file; fails with PyYAML's error if it refused the file.</summary>
    public static JsonArray Documents(JsonNode? file, string what) =>
        file as JsonArray ?? throw new Xunit.Sdk.XunitException($"PyYAML refused {what}: {file}");

    /// <summary>
    /// The objects of a file as kubectl reads them (`kubectl label --local`: decoded to JSON, not
    /// to Go types, so every object kind is read): exit code, objects (with the label), stderr.
    /// </summary>
    public static (int Exit, List<JsonObject> Objects, string Error) KubectlRead(string file)
    {
        var (exit, output, error) = Run("kubectl", ["label", "--local", "-f", file, $"{CheckLabel}=x", "-o", "json"]);
        if (exit != 0) return (exit, [], error);
        return (exit, [.. JsonValues(output).SelectMany(Objects)], error);
    }

    /// <summary>The label <see cref="KubectlRead"/> adds to every object.</summary>
    public const string CheckLabel = "agentset-check";

    /// <summary>
    /// Pod-carrying objects decoded into kubectl's Go types (`kubectl set env --local`): a string
    /// field holding a number or bool fails here, as `kubectl apply` would.
    /// </summary>
    public static (int Exit, List<JsonObject> Objects, string Error) KubectlDecodeTyped(string file)
    {
        var (exit, output, error) = Run("kubectl", ["set", "env", "--local", "-f", file, "AGENTSET_CHECK=x", "-o", "json"]);
        return (exit, exit == 0 ? [.. JsonValues(output).SelectMany(Objects)] : [], error);
    }

    // kubectl prints one JSON value per file, a List for a file of several objects.
    private static IEnumerable<JsonObject> Objects(JsonNode value) =>
        (string?)value["kind"] == "List" && value["items"] is JsonArray items ? items.Select(i => i!.AsObject()) : [value.AsObject()];

    private static List<JsonNode> JsonValues(string text)
    {
        var reader = new Utf8JsonReader(System.Text.Encoding.UTF8.GetBytes(text), new JsonReaderOptions { AllowMultipleValues = true });
        var values = new List<JsonNode>();
        while (reader.Read()) values.Add(JsonNode.Parse(ref reader)!);
        return values;
    }

    private static (int Exit, string Output, string Error) Run(string file, string[] args)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in args) start.ArgumentList.Add(arg);
        // No cluster: kubectl must not look for one.
        start.Environment["KUBECONFIG"] = "/dev/null";
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromSeconds(60)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{file} {string.Join(' ', args.Take(3))} did not finish in 60 s");
        }
        return (process.ExitCode, output.Result, error.Result);
    }
}
