using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace ResNeXtLib.Tests.Data;

/// <summary>How <see cref="LocalHttpServer"/> responds to one request for a file.</summary>
public enum ServeMode
{
    /// <summary>200 with the whole body and its Content-Length.</summary>
    Good,

    /// <summary>200 with Content-Length of the whole body, then half the body, then the connection closes.</summary>
    CloseHalfway,

    /// <summary>200 without Content-Length, half the body, then the connection closes.</summary>
    CloseHalfwayWithoutLength,

    /// <summary>Reads the request and never responds.</summary>
    NeverAnswer,

    /// <summary>200 with Content-Length of the whole body, then half the body, then nothing more.</summary>
    StallHalfway,

    /// <summary>404 Not Found.</summary>
    NotFound,
}

/// <summary>
/// A minimal HTTP/1.1 server on 127.0.0.1 and an ephemeral port that serves files from memory,
/// good or damaged. It stops on dispose.
/// </summary>
public sealed class LocalHttpServer : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentDictionary<string, Route> _routes = new();
    private readonly ConcurrentBag<TcpClient> _clients = [];
    private readonly Task _acceptLoop;

    public LocalHttpServer()
    {
        _listener.Start();
        BaseUri = new Uri($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/");
        _acceptLoop = AcceptLoopAsync();
    }

    public Uri BaseUri { get; }

    /// <summary>
    /// Serves <paramref name="body"/> at /<paramref name="name"/>. Each request takes the next mode of
    /// <paramref name="modes"/>, and the last mode stays for all later requests.
    /// </summary>
    public void Serve(string name, byte[] body, params ServeMode[] modes) =>
        _routes[name] = new Route(body, new ConcurrentQueue<ServeMode>(modes.Length == 0 ? [ServeMode.Good] : modes));

    public int RequestCount(string name) => _routes.TryGetValue(name, out Route? route) ? route.Requests : 0;

    private async Task AcceptLoopAsync()
    {
        try
        {
            while (true)
            {
                TcpClient client = await _listener.AcceptTcpClientAsync(_stop.Token);
                _clients.Add(client);
                _ = HandleAsync(client);
            }
        }
        catch (OperationCanceledException)
        {
            // Disposed.
        }
    }

    private async Task HandleAsync(TcpClient client)
    {
        try
        {
            using (client)
            {
                NetworkStream stream = client.GetStream();
                string? path = await ReadRequestPathAsync(stream);
                if (path is null)
                {
                    return;
                }

                string name = path.TrimStart('/');
                if (!_routes.TryGetValue(name, out Route? route))
                {
                    await WriteHeadAsync(stream, "404 Not Found", 0);
                    return;
                }

                ServeMode mode = route.NextMode();
                switch (mode)
                {
                    case ServeMode.Good:
                        await WriteHeadAsync(stream, "200 OK", route.Body.Length);
                        await stream.WriteAsync(route.Body, _stop.Token);
                        break;
                    case ServeMode.CloseHalfway:
                        await WriteHeadAsync(stream, "200 OK", route.Body.Length);
                        await stream.WriteAsync(route.Body.AsMemory(0, route.Body.Length / 2), _stop.Token);
                        break;
                    case ServeMode.CloseHalfwayWithoutLength:
                        await WriteHeadAsync(stream, "200 OK", null);
                        await stream.WriteAsync(route.Body.AsMemory(0, route.Body.Length / 2), _stop.Token);
                        break;
                    case ServeMode.NeverAnswer:
                        await Task.Delay(Timeout.Infinite, _stop.Token);
                        break;
                    case ServeMode.StallHalfway:
                        await WriteHeadAsync(stream, "200 OK", route.Body.Length);
                        await stream.WriteAsync(route.Body.AsMemory(0, route.Body.Length / 2), _stop.Token);
                        await stream.FlushAsync(_stop.Token);
                        await Task.Delay(Timeout.Infinite, _stop.Token);
                        break;
                    case ServeMode.NotFound:
                        await WriteHeadAsync(stream, "404 Not Found", 0);
                        break;
                }

                await stream.FlushAsync(_stop.Token);
            }
        }
        catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
        {
            // The client went away or the server stopped, which several tests cause on purpose.
        }
    }

    private async Task<string?> ReadRequestPathAsync(NetworkStream stream)
    {
        var request = new StringBuilder();
        var buffer = new byte[1024];
        while (!request.ToString().Contains("\r\n\r\n"))
        {
            int read = await stream.ReadAsync(buffer, _stop.Token);
            if (read == 0)
            {
                return null;
            }

            request.Append(Encoding.ASCII.GetString(buffer, 0, read));
        }

        // Request line: GET /path HTTP/1.1
        return request.ToString().Split(' ')[1];
    }

    private async Task WriteHeadAsync(NetworkStream stream, string status, long? contentLength)
    {
        string head = $"HTTP/1.1 {status}\r\nConnection: close\r\nContent-Type: application/octet-stream\r\n" +
                      (contentLength is long length ? $"Content-Length: {length}\r\n" : "") + "\r\n";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head), _stop.Token);
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _acceptLoop;
        foreach (TcpClient client in _clients)
        {
            client.Dispose();
        }

        _stop.Dispose();
    }

    private sealed class Route(byte[] body, ConcurrentQueue<ServeMode> modes)
    {
        private int _requests;
        private ServeMode _last = ServeMode.Good;

        public byte[] Body { get; } = body;

        public int Requests => _requests;

        public ServeMode NextMode()
        {
            Interlocked.Increment(ref _requests);
            lock (modes)
            {
                if (modes.TryDequeue(out ServeMode mode))
                {
                    _last = mode;
                }

                return _last;
            }
        }
    }
}
