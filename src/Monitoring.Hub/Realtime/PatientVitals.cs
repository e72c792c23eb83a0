using Monitoring.Contracts.Metrics;
using Monitoring.Hub.Ingestion;

namespace Monitoring.Hub.Realtime;

/// <summary>
/// A patient's newest value of each live metric (by the readings' own time, so a device's backlog
/// does not overwrite newer values), and which changed since the last <c>vitals</c> event.
/// </summary>
internal sealed class PatientVitals(Guid clinicId)
{
    private readonly HashSet<string> _changed = new(StringComparer.Ordinal);

    public Guid ClinicId { get; } = clinicId;

    public Dictionary<string, (double Value, DateTimeOffset At)> Latest { get; } = new(StringComparer.Ordinal);

    public long? SentAt { get; private set; }

    /// <summary>The samples sent, oldest first, with when they were sent (for the snapshot's recent history).</summary>
    public Queue<(long SentAt, VitalsSample Sample)> Recent { get; } = new();

    public static bool IsLive(string metric) =>
        metric is MetricNames.Spo2 or MetricNames.PulseRate or MetricNames.Temperature or MetricNames.RespiratoryRate
            or MetricNames.Battery or MetricNames.PerfusionIndex;

    /// <summary>True when the reading is the metric's newest.</summary>
    public bool Take(AttributedReading reading)
    {
        // Older than what is shown (a backlog), or the same reading again (a redelivery, a retried batch).
        if (Latest.TryGetValue(reading.Name, out var current)
            && (current.At > reading.Time || (current.At == reading.Time && current.Value.Equals(reading.Value))))
        {
            return false;
        }

        Latest[reading.Name] = (reading.Value, reading.Time);
        _changed.Add(reading.Name);
        return true;
    }

    /// <summary>A sample coalesced by the leader hub: its metrics become the newest at its time.</summary>
    public void TakeSample(VitalsSample sample)
    {
        void Take(string name, double? value)
        {
            if (value is { } v && (!Latest.TryGetValue(name, out var current) || current.At <= sample.T))
            {
                Latest[name] = (v, sample.T);
                _changed.Add(name);
            }
        }

        Take(MetricNames.Spo2, sample.Spo2);
        Take(MetricNames.PulseRate, sample.Pr);
        Take(MetricNames.Temperature, sample.Temp);
        Take(MetricNames.RespiratoryRate, sample.Rr);
        Take(MetricNames.Battery, sample.Bat);
        Take(MetricNames.PerfusionIndex, sample.Pi);
    }

    public void MarkSent(long timestamp, VitalsSample sample, int keep)
    {
        SentAt = timestamp;
        _changed.Clear();
        Recent.Enqueue((timestamp, sample));
        while (Recent.Count > keep)
        {
            Recent.Dequeue();
        }
    }

    /// <summary>The changed metrics (or, for a snapshot, all), at the newest of their times.</summary>
    public VitalsSample Sample(Guid patientId, bool all)
    {
        var metrics = Latest.Where(m => all || _changed.Contains(m.Key)).ToList();
        double? Value(string name) => metrics.FirstOrDefault(m => m.Key == name) is { Key: not null } m ? m.Value.Value : null;
        return new VitalsSample(patientId, metrics.Count == 0 ? default : metrics.Max(m => m.Value.At))
        {
            Spo2 = Value(MetricNames.Spo2),
            Pr = Value(MetricNames.PulseRate),
            Temp = Value(MetricNames.Temperature),
            Rr = Value(MetricNames.RespiratoryRate),
            Bat = Value(MetricNames.Battery),
            Pi = Value(MetricNames.PerfusionIndex),
        };
    }
}
