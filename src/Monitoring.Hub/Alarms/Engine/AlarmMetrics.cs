using System.Diagnostics.Metrics;

namespace Monitoring.Hub.Alarms.Engine;

/// <summary>
/// Meter <c>Monitoring.Hub.Alarms</c>: alarms raised by kind, the time from a reading's arrival at
/// the hub to its alarm being handed to SignalR, open dashboard connections, the readings handed
/// to the engine and not yet taken, and the batches it could not store.
/// </summary>
public sealed class AlarmMetrics
{
    public const string MeterName = "Monitoring.Hub.Alarms";

    private readonly Counter<long> _raised;
    private readonly Histogram<double> _latency;
    private readonly Counter<long> _failedBatches;
    private int _connections;
    private Func<int>? _queueLength;

    public AlarmMetrics(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        var meter = meterFactory.Create(MeterName);
        _raised = meter.CreateCounter<long>("monitoring.alarms.raised", "{alarm}", "Alarms opened, by kind and priority.");
        _latency = meter.CreateHistogram<double>("monitoring.alarms.reading_to_push", "ms",
            "From the arrival of the reading that raised an alarm to the alarm handed to SignalR (stored first).");
        _failedBatches = meter.CreateCounter<long>("monitoring.alarms.batches_dropped", "{batch}",
            "Batches of readings the engine could not store after retries (logged with their patients).");
        meter.CreateObservableGauge("monitoring.realtime.connections", () => Volatile.Read(ref _connections), "{connection}",
            "Open SignalR connections on /hubs/alarms.");
        meter.CreateObservableGauge("monitoring.alarms.queue_length", () => _queueLength?.Invoke() ?? 0, "{item}",
            "Calls with readings handed to patients' alarm grains and not yet answered.");
    }

    public int Connections => Volatile.Read(ref _connections);

    public void Raised(string kind, string priority) =>
        _raised.Add(1, new KeyValuePair<string, object?>("kind", kind), new KeyValuePair<string, object?>("priority", priority));

    public void ReadingToPush(string kind, TimeSpan elapsed) =>
        _latency.Record(elapsed.TotalMilliseconds, new KeyValuePair<string, object?>("kind", kind));

    public void BatchDropped() => _failedBatches.Add(1);

    public void ConnectionOpened() => Interlocked.Increment(ref _connections);

    public void ConnectionClosed() => Interlocked.Decrement(ref _connections);

    internal void ObserveQueue(Func<int> length) => _queueLength = length;
}
