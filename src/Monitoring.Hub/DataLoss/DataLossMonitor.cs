using System.Diagnostics.Metrics;
using Monitoring.Hub.Alarms.Api;

namespace Monitoring.Hub.DataLoss;

/// <summary>
/// What the hub knows about lost readings and its lag: losses found (broker drops, InfluxDB
/// refusals) and how many are already in the operator alarm, the broker's queue figures from $SYS,
/// the lag. Health, metrics and the watch read it; the watch writes it.
/// </summary>
public sealed class DataLossMonitor
{
    public const string MeterName = "Monitoring.Hub.DataLoss";

    private readonly Counter<long> _lost;
    private long _brokerDropped;
    private long _influxRefused;
    private long _folded;
    private long _lagTicks;
    private long _brokerQueued = -1;
    private long _brokerStoreBytes = -1;
    private long _brokerHeap = -1;
    private volatile AlarmResponse? _openAlarm;

    public DataLossMonitor(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        var meter = meterFactory.Create(MeterName);
        _lost = meter.CreateCounter<long>("rpm.ingest.lost", "{item}",
            "Messages the broker dropped (source=broker_dropped) and readings InfluxDB refused (source=influx_refused) after the device was told they were delivered");
        meter.CreateObservableGauge("rpm.ingest.lag", () => Lag.TotalSeconds, "s",
            "Age of the oldest message not yet acknowledged by the hub, including what the broker holds for it (lag probe)");
        meter.CreateObservableGauge("rpm.broker.queued_messages", () => Interlocked.Read(ref _brokerQueued), "{message}",
            "Messages the broker stores that are not retained: its queues and messages in flight ($SYS)");
        meter.CreateObservableGauge("rpm.broker.store_bytes", () => Interlocked.Read(ref _brokerStoreBytes), "By",
            "Payload bytes the broker stores ($SYS/broker/store/messages/bytes)");
        meter.CreateObservableGauge("rpm.broker.heap_bytes", () => Interlocked.Read(ref _brokerHeap), "By",
            "The broker's heap ($SYS/broker/heap/current)");
    }

    public long BrokerDropped => Interlocked.Read(ref _brokerDropped);

    public long InfluxRefused => Interlocked.Read(ref _influxRefused);

    /// <summary>Losses found and not yet folded into the operator alarm.</summary>
    public long Pending => BrokerDropped + InfluxRefused - Interlocked.Read(ref _folded);

    public DateTimeOffset? FirstLossAt { get; private set; }

    public TimeSpan Lag => TimeSpan.FromTicks(Interlocked.Read(ref _lagTicks));

    public long BrokerQueued => Interlocked.Read(ref _brokerQueued);

    public long BrokerHeap => Interlocked.Read(ref _brokerHeap);

    /// <summary>The open <c>ingest_data_lost</c> alarm as last read or raised (latches health until resolved).</summary>
    public AlarmResponse? OpenAlarm
    {
        get => _openAlarm;
        set => _openAlarm = value;
    }

    public void BrokerDroppedFound(long count, DateTimeOffset at)
    {
        if (count <= 0)
        {
            return;
        }

        FirstLossAt ??= at;
        Interlocked.Add(ref _brokerDropped, count);
        _lost.Add(count, new KeyValuePair<string, object?>("source", "broker_dropped"));
    }

    public void InfluxRefusedFound(long count, DateTimeOffset at)
    {
        if (count <= 0)
        {
            return;
        }

        FirstLossAt ??= at;
        Interlocked.Add(ref _influxRefused, count);
        _lost.Add(count, new KeyValuePair<string, object?>("source", "influx_refused"));
    }

    /// <summary><paramref name="count"/> losses are now in the operator alarm.</summary>
    public void Folded(long count) => Interlocked.Add(ref _folded, count);

    public void LagMeasured(TimeSpan lag) => Interlocked.Exchange(ref _lagTicks, lag.Ticks);

    public void BrokerQueue(long queued, long storeBytes, long heap)
    {
        Interlocked.Exchange(ref _brokerQueued, queued);
        Interlocked.Exchange(ref _brokerStoreBytes, storeBytes);
        Interlocked.Exchange(ref _brokerHeap, heap);
    }
}
