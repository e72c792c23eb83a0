using System.Diagnostics;
using Monitoring.Contracts.Metrics;
using Monitoring.Hub.Ingestion;

namespace Monitoring.Hub.Realtime;

/// <summary>
/// A patient's newest value of each live metric (by the readings' own time, so a device's backlog
/// does not overwrite newer values), which changed since the last <c>vitals</c> event, and the
/// recent history the snapshot carries. Kept small: the hub holds one per patient (10,000s), so
/// the metrics are fixed slots and the history a ring of structs holding at most one sample per
/// <see cref="RealtimeOptions.SnapshotVitalsEvery"/>.
/// </summary>
internal sealed class PatientVitals(Guid clinicId)
{
    // Slot order: spo2, pr, temp, rr, bat, pi.
    private const int Slots = 6;

    private readonly double[] _values = new double[Slots];
    private readonly long[] _atTicks = new long[Slots];
    private byte _present;
    private byte _changed;
    private Recent[] _recent = [];
    private int _recentStart;
    private int _recentCount;

    public Guid ClinicId { get; } = clinicId;

    public bool HasValues => _present != 0;

    public long? SentAt { get; private set; }

    /// <summary>The trace of the newest reading taken since the last event (none when untraced).</summary>
    public ActivityContext Trace { get; private set; }

    public int RecentCount => _recentCount;

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
    public void TakeSent(VitalsSample sample, long timestamp, int keep, long every)
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

        MarkSent(timestamp, sample, keep, every);
    }

    /// <summary>
    /// Records a sent event: the changed set starts afresh, and the sample joins the history when
    /// the newest history sample is at least <paramref name="every"/> old (at most <paramref name="keep"/> kept).
    /// </summary>
    public void MarkSent(long timestamp, VitalsSample sample, int keep, long every)
    {
        SentAt = timestamp;
        _changed = 0;
        Trace = default;
        if (_recentCount > 0 && timestamp - _recent[(_recentStart + _recentCount - 1) % _recent.Length].SentAt < every)
        {
            return;
        }

        if (_recent.Length != keep)
        {
            var resized = new Recent[keep];
            var count = Math.Min(_recentCount, keep);
            for (var i = 0; i < count; i++)
            {
                resized[i] = _recent[(_recentStart + _recentCount - count + i) % _recent.Length];
            }

            (_recent, _recentStart, _recentCount) = (resized, 0, count);
        }

        if (_recentCount == keep)
        {
            _recentStart = (_recentStart + 1) % keep;
            _recentCount--;
        }

        _recent[(_recentStart + _recentCount) % keep] = new Recent(timestamp, sample);
        _recentCount++;
    }

    /// <summary>Drops the oldest history samples while <paramref name="tooOld"/> says so of when they were sent.</summary>
    public void TrimRecent(Func<long, bool> tooOld)
    {
        while (_recentCount > 0 && tooOld(_recent[_recentStart].SentAt))
        {
            _recent[_recentStart] = default;
            _recentStart = (_recentStart + 1) % _recent.Length;
            _recentCount--;
        }
    }

    /// <summary>The history, oldest first.</summary>
    public IEnumerable<VitalsSample> RecentSamples(Guid patientId)
    {
        for (var i = 0; i < _recentCount; i++)
        {
            yield return _recent[(_recentStart + i) % _recent.Length].ToSample(patientId);
        }
    }

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

        double? Value(int slot) => (mask & (1 << slot)) != 0 ? _values[slot] : null;
        return new VitalsSample(patientId, mask == 0 ? default : new DateTimeOffset(newest, TimeSpan.Zero))
        {
            Spo2 = Value(0),
            Pr = Value(1),
            Temp = Value(2),
            Rr = Value(3),
            Bat = Value(4),
            Pi = Value(5),
        };
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

    /// <summary>
    /// A sent sample as a struct (no object per sample), 40 bytes: when it was sent, its time, and
    /// its values as single precision. The history only draws sparklines, and a float carries the
    /// seven significant digits any of these metrics is measured to; it is turned back through
    /// <see cref="decimal"/>, which keeps those seven digits, so 36.7 comes back as 36.7, not 36.70000076.
    /// </summary>
    private readonly struct Recent(long sentAt, VitalsSample sample)
    {
        private readonly long _tTicks = sample.T.UtcTicks;
        private readonly float _spo2 = Compact(sample.Spo2);
        private readonly float _pr = Compact(sample.Pr);
        private readonly float _temp = Compact(sample.Temp);
        private readonly float _rr = Compact(sample.Rr);
        private readonly float _bat = Compact(sample.Bat);
        private readonly float _pi = Compact(sample.Pi);

        public long SentAt { get; } = sentAt;

        public VitalsSample ToSample(Guid patientId) => new(patientId, new DateTimeOffset(_tTicks, TimeSpan.Zero))
        {
            Spo2 = Value(_spo2),
            Pr = Value(_pr),
            Temp = Value(_temp),
            Rr = Value(_rr),
            Bat = Value(_bat),
            Pi = Value(_pi),
        };

        // Readings are finite (ingestion refuses NaN) and within float's range (plausibility limits), so NaN can stand for "absent".
        private static float Compact(double? value) => value is { } v ? (float)v : float.NaN;

        private static double? Value(float value) =>
            float.IsNaN(value) ? null : Math.Abs(value) < 1e7f ? (double)(decimal)value : value;
    }
}
