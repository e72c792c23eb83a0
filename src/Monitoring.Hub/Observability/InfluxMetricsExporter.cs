using System.Buffers;
using System.Net;
using System.Net.Http.Headers;
using Microsoft.Extensions.Options;
using Monitoring.Hub.Broker;
using Monitoring.Hub.Influx;
using OpenTelemetry;
using OpenTelemetry.Metrics;

namespace Monitoring.Hub.Observability;

/// <summary>
/// An OpenTelemetry exporter that writes the collected metrics to InfluxDB (the hub's database and raw
/// retention policy) for Grafana, every <see cref="MetricsOptions.InfluxInterval"/> (a periodic reader,
/// <see cref="CreateReader"/>). Best effort and apart from the readings' writer: a round that fails is
/// logged and skipped, never retried or queued, and never holds up ingestion.
/// </summary>
public sealed partial class InfluxMetricsExporter : BaseExporter<Metric>
{
    private static readonly MediaTypeHeaderValue TextPlain = new("text/plain") { CharSet = "utf-8" };

    private readonly IHttpClientFactory _httpClientFactory;
    private readonly TimeProvider _time;
    private readonly ILogger<InfluxMetricsExporter> _logger;
    private readonly InfluxMetricLines _lines;
    private readonly Uri _writeUri;
    private readonly ArrayBufferWriter<byte> _body = new(1 << 16);
    private readonly List<Metric> _metrics = [];
    private MetricReader? _reader;
    private bool _failing;

    public InfluxMetricsExporter(
        IHttpClientFactory httpClientFactory,
        IOptions<MetricsOptions> options,
        IOptions<InfluxOptions> influxOptions,
        IOptions<MqttOptions> mqttOptions,
        TimeProvider time,
        ILogger<InfluxMetricsExporter> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(influxOptions);
        ArgumentNullException.ThrowIfNull(mqttOptions);
        _httpClientFactory = httpClientFactory;
        _time = time;
        _logger = logger;
        var metrics = options.Value;
        Instance = string.IsNullOrEmpty(metrics.InstanceId) ? mqttOptions.Value.ClientId : metrics.InstanceId;
        _lines = new InfluxMetricLines(metrics.InfluxMeasurement, Instance);
        var influx = influxOptions.Value;
        _writeUri = new Uri(
            $"write?db={Uri.EscapeDataString(influx.Database)}&rp={Uri.EscapeDataString(influx.RetentionPolicy)}&precision=ms",
            UriKind.Relative);
    }

    /// <summary>The <c>instance</c> tag of this hub's points.</summary>
    public string Instance { get; }

    /// <summary>The reader that drives this exporter: cumulative, as the InfluxDB copy keeps running totals.</summary>
    public MetricReader CreateReader(TimeSpan interval)
    {
        _reader = new PeriodicExportingMetricReader(this, (int)interval.TotalMilliseconds)
        {
            TemporalityPreference = MetricReaderTemporalityPreference.Cumulative,
        };
        return _reader;
    }

    /// <summary>Collects and writes one round now (operators' scripts, tests). True when InfluxDB took the points.</summary>
    public bool ReportNow() => _reader?.Collect(30_000) == true;

    public override ExportResult Export(in Batch<Metric> batch)
    {
        _metrics.Clear();
        foreach (var metric in batch)
        {
            _metrics.Add(metric);
        }

        _body.ResetWrittenCount();
        var count = _lines.Write(_metrics, _time.GetUtcNow(), _body);
        _metrics.Clear();
        if (count == 0)
        {
            return ExportResult.Success;
        }

        var failure = Send();
        if (failure is not null && !_failing)
        {
            LogFailing(_logger, count, failure);
        }
        else if (failure is null && _failing)
        {
            LogRecovered(_logger);
        }

        _failing = failure is not null;
        return failure is null ? ExportResult.Success : ExportResult.Failure;
    }

    /// <summary>
    /// One synchronous POST: exporters run on the reader's own thread (or the caller's, for
    /// <see cref="ReportNow"/>), never on a request's. Null when InfluxDB took the lines.
    /// </summary>
    private string? Send()
    {
        try
        {
            using var client = _httpClientFactory.CreateClient(InfluxSetup.HttpClientName);
            using var content = new ReadOnlyMemoryContent(_body.WrittenMemory);
            content.Headers.ContentType = TextPlain;
            using var request = new HttpRequestMessage(HttpMethod.Post, _writeUri) { Content = content };
            using var response = client.Send(request);
            if (response.StatusCode is HttpStatusCode.NoContent or HttpStatusCode.OK)
            {
                return null;
            }

            using var reader = new StreamReader(response.Content.ReadAsStream());
            return $"HTTP {(int)response.StatusCode}: {reader.ReadToEnd()}";
        }
        catch (HttpRequestException ex)
        {
            return ex.Message;
        }
        catch (TaskCanceledException)
        {
            return "the request timed out";
        }
        catch (ObjectDisposedException)
        {
            // The host is stopping: the provider's last round comes after the services it needs are gone.
            return "the hub is stopping";
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Writing {Lines} metric points to InfluxDB failed ({Failure}); retrying each interval, logged again once it works")]
    private static partial void LogFailing(ILogger logger, int lines, string failure);

    [LoggerMessage(Level = LogLevel.Information, Message = "Writing metric points to InfluxDB works again")]
    private static partial void LogRecovered(ILogger logger);
}
