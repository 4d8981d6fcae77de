using System.Net;
using System.Net.Sockets;
using System.Text;

namespace AgentSetFn.Tests.Access;

/// <summary>
/// A reverse proxy on loopback in front of the test's S3 server: the AWS CLI, told this is its
/// endpoint, sends every request through it, and the proxy records the method and URL of each
/// before passing it on, headers and body as they are. A test may answer a request itself with
/// S3's AccessDenied instead (<see cref="Refuse"/>), to play a request IAM would refuse.
/// </summary>
internal sealed class RecordingProxy : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly HttpClient _upstream = new(new SocketsHttpHandler { AllowAutoRedirect = false, AutomaticDecompression = DecompressionMethods.None }) { Timeout = TimeSpan.FromSeconds(60) };
    private readonly string _target;
    private readonly List<(string Method, string Url)> _requests = [];
    private readonly Task _loop;

    /// <summary>Answers a matching request with 403 AccessDenied instead of passing it on (null: pass everything).</summary>
    public Func<string, string, bool>? Refuse { get; set; }

    public RecordingProxy(string target)
    {
        _target = target.TrimEnd('/');
        Port = FreePort();
        _listener.Prefixes.Add($"http://127.0.0.1:{Port}/");
        _listener.Start();
        _loop = Task.Run(Loop);
    }

    public int Port { get; }

    public string Endpoint => $"http://127.0.0.1:{Port}";

    /// <summary>The requests so far, in order, and forgets them.</summary>
    public IReadOnlyList<(string Method, string Url)> Take()
    {
        lock (_requests)
        {
            var taken = _requests.ToList();
            _requests.Clear();
            return taken;
        }
    }

    private async Task Loop()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }
            _ = Task.Run(() => Forward(context));
        }
    }

    private async Task Forward(HttpListenerContext context)
    {
        var request = context.Request;
        var url = request.RawUrl ?? "/";
        lock (_requests) _requests.Add((request.HttpMethod, url));
        var response = context.Response;
        try
        {
            if (Refuse?.Invoke(request.HttpMethod, url) == true)
            {
                // Drain the body, so the client reads the answer rather than a reset connection.
                await request.InputStream.CopyToAsync(Stream.Null);
                var denied = Encoding.UTF8.GetBytes("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>AccessDenied</Code><Message>Access Denied</Message></Error>");
                response.StatusCode = 403;
                response.ContentType = "application/xml";
                response.ContentLength64 = denied.Length;
                await response.OutputStream.WriteAsync(denied);
                response.Close();
                return;
            }
            using var forward = new HttpRequestMessage(new HttpMethod(request.HttpMethod), _target + url);
            var body = new MemoryStream();
            await request.InputStream.CopyToAsync(body);
            if (request.HasEntityBody || body.Length > 0) forward.Content = new ByteArrayContent(body.ToArray());
            foreach (var name in request.Headers.AllKeys.OfType<string>())
            {
                if (name is "Host" or "Content-Length" or "Expect" or "Transfer-Encoding" or "Connection") continue;
                var values = request.Headers.GetValues(name) ?? [];
                if (!forward.Headers.TryAddWithoutValidation(name, values)) forward.Content?.Headers.TryAddWithoutValidation(name, values);
            }
            using var answer = await _upstream.SendAsync(forward, HttpCompletionOption.ResponseHeadersRead);
            response.StatusCode = (int)answer.StatusCode;
            foreach (var (name, values) in answer.Headers.Concat(answer.Content.Headers))
            {
                if (name is "Transfer-Encoding" or "Content-Length" or "Connection" or "Keep-Alive") continue;
                foreach (var value in values) response.AddHeader(name, value);
            }
            var bytes = await answer.Content.ReadAsByteArrayAsync();
            if (request.HttpMethod == "HEAD")
            {
                if (answer.Content.Headers.ContentLength is { } length) response.ContentLength64 = length;
            }
            else
            {
                response.ContentLength64 = bytes.Length;
                await response.OutputStream.WriteAsync(bytes);
            }
            response.Close();
        }
        catch (Exception e) when (e is HttpListenerException or IOException or HttpRequestException or ObjectDisposedException)
        {
            response.Abort();
        }
    }

    public void Dispose()
    {
        _listener.Stop();
        _listener.Close();
        _loop.Wait(TimeSpan.FromSeconds(5));
        _upstream.Dispose();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
