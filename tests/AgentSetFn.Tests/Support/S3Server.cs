using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Xml.Linq;

namespace AgentSetFn.Tests.Support;

/// <summary>
/// A real S3 server on loopback for the persistence tests: s3rver (npm, installed into
/// tests/tools by scripts/test.sh) on a free port with a temporary data directory, one per
/// test class (an xunit class fixture). It can be stopped and started again on the same port
/// and data, to play an S3 outage.
///
/// s3rver knows one key pair, S3RVER/S3RVER. It rejects an unknown access key id, but does not
/// verify SigV4 signatures, so a wrong secret key goes unnoticed here (real S3 rejects it).
///
/// The tests inspect the bucket through the S3 REST API with plain anonymous HTTP (s3rver allows
/// it): independent of the AWS CLI under test, and no Python start-up per look.
/// </summary>
public sealed class S3Server : IDisposable
{
    public const string AccessKeyId = "S3RVER";
    public const string SecretAccessKey = "S3RVER";

    private static readonly XNamespace S3Xml = "http://doc.s3.amazonaws.com/2006-03-01/";

    private readonly string _data = Directory.CreateTempSubdirectory("agentset-s3rver-").FullName;
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(30) };
    private Process? _process;
    private int _buckets;

    public int Port { get; } = FreePort();

    /// <summary>The endpoint as an AgentSet would name an in-cluster MinIO: an http URL with a port.</summary>
    public string Endpoint => $"http://127.0.0.1:{Port}";

    public S3Server()
    {
        PersistenceTools.RequireAll();
        Start();
    }

    public void Start()
    {
        if (_process is not null) throw new InvalidOperationException("s3rver is already running");
        var start = new ProcessStartInfo("node") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { PersistenceTools.S3rverScript, "-d", _data, "-p", Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--address", "127.0.0.1", "--silent" })
            start.ArgumentList.Add(arg);
        _process = Process.Start(start)!;
        _process.OutputDataReceived += (_, _) => { };
        _process.ErrorDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();

        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            if (_process.HasExited) throw new InvalidOperationException($"s3rver exited with {_process.ExitCode} on start (port {Port})");
            try
            {
                using var response = _http.GetAsync(new Uri(Endpoint + "/")).GetAwaiter().GetResult();
                if (response.IsSuccessStatusCode) return;
            }
            catch (HttpRequestException) { }
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"s3rver did not answer on {Endpoint} within 30s");
            Thread.Sleep(100);
        }
    }

    /// <summary>Stops the server; the port refuses connections until <see cref="Start"/>.</summary>
    public void Stop()
    {
        if (_process is null) return;
        _process.Kill(entireProcessTree: true);
        _process.WaitForExit();
        _process.Dispose();
        _process = null;
    }

    public void Dispose()
    {
        Stop();
        _http.Dispose();
        Directory.Delete(_data, recursive: true);
    }

    /// <summary>A new empty bucket with a name no other test in this class uses.</summary>
    public string CreateBucket()
    {
        var name = $"bucket-{Interlocked.Increment(ref _buckets)}";
        using var response = _http.PutAsync(new Uri($"{Endpoint}/{name}"), null).GetAwaiter().GetResult();
        response.EnsureSuccessStatusCode();
        return name;
    }

    /// <summary>Every key under the prefix, relative to it, in ordinal order.</summary>
    public IReadOnlyList<string> Keys(string bucket, string prefix)
    {
        var query = $"{Endpoint}/{bucket}?list-type=2&max-keys=1000&prefix={Uri.EscapeDataString(prefix + "/")}";
        var xml = XDocument.Parse(_http.GetStringAsync(new Uri(query)).GetAwaiter().GetResult());
        Assert.Equal("false", xml.Root!.Element(S3Xml + "IsTruncated")?.Value);
        return xml.Root.Elements(S3Xml + "Contents")
            .Select(c => c.Element(S3Xml + "Key")!.Value[(prefix.Length + 1)..])
            .Order(StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>Every object under the prefix with its bytes, keyed relative to the prefix. Not while a backup runs (see <see cref="Object"/>).</summary>
    public Dictionary<string, byte[]> Objects(string bucket, string prefix) =>
        Keys(bucket, prefix).ToDictionary(key => key, key => Object(bucket, $"{prefix}/{key}") ?? throw new InvalidOperationException($"{key} vanished"), StringComparer.Ordinal);

    /// <summary>
    /// One object's bytes, or null when it is missing. s3rver replaces an object by deleting and
    /// writing it, so a read racing a backup can briefly see it missing, or fail with a 500 while
    /// its file is half written, or cut the answer short (real S3 replaces atomically): all read as "not there yet".
    /// </summary>
    public byte[]? Object(string bucket, string key)
    {
        var path = string.Join('/', key.Split('/').Select(Uri.EscapeDataString));
        HttpResponseMessage answer;
        try
        {
            answer = _http.GetAsync(new Uri($"{Endpoint}/{bucket}/{path}")).GetAwaiter().GetResult();
        }
        catch (HttpRequestException e) when (e.InnerException is HttpIOException)
        {
            return null;
        }
        using var response = answer;
        if (response.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.InternalServerError) return null;
        response.EnsureSuccessStatusCode();
        return response.Content.ReadAsByteArrayAsync().GetAwaiter().GetResult();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

/// <summary>
/// The tools the persistence tests need. Missing ones fail the tests with the command that
/// installs them: these tests never skip.
/// </summary>
internal static class PersistenceTools
{
    /// <summary>Debian's awscli package: the same AWS CLI v2 release as the pinned container image.</summary>
    public const string Aws = "/usr/bin/aws";

    /// <summary>
    /// The PATH the scripts run with. /usr/bin first: a developer's PATH may find an AWS CLI v1
    /// (pip, pyenv) before Debian's v2, and the scripts must meet the CLI the image ships.
    /// </summary>
    public const string ScriptPath = "/usr/bin:/bin";

    public static string S3rverScript => Path.Combine(Repo.Root, "tests", "tools", "node_modules", "s3rver", "bin", "s3rver.js");

    private static readonly Lazy<string?> Problem = new(FindProblem);

    public static void RequireAll()
    {
        if (Problem.Value is { } problem) Assert.Fail(problem + " (scripts/test.sh installs it; the persistence tests do not skip)");
    }

    private static string? FindProblem()
    {
        if (!File.Exists(S3rverScript))
            return $"s3rver is not installed at {S3rverScript}: run `npm ci --prefix tests/tools`";
        try
        {
            var node = Binary.Exec("node", null, null, "--version");
            if (node.ExitCode != 0) return "`node --version` failed: " + node.Error;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return "node is not on PATH: install Node.js (apt-get install -y nodejs npm)";
        }
        if (!File.Exists(Aws)) return $"the AWS CLI v2 is not installed at {Aws}: apt-get install -y awscli";
        var version = Binary.Exec(Aws, null, null, "--version");
        return version.ExitCode == 0 && version.Output.StartsWith("aws-cli/2.", StringComparison.Ordinal)
            ? null
            : $"{Aws} is not the AWS CLI v2 (`aws --version` said: {version.Output}{version.Error})";
    }
}
