using System.Diagnostics;
using System.Runtime.CompilerServices;
using Monitoring.Contracts.Metrics;
using Monitoring.Hub.Ingestion;

namespace Monitoring.Hub.Realtime;

/// <summary>
/// A patient's newest value of each live metric (by the readings' own time, so a device's backlog
/// does not overwrite newer values), which changed since the last <c>vitals</c> event, and the
/// recent history the snapshot carries. Kept small: the hub holds one per patient (10,000s), so
/// the metrics are fixed slots and the history a compact ring (<see cref="VitalsHistory"/>) holding
/// at most one sample per <see cref="RealtimeOptions.SnapshotVitalsEvery"/>.
/// </summary>
internal sealed class PatientVitals(Guid clinicId)
{
    // Slot order: spo2, pr, temp, rr, bat, pi.
    private const int Slots = 6;

    // Inline (no array objects): the patient's newest values stay exact, they are what the wall shows.
    private SixDoubles _values;
    private SixLongs _atTicks;
    private byte _present;
    private byte _changed;
    private VitalsHistory _recent;

    public Guid ClinicId { get; } = clinicId;

    public bool HasValues => _present != 0;

    public long? SentAt { get; private set; }

    /// <summary>The trace of the newest reading taken since the last event (none when untraced).</summary>
    public ActivityContext Trace { get; private set; }

    public int RecentCount => _recent.Count;

    public static bool IsLive(string metric) => Slot(metric) >= 0;

    /// <summary>True when the reading is the metric's newest.</summary>
    public bool Take(AttributedReading reading)
    {
        var slot = Slot(reading.Name);
        if (slot < 0)
        {
            return false;
        }

        var bit = (byte)(1 << slot);
        var at = reading.Time.UtcTicks;
        // Older than what is shown (a backlog), or the same reading again (a redelivery, a retried batch).
        if ((_present & bit) != 0 && (_atTicks[slot] > at || (_atTicks[slot] == at && _values[slot].Equals(reading.Value))))
        {
            return false;
        }

        _values[slot] = reading.Value;
        _atTicks[slot] = at;
        _present |= bit;
        _changed |= bit;
        Trace = reading.Trace;
        return true;
    }

    /// <summary>
    /// Another hub sent <paramref name="sample"/> for this patient (its grain lives there): its values
    /// become the newest where they are not older than what is held, and it joins the history as if
    /// sent here; nothing is left to send.
    /// </summary>
    public void TakeSent(VitalsSample sample, long timestamp, int keep, long every, long unitsPerMs)
    {
        ArgumentNullException.ThrowIfNull(sample);
        var at = sample.T.UtcTicks;
        ReadOnlySpan<double?> values = [sample.Spo2, sample.Pr, sample.Temp, sample.Rr, sample.Bat, sample.Pi];
        for (var slot = 0; slot < Slots; slot++)
        {
            var bit = (byte)(1 << slot);
            if (values[slot] is { } value && ((_present & bit) == 0 || _atTicks[slot] <= at))
            {
                _values[slot] = value;
                _atTicks[slot] = at;
                _present |= bit;
            }
        }

        MarkSent(timestamp, sample, keep, every, unitsPerMs);
    }

    /// <summary>
    /// Records a sent event: the changed set starts afresh, and the sample joins the history when
    /// the newest history sample is at least <paramref name="every"/> old (at most <paramref name="keep"/>
    /// kept; timestamps in units of which <paramref name="unitsPerMs"/> make a millisecond).
    /// </summary>
    public void MarkSent(long timestamp, VitalsSample sample, int keep, long every, long unitsPerMs)
    {
        ArgumentNullException.ThrowIfNull(sample);
        SentAt = timestamp;
        _changed = 0;
        Trace = default;
        _recent.Add(timestamp, sample, keep, every, unitsPerMs);
    }

    /// <summary>Drops the oldest history samples while <paramref name="tooOld"/> says so of when they were sent.</summary>
    public void TrimRecent(Func<long, bool> tooOld, long unitsPerMs) => _recent.Trim(tooOld, unitsPerMs);

    /// <summary>The history, oldest first.</summary>
    public IEnumerable<VitalsSample> RecentSamples(Guid patientId) => _recent.Samples(patientId);

    /// <summary>The changed metrics (or, for a snapshot, all), at the newest of their times.</summary>
    public VitalsSample Sample(Guid patientId, bool all)
    {
        var mask = all ? _present : (byte)(_changed & _present);
        long newest = 0;
        for (var slot = 0; slot < Slots; slot++)
        {
            if ((mask & (1 << slot)) != 0 && _atTicks[slot] > newest)
            {
                newest = _atTicks[slot];
            }
        }

        Span<double?> values = stackalloc double?[Slots];
        for (var slot = 0; slot < Slots; slot++)
        {
            values[slot] = (mask & (1 << slot)) != 0 ? _values[slot] : null;
        }

        return VitalsSample.FromSlots(patientId, mask == 0 ? default : new DateTimeOffset(newest, TimeSpan.Zero), values);
    }

    private static int Slot(string metric) => metric switch
    {
        MetricNames.Spo2 => 0,
        MetricNames.PulseRate => 1,
        MetricNames.Temperature => 2,
        MetricNames.RespiratoryRate => 3,
        MetricNames.Battery => 4,
        MetricNames.PerfusionIndex => 5,
        _ => -1,
    };

    [InlineArray(Slots)]
    private struct SixDoubles
    {
        private double _value;
    }

    [InlineArray(Slots)]
    private struct SixLongs
    {
        private long _value;
    }
}
