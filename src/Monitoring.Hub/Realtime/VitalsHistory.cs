using System.Runtime.CompilerServices;

namespace Monitoring.Hub.Realtime;

/// <summary>
/// The snapshot's history of one patient (<see cref="PatientVitals"/>): a ring of the sent samples,
/// oldest first, 20 bytes each instead of a 40-byte struct of longs and floats (10,000 patients with
/// 30 samples each: 6 MB instead of 12). A sample keeps when it was sent and its reading time as
/// 32-bit millisecond offsets from the ring's bases, and each metric in hundredths as a 16-bit
/// integer: every plausible value fits (0-250), and devices report these metrics to at most two
/// decimals. Nothing is lost: a value that is not a whole number of hundredths (a perfusion index
/// of 0.0123) or a reading time that is not a whole number of milliseconds from the base goes, for
/// that sample only, to side tables allocated the first time one is needed, and comes back exactly.
/// A mutable struct held in a field of its one owner (never copied), so it costs no object of its own.
/// </summary>
internal struct VitalsHistory
{
    private const int Slots = 6;
    private const short Absent = short.MinValue;
    private const short Inexact = short.MinValue + 1;
    private const int InexactTime = int.MinValue;
    private const double Scale = 100;

    private Entry[] _entries;
    private double[]? _exactValues;
    private long[]? _exactTimes;
    private long _sentBase;
    private long _timeBase;
    private long _newestSent;
    private int _start;
    private int _count;

    public readonly int Count => _count;

    /// <summary>
    /// Adds <paramref name="sample"/> sent at <paramref name="sentAt"/> when the newest kept one was
    /// sent at least <paramref name="every"/> before (all in timestamp units, <paramref name="unitsPerMs"/>
    /// a millisecond), dropping the oldest beyond <paramref name="keep"/>.
    /// </summary>
    public void Add(long sentAt, VitalsSample sample, int keep, long every, long unitsPerMs)
    {
        if (_count > 0 && sentAt - _newestSent < every)
        {
            return;
        }

        _entries ??= [];
        if (_entries.Length != keep)
        {
            Resize(keep, unitsPerMs);
        }

        var sentOffset = SentOffset(sentAt, unitsPerMs);
        if (_count == keep)
        {
            _start = (_start + 1) % keep;
            _count--;
        }

        if (_count == 0)
        {
            _timeBase = sample.T.UtcTicks;
        }

        var index = (_start + _count) % keep;
        ref var entry = ref _entries[index];
        entry.SentOffset = sentOffset;
        var timeOffset = (sample.T.UtcTicks - _timeBase) / TimeSpan.TicksPerMillisecond;
        if ((sample.T.UtcTicks - _timeBase) % TimeSpan.TicksPerMillisecond == 0 && timeOffset > InexactTime && timeOffset <= int.MaxValue)
        {
            entry.TimeOffset = (int)timeOffset;
        }
        else
        {
            entry.TimeOffset = InexactTime;
            (_exactTimes ??= new long[keep])[index] = sample.T.UtcTicks;
        }

        ReadOnlySpan<double?> values = [sample.Spo2, sample.Pr, sample.Temp, sample.Rr, sample.Bat, sample.Pi];
        for (var slot = 0; slot < Slots; slot++)
        {
            entry.Values[slot] = Encode(values[slot]);
            if (entry.Values[slot] == Inexact)
            {
                (_exactValues ??= new double[keep * Slots])[index * Slots + slot] = values[slot]!.Value;
            }
        }

        _newestSent = sentAt;
        _count++;
    }

    /// <summary>Drops the oldest samples while <paramref name="tooOld"/> says so of when they were sent.</summary>
    public void Trim(Func<long, bool> tooOld, long unitsPerMs)
    {
        while (_count > 0 && tooOld(SentAt(_start, unitsPerMs)))
        {
            _start = (_start + 1) % _entries.Length;
            _count--;
        }
    }

    /// <summary>The samples, oldest first.</summary>
    public readonly IEnumerable<VitalsSample> Samples(Guid patientId)
    {
        // A copy of the fields: an iterator cannot hold a reference to a struct.
        var history = this;
        for (var i = 0; i < history._count; i++)
        {
            yield return history.Sample((history._start + i) % history._entries.Length, patientId);
        }
    }

    private readonly long SentAt(int index, long unitsPerMs) => _sentBase + _entries[index].SentOffset * unitsPerMs;

    private readonly VitalsSample Sample(int index, Guid patientId)
    {
        var entry = _entries[index];
        var ticks = entry.TimeOffset == InexactTime
            ? _exactTimes![index]
            : _timeBase + entry.TimeOffset * TimeSpan.TicksPerMillisecond;
        Span<double?> values = stackalloc double?[Slots];
        for (var slot = 0; slot < Slots; slot++)
        {
            values[slot] = entry.Values[slot] switch
            {
                Absent => null,
                Inexact => _exactValues![index * Slots + slot],
                var code => code / Scale,
            };
        }

        return VitalsSample.FromSlots(patientId, new DateTimeOffset(ticks, TimeSpan.Zero), values);
    }

    /// <summary>
    /// The sent time as whole milliseconds after the base (rounded down: a sample may be trimmed up to
    /// a millisecond early). The base is the first sample's; when a sample comes more than 24 days
    /// (int milliseconds) after it, the samples sent more than 24 days before this one are dropped
    /// (far older than any snapshot window, at most an hour) and the base moves to the oldest left.
    /// </summary>
    private int SentOffset(long sentAt, long unitsPerMs)
    {
        var offset = _count == 0 ? 0 : (sentAt - _sentBase) / unitsPerMs;
        if (offset > int.MaxValue)
        {
            while (_count > 0 && offset - _entries[_start].SentOffset > int.MaxValue)
            {
                _start = (_start + 1) % _entries.Length;
                _count--;
            }

            var shift = _count == 0 ? offset : _entries[_start].SentOffset;
            for (var i = 0; i < _count; i++)
            {
                _entries[(_start + i) % _entries.Length].SentOffset -= (int)shift;
            }

            _sentBase += shift * unitsPerMs;
            offset -= shift;
        }

        if (_count == 0)
        {
            _sentBase = sentAt;
            return 0;
        }

        return (int)offset;
    }

    /// <summary>A different <c>keep</c> (the first sample, or a test): the newest samples move to a ring of the new size.</summary>
    private void Resize(int keep, long unitsPerMs)
    {
        var kept = new List<(long SentAt, VitalsSample Sample)>();
        for (var i = Math.Max(0, _count - keep); i < _count; i++)
        {
            var index = (_start + i) % _entries.Length;
            kept.Add((SentAt(index, unitsPerMs), Sample(index, Guid.Empty)));
        }

        (_entries, _exactValues, _exactTimes, _start, _count) = (new Entry[keep], null, null, 0, 0);
        foreach (var (sentAt, sample) in kept)
        {
            Add(sentAt, sample, keep, every: long.MinValue, unitsPerMs);
        }
    }

    private static short Encode(double? value)
    {
        if (value is not { } v)
        {
            return Absent;
        }

        var rounded = Math.Round(v * Scale);
        if (rounded <= Inexact || rounded > short.MaxValue)
        {
            return Inexact;
        }

        // Exactly the same double back (bit for bit: -0.0 comes back from the side table, not as 0.0), or the side table.
        var code = (short)rounded;
        return BitConverter.DoubleToInt64Bits(code / Scale) == BitConverter.DoubleToInt64Bits(v) ? code : Inexact;
    }

    private struct Entry
    {
        public int SentOffset;
        public int TimeOffset;
        public SixValues Values;
    }

    [InlineArray(Slots)]
    private struct SixValues
    {
        private short _value;
    }
}
