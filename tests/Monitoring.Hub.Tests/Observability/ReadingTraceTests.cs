using System.Collections.Concurrent;
using System.Diagnostics;
using Monitoring.Hub.Observability;
using Monitoring.Hub.Tests.Ingestion;

namespace Monitoring.Hub.Tests.Observability;

/// <summary>
/// One trace per reading's message, from the MQTT message through the alarm engine's hand-off, the
/// InfluxDB write and the dashboard push, carrying the device and reading ids. Spans are recorded
/// here by a listener of our own, as the OTLP exporter would record them.
/// </summary>
[Collection(IngestionCollection.Name)]
public sealed class ReadingTraceTests(MetricsFixture fixture) : IClassFixture<MetricsFixture>, IDisposable
{
    private readonly ConcurrentQueue<Activity> _spans = new();
    private ActivityListener? _listener;

    public void Dispose() => _listener?.Dispose();

    [Fact]
    public async Task AReadingsMessageIsOneTraceThroughTheEngineTheInfluxWriteAndTheDashboardPush()
    {
        _listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == HubActivities.SourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = _spans.Enqueue,
        };
        ActivitySource.AddActivityListener(_listener);
        var device = await fixture.AssignedDeviceAsync();
        var time = DateTimeOffset.UtcNow.ToUnixTimeSeconds();

        await using (var publisher = await fixture.PublisherAsync(device))
        {
            await publisher.TelemetryAsync(device.Id, $"[{{\"bt\":{time},\"n\":\"spo2\",\"u\":\"%\",\"v\":96}},{{\"n\":\"pr\",\"u\":\"beat/min\",\"v\":72}}]");
        }

        var ingest = await SpanAsync("the message's span", s =>
            s.OperationName == HubActivities.Ingest && (s.GetTagItem(HubActivities.DeviceIdTag) as string) == device.Id);
        var readingIds = Assert.IsType<string[]>(ingest.GetTagItem(HubActivities.ReadingIdsTag));
        Assert.Equal([$"{device.Id}/spo2/{time * 1000}", $"{device.Id}/pr/{time * 1000}"], readingIds);

        var take = await SpanAsync("the alarm engine's hand-off", s => s.OperationName == HubActivities.AlarmsTake && s.TraceId == ingest.TraceId);
        Assert.Equal(ingest.SpanId, take.ParentSpanId);
        Assert.Equal(device.Id, take.GetTagItem(HubActivities.DeviceIdTag));
        Assert.Equal(device.PatientId, take.GetTagItem(HubActivities.PatientIdTag));

        var write = await SpanAsync("the InfluxDB write", s =>
            s.OperationName == HubActivities.InfluxWrite && s.Links.Any(l => l.Context.SpanId == ingest.SpanId && l.Context.TraceId == ingest.TraceId));
        Assert.True((int)write.GetTagItem(HubActivities.LineCountTag)! >= 2);

        var push = await SpanAsync("the dashboard push", s => s.OperationName == HubActivities.RealtimeVitals && s.TraceId == ingest.TraceId);
        Assert.Equal(device.PatientId, push.GetTagItem(HubActivities.PatientIdTag));
    }

    /// <summary>Waits (bounded) for a finished span; the later stages finish on their own workers after the message's.</summary>
    private async Task<Activity> SpanAsync(string what, Func<Activity, bool> match)
    {
        var waited = Stopwatch.StartNew();
        while (true)
        {
            if (_spans.FirstOrDefault(match) is { } found)
            {
                return found;
            }

            Assert.True(waited.Elapsed < TimeSpan.FromSeconds(30),
                $"no span for {what}; recorded: {string.Join(", ", _spans.Select(s => $"{s.OperationName}({s.TraceId})").Take(30))}");
            await Task.Delay(50, TestContext.Current.CancellationToken);
        }
    }
}
