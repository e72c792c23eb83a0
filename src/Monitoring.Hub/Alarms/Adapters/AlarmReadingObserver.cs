using Monitoring.Hub.Alarms.Engine;
using Monitoring.Hub.Ingestion;
using Monitoring.Hub.Observability;

namespace Monitoring.Hub.Alarms.Adapters;

/// <summary>
/// Ingestion's hand-off to the alarm engine's port: each message's valid readings, per patient,
/// before ingestion queues them for InfluxDB, so an alarm never waits for a time-series write.
/// When the engine is full this waits, and ingestion with it (backpressure, not loss).
/// </summary>
public sealed class AlarmReadingObserver(IAlarmEngine engine) : IReadingObserver
{
    public ValueTask OnReadingsAsync(IReadOnlyList<AttributedReading> readings, CancellationToken cancellationToken) =>
        HubActivities.Source.HasListeners() ? TracedAsync(readings, cancellationToken) : TakeByPatientAsync(engine, readings, cancellationToken);

    /// <summary>The hand-off as a span of the message's trace (the engine's own work follows on its partition worker).</summary>
    private async ValueTask TracedAsync(IReadOnlyList<AttributedReading> readings, CancellationToken cancellationToken)
    {
        using var activity = readings.Count > 0 ? HubActivities.StartChild(HubActivities.AlarmsTake, readings[0].Trace) : null;
        if (activity is not null)
        {
            activity.SetTag(HubActivities.DeviceIdTag, readings[0].DeviceId);
            activity.SetTag(HubActivities.PatientIdTag, readings[0].PatientId);
        }

        await TakeByPatientAsync(engine, readings, cancellationToken);
    }

    /// <summary>
    /// One message's readings to <paramref name="engine"/>, one call per patient. Rare: a backlog
    /// whose device changed hands holds readings of two patients; each share keeps its order.
    /// </summary>
    public static ValueTask TakeByPatientAsync(IAlarmEngine engine, IReadOnlyList<AttributedReading> readings, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(engine);
        ArgumentNullException.ThrowIfNull(readings);
        if (readings.Count == 0)
        {
            return ValueTask.CompletedTask;
        }

        return ReadingTranslation.IsOnePatient(readings)
            ? engine.TakeReadingsAsync(readings[0].PatientId, readings, ct)
            : SharesAsync(engine, readings, ct);
    }

    private static async ValueTask SharesAsync(IAlarmEngine engine, IReadOnlyList<AttributedReading> readings, CancellationToken ct)
    {
        foreach (var share in readings.GroupBy(r => r.PatientId))
        {
            await engine.TakeReadingsAsync(share.Key, [.. share], ct);
        }
    }
}
