using System.Buffers;
using System.Net;
using System.Net.Http.Headers;
using Microsoft.Extensions.Options;
using Monitoring.Hub.Broker;
using Monitoring.Hub.Influx;

namespace Monitoring.Hub.Observability;

/// <summary>
/// Every <see cref="MetricsOptions.InfluxInterval"/> writes the collected figures to InfluxDB (the
/// hub's database and raw retention policy) for Grafana. Best effort and apart from the readings'
/// writer: a round that fails is logged and skipped, never retried or queued, and never holds up ingestion.
/// </summary>
public sealed partial class InfluxMetricsReporter : BackgroundService
{
    private static readonly MediaTypeHeaderValue TextPlain = new("text/plain") { CharSet = "utf-8" };

    private readonly MetricsCollector _collector;
    private readonly IHttpClientFactory _httpClientFactory;
    private readonly MetricsOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<InfluxMetricsReporter> _logger;
    private readonly InfluxMetricLines _lines;
    private readonly Uri _writeUri;
    private readonly ArrayBufferWriter<byte> _body = new(1 << 16);
    private readonly SemaphoreSlim _round = new(1, 1);
    private bool _failing;

    public InfluxMetricsReporter(
        MetricsCollector collector,
        IHttpClientFactory httpClientFactory,
        IOptions<MetricsOptions> options,
        IOptions<InfluxOptions> influxOptions,
        IOptions<MqttOptions> mqttOptions,
        TimeProvider time,
        ILogger<InfluxMetricsReporter> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(influxOptions);
        ArgumentNullException.ThrowIfNull(mqttOptions);
        _collector = collector;
        _httpClientFactory = httpClientFactory;
        _options = options.Value;
        _time = time;
        _logger = logger;
        Instance = string.IsNullOrEmpty(_options.InstanceId) ? mqttOptions.Value.ClientId : _options.InstanceId;
        _lines = new InfluxMetricLines(_options.InfluxMeasurement, Instance);
        var influx = influxOptions.Value;
        _writeUri = new Uri(
            $"write?db={Uri.EscapeDataString(influx.Database)}&rp={Uri.EscapeDataString(influx.RetentionPolicy)}&precision=ms",
            UriKind.Relative);
    }

    /// <summary>The <c>instance</c> tag of this hub's points.</summary>
    public string Instance { get; }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (_options.InfluxInterval <= TimeSpan.Zero)
        {
            return;
        }

        using var timer = new PeriodicTimer(_options.InfluxInterval, _time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    await ReportAsync(stoppingToken);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    // A metrics round must never stop the hub (an escaping exception would stop the host).
                    LogRoundFailed(_logger, ex);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }
    }

    /// <summary>One round: collect, write, log a change between working and failing. True when InfluxDB took the points.</summary>
    public async Task<bool> ReportAsync(CancellationToken ct)
    {
        await _round.WaitAsync(ct);
        try
        {
            return await ReportOnceAsync(ct);
        }
        finally
        {
            _round.Release();
        }
    }

    public override void Dispose()
    {
        _round.Dispose();
        base.Dispose();
    }

    private async Task<bool> ReportOnceAsync(CancellationToken ct)
    {
        _body.ResetWrittenCount();
        var count = _lines.Write(_collector.Collect(), _time.GetUtcNow(), _body);
        if (count == 0)
        {
            return true;
        }

        string? failure;
        try
        {
            using var client = _httpClientFactory.CreateClient(InfluxSetup.HttpClientName);
            using var content = new ReadOnlyMemoryContent(_body.WrittenMemory);
            content.Headers.ContentType = TextPlain;
            using var response = await client.PostAsync(_writeUri, content, ct);
            failure = response.StatusCode is HttpStatusCode.NoContent or HttpStatusCode.OK
                ? null
                : $"HTTP {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(ct)}";
        }
        catch (HttpRequestException ex)
        {
            failure = ex.Message;
        }
        catch (TaskCanceledException) when (!ct.IsCancellationRequested)
        {
            failure = "the request timed out";
        }

        if (failure is not null && !_failing)
        {
            LogFailing(_logger, count, failure);
        }
        else if (failure is null && _failing)
        {
            LogRecovered(_logger);
        }

        _failing = failure is not null;
        return failure is null;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Writing {Lines} metric points to InfluxDB failed ({Failure}); retrying each interval, logged again once it works")]
    private static partial void LogFailing(ILogger logger, int lines, string failure);

    [LoggerMessage(Level = LogLevel.Error, Message = "A round of writing metric points to InfluxDB failed")]
    private static partial void LogRoundFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Information, Message = "Writing metric points to InfluxDB works again")]
    private static partial void LogRecovered(ILogger logger);
}
