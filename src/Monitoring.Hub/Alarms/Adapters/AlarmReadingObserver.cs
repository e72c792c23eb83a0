using Monitoring.Hub.Alarms.Engine;
using Monitoring.Hub.Ingestion;
using Monitoring.Hub.Observability;

namespace Monitoring.Hub.Alarms.Adapters;

/// <summary>
/// Ingestion's hand-off to the alarm engine's port: a batch's valid readings, grouped by patient
/// (each patient's in arrival order), one call per patient, all patients at once, before ingestion
/// queues them for InfluxDB, so an alarm never waits for a time-series write. Returns when every
/// patient's grain has taken its readings (backpressure, not loss).
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

    /// <summary><paramref name="readings"/> to <paramref name="engine"/>, one call per patient, in parallel across patients.</summary>
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

    private static ValueTask SharesAsync(IAlarmEngine engine, IReadOnlyList<AttributedReading> readings, CancellationToken ct)
    {
        // A batch is mostly one message per patient: size for that.
        var shares = new Dictionary<Guid, List<AttributedReading>>(readings.Count / 2);
        foreach (var reading in readings)
        {
            if (!shares.TryGetValue(reading.PatientId, out var share))
            {
                shares[reading.PatientId] = share = new List<AttributedReading>(2);
            }

            share.Add(reading);
        }

        var calls = new Task[shares.Count];
        var i = 0;
        foreach (var (patientId, share) in shares)
        {
            calls[i++] = engine.TakeReadingsAsync(patientId, share, ct).AsTask();
        }

        return new ValueTask(Task.WhenAll(calls));
    }
}
