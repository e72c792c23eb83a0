using System.Buffers;
using System.Diagnostics;
using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Threading.Channels;
using Microsoft.Extensions.Options;
using Monitoring.Hub.Ingestion;
using Monitoring.Hub.Observability;
using Monitoring.Hub.Resilience;
using Polly;

namespace Monitoring.Hub.Influx;

/// <summary>
/// The one writer to InfluxDB: a bounded queue of messages' lines, sent as <c>/write</c> batches
/// (up to <see cref="InfluxOptions.BatchSize"/> lines or <see cref="InfluxOptions.Linger"/>;
/// gzip'd when <see cref="InfluxOptions.Compress"/>).
/// A batch is retried with jittered exponential backoff for as long as InfluxDB is unreachable,
/// times out or answers 5xx, so the queue fills, ingestion stops reading and the broker keeps the
/// backlog. On 400 (bad data) the batch is bisected until each refused line stands alone; those are
/// reported as rejected and the rest written. Points are idempotent (same series and timestamp
/// overwrite), so retrying a partly written batch is safe. Batches complete in order.
/// </summary>
public sealed partial class InfluxWriter : BackgroundService
{
    private static readonly MediaTypeHeaderValue TextPlain = new("text/plain") { CharSet = "utf-8" };

    private readonly IHttpClientFactory _httpClientFactory;
    private readonly InfluxSchema _schema;
    private readonly InfluxOptions _options;
    private readonly IngestionMetrics _metrics;
    private readonly TimeProvider _time;
    private readonly ILogger<InfluxWriter> _logger;
    private readonly Channel<InfluxWriteItem> _queue;
    private readonly Uri _writeUri;
    private readonly ArrayBufferWriter<byte> _body = new(1 << 20);
    private readonly MemoryStream _gzip = new(1 << 18);
    private readonly ResiliencePipeline _writeRetries;
    private readonly ResiliencePipeline _schemaRetries;
    private volatile bool _running;
    private volatile bool _schemaReady;
    private long _failingSinceTicks;
    private long _lastWrittenTicks;
    private string? _lastError;

    public InfluxWriter(
        IHttpClientFactory httpClientFactory,
        InfluxSchema schema,
        IOptions<InfluxOptions> options,
        IngestionMetrics metrics,
        TimeProvider time,
        ILogger<InfluxWriter> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _httpClientFactory = httpClientFactory;
        _schema = schema;
        _options = options.Value;
        _metrics = metrics;
        _time = time;
        _logger = logger;
        _queue = Channel.CreateBounded<InfluxWriteItem>(new BoundedChannelOptions(_options.BufferCapacity)
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
        _writeUri = new Uri(
            $"write?db={Uri.EscapeDataString(_options.Database)}&rp={Uri.EscapeDataString(_options.RetentionPolicy)}&precision=ms",
            UriKind.Relative);

        // A batch is retried whatever went wrong (it is not written, and its messages stay unacknowledged);
        // the schema while InfluxDB is away, times out or answers an error. The hub stopping ends both.
        _writeRetries = Retries.Forever(_options.RetryMinDelay, _options.RetryMaxDelay, time,
            ex => ex is not OutOfMemoryException,
            WriteFailed);
        _schemaRetries = Retries.Forever(_options.RetryMinDelay, _options.RetryMaxDelay, time,
            ex => ex is HttpRequestException or InfluxException or TaskCanceledException,
            (ex, attempt) =>
            {
                MarkFailing(ex.Message);
                if (attempt % 10 == 0)
                {
                    LogSchemaFailed(_logger, _options.Database, ex.Message);
                }
            });
    }

    /// <summary>Queues one message's lines; waits while the queue is full (that wait is the backpressure).</summary>
    public async ValueTask EnqueueAsync(InfluxWriteItem item, CancellationToken ct)
    {
        _metrics.BufferChanged(item.LineCount);
        try
        {
            await _queue.Writer.WriteAsync(item, ct);
        }
        catch
        {
            _metrics.BufferChanged(-item.LineCount);
            throw;
        }
    }

    public InfluxWriterStatus Status
    {
        get
        {
            var failing = Interlocked.Read(ref _failingSinceTicks);
            var written = Interlocked.Read(ref _lastWrittenTicks);
            return new InfluxWriterStatus(
                _running,
                _schemaReady,
                failing == 0 ? null : new DateTimeOffset(failing, TimeSpan.Zero),
                Volatile.Read(ref _lastError),
                written == 0 ? null : new DateTimeOffset(written, TimeSpan.Zero),
                _metrics.BufferedLines);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        _running = true;
        try
        {
            await EnsureSchemaAsync(stoppingToken);
            var batch = new List<InfluxWriteItem>();
            while (await FillBatchAsync(batch, stoppingToken))
            {
                await WriteBatchAsync(batch, stoppingToken);
                batch.Clear();
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: whatever is queued was never acknowledged, so the broker redelivers it.
        }
        finally
        {
            _running = false;
        }
    }

    private async Task EnsureSchemaAsync(CancellationToken ct)
    {
        await _schemaRetries.ExecuteAsync(async token => await _schema.EnsureAsync(token), ct);
        _schemaReady = true;
        MarkHealthy();
    }

    private async Task<bool> FillBatchAsync(List<InfluxWriteItem> batch, CancellationToken ct)
    {
        var reader = _queue.Reader;
        if (!await reader.WaitToReadAsync(ct))
        {
            return false;
        }

        var started = _time.GetTimestamp();
        var lines = 0;
        while (lines < _options.BatchSize)
        {
            if (reader.TryRead(out var item))
            {
                batch.Add(item);
                lines += item.LineCount;
                continue;
            }

            var remaining = _options.Linger - _time.GetElapsedTime(started);
            if (remaining <= TimeSpan.Zero)
            {
                break;
            }

            using var lingerCts = CancellationTokenSource.CreateLinkedTokenSource(ct);
            var more = reader.WaitToReadAsync(lingerCts.Token).AsTask();
            var timer = Task.Delay(remaining, _time, lingerCts.Token);
            var first = await Task.WhenAny(more, timer);
            await lingerCts.CancelAsync();
            ct.ThrowIfCancellationRequested();
            if (first != more || !await more)
            {
                break;
            }
        }

        return batch.Count > 0;
    }

    private async Task WriteBatchAsync(List<InfluxWriteItem> batch, CancellationToken ct)
    {
        using var activity = StartWriteActivity(batch);
        _body.ResetWrittenCount();
        var lineCount = 0;
        foreach (var item in batch)
        {
            item.Lines.Span.CopyTo(_body.GetSpan(item.Lines.Length));
            _body.Advance(item.Lines.Length);
            lineCount += item.LineCount;
        }

        var rejected = new List<(int Item, ReadOnlyMemory<byte> Line, string Error)>();
        var error = await SendWithRetriesAsync(_body.WrittenMemory, ct);
        if (error is not null)
        {
            LogBatchRefused(_logger, lineCount, error);
            await IsolateAsync(batch, error, rejected, ct);
        }

        activity?.SetTag(HubActivities.LineCountTag, lineCount);
        _metrics.ReadingsWritten(lineCount - rejected.Count);
        _metrics.BufferChanged(-lineCount);
        foreach (var (index, line, lineError) in rejected)
        {
            Notify(batch[index].Callback, c => c.OnLineRejected(line, lineError));
        }

        foreach (var item in batch)
        {
            Notify(item.Callback, c => c.OnWritten());
        }
    }

    /// <summary>
    /// The batch's write as a span: a child of its first traced message, linked to every traced
    /// message it carries (one write serves many messages, each with its own trace).
    /// </summary>
    private static Activity? StartWriteActivity(List<InfluxWriteItem> batch)
    {
        if (!HubActivities.Source.HasListeners())
        {
            return null;
        }

        List<ActivityLink>? links = null;
        foreach (var item in batch)
        {
            if (item.Trace != default)
            {
                (links ??= []).Add(new ActivityLink(item.Trace));
            }
        }

        return links is null ? null : HubActivities.StartChild(HubActivities.InfluxWrite, links[0].Context, links);
    }

    /// <summary>Bisects a refused batch: halves are re-sent (idempotent) until each refused line is alone.</summary>
    private async Task IsolateAsync(
        List<InfluxWriteItem> batch, string batchError, List<(int Item, ReadOnlyMemory<byte> Line, string Error)> rejected, CancellationToken ct)
    {
        var lines = new List<(int Item, ReadOnlyMemory<byte> Line)>();
        for (var i = 0; i < batch.Count; i++)
        {
            var rest = batch[i].Lines;
            while (!rest.IsEmpty)
            {
                var end = rest.Span.IndexOf((byte)'\n');
                var length = end < 0 ? rest.Length : end + 1;
                lines.Add((i, rest[..length]));
                rest = rest[length..];
            }
        }

        var pending = new Stack<(int Start, int Count, string Error)>();
        pending.Push((0, lines.Count, batchError));
        var body = new ArrayBufferWriter<byte>();
        while (pending.TryPop(out var range))
        {
            if (range.Count == 1)
            {
                var (item, line) = lines[range.Start];
                rejected.Add((item, line, range.Error));
                continue;
            }

            var half = range.Count / 2;
            foreach (var (start, count) in new[] { (range.Start + half, range.Count - half), (range.Start, half) })
            {
                body.ResetWrittenCount();
                for (var i = start; i < start + count; i++)
                {
                    var line = lines[i].Line.Span;
                    line.CopyTo(body.GetSpan(line.Length));
                    body.Advance(line.Length);
                }

                var error = await SendWithRetriesAsync(body.WrittenMemory, ct);
                if (error is not null)
                {
                    pending.Push((start, count, error));
                }
            }
        }
    }

    /// <summary>Sends one body until InfluxDB takes it (null) or refuses its data (the error text); retries everything else.</summary>
    private async Task<string?> SendWithRetriesAsync(ReadOnlyMemory<byte> body, CancellationToken ct)
    {
        if (_options.Compress)
        {
            Compress(body.Span);
        }

        return await _writeRetries.ExecuteAsync(async token => await SendOnceAsync(body, token), ct);
    }

    /// <summary>
    /// One attempt: null when InfluxDB took the body, the error text when it refused its data (400/413:
    /// the server works, the data or its size does not, so sending it again cannot help); throws for
    /// anything worth another attempt (an error status, the transport, a timeout).
    /// </summary>
    private async ValueTask<string?> SendOnceAsync(ReadOnlyMemory<byte> body, CancellationToken ct)
    {
        var started = _time.GetTimestamp();
        using var client = _httpClientFactory.CreateClient(InfluxSetup.HttpClientName);
        using HttpContent content = _options.Compress
            ? new ByteArrayContent(_gzip.GetBuffer(), 0, (int)_gzip.Length)
            : new ReadOnlyMemoryContent(body);
        if (_options.Compress)
        {
            content.Headers.ContentEncoding.Add("gzip");
        }

        content.Headers.ContentType = TextPlain;
        using var response = await client.PostAsync(_writeUri, content, ct);
        if (response.StatusCode is HttpStatusCode.NoContent or HttpStatusCode.OK)
        {
            _metrics.WriteCompleted(_time.GetElapsedTime(started));
            MarkHealthy();
            return null;
        }

        var error = await ErrorOfAsync(response, ct);
        if (response.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.RequestEntityTooLarge)
        {
            MarkHealthy();
            return $"{(int)response.StatusCode}: {error}";
        }

        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            // Database or retention policy gone (dropped while the hub runs): create them again.
            await TryEnsureSchemaAsync(ct);
        }

        throw new InfluxException($"HTTP {(int)response.StatusCode}: {error}");
    }

    /// <summary>A failed write attempt as the health check and the log say it.</summary>
    private void WriteFailed(Exception ex, int attempt)
    {
        var failure = ex switch
        {
            InfluxException or HttpRequestException => ex.Message,
            TaskCanceledException => "the request timed out",
            _ => $"{ex.GetType().Name}: {ex.Message}",
        };
        MarkFailing(failure);
        if (attempt == 0 || attempt % 20 == 0)
        {
            LogWriteFailed(_logger, attempt + 1, failure);
        }
    }

    private async Task TryEnsureSchemaAsync(CancellationToken ct)
    {
        try
        {
            await _schema.EnsureAsync(ct);
        }
        catch (Exception ex) when (ex is HttpRequestException or InfluxException || (ex is TaskCanceledException && !ct.IsCancellationRequested))
        {
            LogSchemaFailed(_logger, _options.Database, ex.Message);
        }
    }

    private void Compress(ReadOnlySpan<byte> body)
    {
        _gzip.SetLength(0);
        using (var gzip = new GZipStream(_gzip, CompressionLevel.Fastest, leaveOpen: true))
        {
            gzip.Write(body);
        }
    }

    private static async Task<string> ErrorOfAsync(HttpResponseMessage response, CancellationToken ct)
    {
        if (response.Headers.TryGetValues("X-Influxdb-Error", out var values))
        {
            return string.Join("; ", values);
        }

        var body = await response.Content.ReadAsStringAsync(ct);
        return body.Length > 500 ? body[..500] : body;
    }

    private void MarkHealthy()
    {
        if (Interlocked.Exchange(ref _failingSinceTicks, 0) != 0)
        {
            LogRecovered(_logger);
        }

        Interlocked.Exchange(ref _lastWrittenTicks, _time.GetUtcNow().UtcTicks);
    }

    private void MarkFailing(string error)
    {
        Volatile.Write(ref _lastError, error);
        Interlocked.CompareExchange(ref _failingSinceTicks, _time.GetUtcNow().UtcTicks, 0);
    }

    private void Notify(IInfluxWriteCallback? callback, Action<IInfluxWriteCallback> action)
    {
        if (callback is null)
        {
            return;
        }

        try
        {
            action(callback);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            LogCallbackFailed(_logger, ex);
        }
    }

    public override void Dispose()
    {
        _gzip.Dispose();
        base.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "InfluxDB database {Database} could not be prepared yet: {Error}; retrying")]
    private static partial void LogSchemaFailed(ILogger logger, string database, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "InfluxDB write failed (attempt {Attempt}): {Error}; retrying, MQTT acknowledgements wait")]
    private static partial void LogWriteFailed(ILogger logger, int attempt, string error);

    [LoggerMessage(Level = LogLevel.Information, Message = "InfluxDB writes succeed again")]
    private static partial void LogRecovered(ILogger logger);

    [LoggerMessage(Level = LogLevel.Warning, Message = "InfluxDB refused a batch of {Lines} lines ({Error}); isolating the refused lines")]
    private static partial void LogBatchRefused(ILogger logger, int lines, string error);

    [LoggerMessage(Level = LogLevel.Error, Message = "A write callback failed")]
    private static partial void LogCallbackFailed(ILogger logger, Exception exception);
}
