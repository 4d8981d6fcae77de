using System.Diagnostics;
using System.Globalization;
using AgentSetBench;

// bench/run.sh builds the function and runs this harness; see docs/performance.md.
//   --aot PATH   the Native AOT binary        --jit PATH   the same build on the JIT runtime
//   --runs N     measured runs per case (after one warm-up; default 7)
//   --smoke      tiny sizes, one run, no figures: proves the benchmark still works (CI)
//   --inputs DIR only write the generated inputs to DIR, kpt packages included (for profiling one case by hand)
if (Array.IndexOf(args, "--inputs") is var at and >= 0 && at + 1 < args.Length)
{
    Directory.CreateDirectory(args[at + 1]);
    foreach (var n in new[] { 1, 10, 100, 1000 }) File.WriteAllText(Path.Combine(args[at + 1], $"agentset-{n}.yaml"), Inputs.AgentSet(n));
    File.WriteAllText(Path.Combine(args[at + 1], "resourcelist.yaml"), Inputs.ResourceList(10, 10_000));
    // The kpt packages of the kpt cases, before their first evaluation.
    foreach (var items in new[] { 100, 10_000 }) Inputs.Package(Path.Combine(args[at + 1], $"pkg-{items}"), agents: 10, items);
    return 0;
}
var options = Options.Parse(args);
var work = Directory.CreateTempSubdirectory("agentset-bench-").FullName;
try
{
    return new Benchmark(options, work).Run();
}
finally
{
    Directory.Delete(work, recursive: true);
}

internal sealed record Options(string Aot, string Jit, int Runs, bool Smoke)
{
    public static Options Parse(string[] args)
    {
        string? Value(string name) => Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length ? args[i + 1] : null;
        var aot = Value("--aot") ?? throw new ArgumentException("--aot PATH is required");
        var jit = Value("--jit") ?? throw new ArgumentException("--jit PATH is required");
        var smoke = args.Contains("--smoke");
        var runs = smoke ? 1 : int.Parse(Value("--runs") ?? "7", CultureInfo.InvariantCulture);
        return new Options(Path.GetFullPath(aot), Path.GetFullPath(jit), runs, smoke);
    }
}

/// <summary>One process run: wall time and peak resident memory.</summary>
internal sealed record Sample(double Seconds, long PeakKb);

internal sealed class Benchmark(Options options, string work)
{
    private readonly List<string> _rows = [];
    private readonly List<string> _targets = [];
    private bool _failed;

    public int Run()
    {
        var smoke = options.Smoke;
        var agentCounts = smoke ? new[] { 1, 10 } : [1, 10, 100, 1000];
        var medians = new Dictionary<int, (Sample Sample, long InputBytes, long OutputBytes)>();
        foreach (var agents in agentCounts)
        {
            var file = Write($"agentset-{agents}.yaml", Inputs.AgentSet(agents));
            var (sample, output) = Median(() => Measure(options.Aot, null, ["render", file], expectDeployments: agents));
            medians[agents] = (sample, new FileInfo(file).Length, output);
            Row($"render, {agents} agent(s), AOT", new FileInfo(file).Length, sample);
        }

        var bigItems = smoke ? 100 : 10_000;
        var list = Write("resourcelist.yaml", Inputs.ResourceList(10, bigItems));
        var (krm, _) = Median(() => Measure(options.Aot, list, [], expectDeployments: 10 + bigItems / 2));
        Row($"KRM, {bigItems:N0} items + 10 agents, AOT", new FileInfo(list).Length, krm);

        // Start-up: the same build, Native AOT vs the JIT runtime, alternating.
        var one = Path.Combine(work, "agentset-1.yaml");
        var (aot, jit) = Alternate(
            () => Measure(options.Aot, null, ["render", one], expectDeployments: 1).Item1,
            () => Measure(options.Jit, null, ["render", one], expectDeployments: 1).Item1);
        Row("render, 1 agent, JIT (same build)", new FileInfo(one).Length, jit);
        Target("start-up: AOT / JIT, 1 agent", aot.Seconds / jit.Seconds, 0.2);

        foreach (var items in smoke ? new[] { 20 } : [100, 10_000])
        {
            var (function, identity) = KptPair(items);
            Row($"kpt fn eval, {items:N0} items + 10 agents, agentset", null, function);
            Row($"kpt fn eval, {items:N0} items + 10 agents, cat", null, identity);
            Target($"kpt with agentset / with cat, {items:N0} items", function.Seconds / identity.Seconds, items <= 100 ? 1.10 : 1.25);
        }

        if (!smoke)
        {
            Target("scaling: 1,000 agents / 10 agents (time)", medians[1000].Sample.Seconds / medians[10].Sample.Seconds, 20);
            Target("memory: peak RSS at 1,000 agents / input size", medians[1000].Sample.PeakKb * 1024.0 / medians[1000].InputBytes, 10);
            var growth = (medians[1000].Sample.PeakKb - medians[1].Sample.PeakKb) * 1024.0;
            Target("memory: RSS growth 1 -> 1,000 agents / input size", growth / medians[1000].InputBytes, 10);
        }

        Console.WriteLine($"agentset benchmark, {DateTime.UtcNow:yyyy-MM-dd}, {Environment.ProcessorCount} cores, {Machine()}");
        Console.WriteLine($"medians of {options.Runs} run(s) after a warm-up{(smoke ? " (smoke: sizes reduced, figures meaningless)" : "")}\n");
        Console.WriteLine("| case | input | median | peak RSS |\n|---|---:|---:|---:|");
        _rows.ForEach(Console.WriteLine);
        Console.WriteLine("\n| target | measured | limit | |\n|---|---:|---:|---|");
        _targets.ForEach(Console.WriteLine);
        // Smoke runs check that every case ran and produced what it should, never the figures.
        return smoke ? 0 : _failed ? 2 : 0;
    }

    private string Write(string name, string text)
    {
        var path = Path.Combine(work, name);
        File.WriteAllText(path, text);
        return path;
    }

    private void Row(string name, long? inputBytes, Sample sample) =>
        _rows.Add($"| {name} | {(inputBytes is { } b ? Size(b) : "")} | {Time(sample.Seconds)} | {sample.PeakKb / 1024.0:F1} MB |");

    private void Target(string name, double measured, double limit)
    {
        var met = measured <= limit;
        if (!options.Smoke) _failed |= !met;
        _targets.Add($"| {name} | {measured:F2} | {limit:F2} | {(options.Smoke ? "smoke" : met ? "met" : "MISSED")} |");
    }

    /// <summary>Two kpt packages with the same files; one evaluated with agentset, one with cat.</summary>
    private (Sample Function, Sample Identity) KptPair(int items)
    {
        var withFunction = Path.Combine(work, $"pkg-{items}-agentset");
        var withCat = Path.Combine(work, $"pkg-{items}-cat");
        foreach (var package in new[] { withFunction, withCat })
        {
            Inputs.Package(package, agents: 10, items);
            // Both packages hold the generated files, so kpt reads and writes the same bytes.
            Kpt(package, options.Aot);
        }
        return Alternate(() => Kpt(withFunction, options.Aot), () => Kpt(withCat, "cat"));
    }

    private static Sample Kpt(string package, string exec)
    {
        var (sample, _) = Measure("kpt", null, ["fn", "eval", package, "--exec", exec, "--fn-config", Path.Combine(package, "agentset.yaml")], expectDeployments: null);
        return sample;
    }

    private (Sample, long) Median(Func<(Sample, long)> run)
    {
        run();
        var samples = Enumerable.Range(0, options.Runs).Select(_ => run()).ToList();
        return (new Sample(MedianOf(samples.Select(s => s.Item1.Seconds)), (long)MedianOf(samples.Select(s => (double)s.Item1.PeakKb))), samples[0].Item2);
    }

    /// <summary>A and B in turns (A B A B ...) after one warm-up each, so drift hits both alike.</summary>
    private (Sample A, Sample B) Alternate(Func<Sample> a, Func<Sample> b)
    {
        a();
        b();
        var samplesA = new List<Sample>();
        var samplesB = new List<Sample>();
        for (var i = 0; i < options.Runs; i++)
        {
            samplesA.Add(a());
            samplesB.Add(b());
        }
        static Sample Mid(List<Sample> s) => new(MedianOf(s.Select(x => x.Seconds)), (long)MedianOf(s.Select(x => (double)x.PeakKb)));
        return (Mid(samplesA), Mid(samplesB));
    }

    /// <summary>
    /// Runs the command under /usr/bin/time (peak RSS of the whole process, %M), feeding
    /// stdinFile when given; checks the exit code and, when asked, how many Deployments came out.
    /// </summary>
    private static (Sample, long) Measure(string file, string? stdinFile, string[] args, int? expectDeployments)
    {
        var timeFile = Path.GetTempFileName();
        var start = new ProcessStartInfo("/usr/bin/time")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var arg in (string[])["-f", "%M", "-o", timeFile, file, .. args]) start.ArgumentList.Add(arg);
        var clock = Stopwatch.StartNew();
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (stdinFile is not null)
        {
            using var input = File.OpenRead(stdinFile);
            input.CopyTo(process.StandardInput.BaseStream);
        }
        process.StandardInput.Close();
        process.WaitForExit();
        clock.Stop();
        var output = stdout.GetAwaiter().GetResult();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{file} {string.Join(' ', args)} exited {process.ExitCode}: {stderr.GetAwaiter().GetResult()}");
        if (expectDeployments is { } expected)
        {
            var deployments = CountOccurrences(output, "\nkind: Deployment\n") + CountOccurrences(output, "\n  kind: Deployment\n")
                + (output.StartsWith("kind: Deployment\n", StringComparison.Ordinal) ? 1 : 0);
            if (deployments != expected)
                throw new InvalidOperationException($"{file} {string.Join(' ', args)}: expected {expected} Deployments, got {deployments}");
        }
        var peakKb = long.Parse(File.ReadAllLines(timeFile).Last(l => l.Length > 0), CultureInfo.InvariantCulture);
        File.Delete(timeFile);
        return (new Sample(clock.Elapsed.TotalSeconds, peakKb), output.Length);
    }

    private static int CountOccurrences(string text, string value)
    {
        var count = 0;
        for (var i = text.IndexOf(value, StringComparison.Ordinal); i >= 0; i = text.IndexOf(value, i + 1, StringComparison.Ordinal)) count++;
        return count;
    }

    private static double MedianOf(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
    }

    private static string Time(double seconds) => seconds < 1 ? $"{seconds * 1000:F1} ms" : $"{seconds:F2} s";

    private static string Size(long bytes) => bytes < 1 << 20 ? $"{bytes / 1024.0:F0} KB" : $"{bytes / 1048576.0:F1} MB";

    private static string Machine()
    {
        var model = File.Exists("/proc/cpuinfo")
            ? File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim()
            : null;
        return model ?? "unknown CPU";
    }
}
