using System.Collections.Concurrent;
using System.Net;

namespace Monitoring.Hub.Tests.Observability;

/// <summary>
/// A stand-in OTLP/HTTP collector on a free loopback port: it answers every POST with 200 and keeps
/// the path and body (protobuf, which carries span names and attribute values as plain UTF-8).
/// </summary>
public sealed class OtlpCollector : IAsyncDisposable
{
    private readonly HttpListener _listener = new();
    private readonly Task _receiving;

    public OtlpCollector()
    {
        Port = Infrastructure.FreePort.Find();
        _listener.Prefixes.Add($"http://127.0.0.1:{Port}/");
        _listener.Start();
        _receiving = Task.Run(ReceiveAsync);
    }

    public int Port { get; }

    public ConcurrentQueue<(string Path, byte[] Body)> Received { get; } = new();

    public async ValueTask DisposeAsync()
    {
        _listener.Close();
        await _receiving.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    private async Task ReceiveAsync()
    {
        while (_listener.IsListening)
        {
            var context = await _listener.GetContextAsync();
            using var body = new MemoryStream();
            await context.Request.InputStream.CopyToAsync(body);
            Received.Enqueue((context.Request.Url!.AbsolutePath, body.ToArray()));
            context.Response.StatusCode = 200;
            context.Response.Close();
        }
    }
}
