using System.Diagnostics.Metrics;

namespace Monitoring.Hub.Scheduling;

/// <summary>Meter <c>Monitoring.Hub.Scheduling</c>: sweep runs by job and outcome, their duration, and what they produced.</summary>
internal sealed class SweepMetrics
{
    public const string MeterName = "Monitoring.Hub.Scheduling";

    private readonly Counter<long> _runs;
    private readonly Counter<long> _produced;
    private readonly Histogram<double> _duration;

    public SweepMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(MeterName);
        _runs = meter.CreateCounter<long>("monitoring.scheduling.sweep_runs", "{run}", "Sweep runs, by job and outcome (completed, failed).");
        _produced = meter.CreateCounter<long>("monitoring.scheduling.sweep_produced", "{item}", "Reminders raised or reports kept by sweeps, by job.");
        _duration = meter.CreateHistogram<double>("monitoring.scheduling.sweep_duration", "ms", "How long a sweep run took, by job.");
    }

    public void Completed(string job, int produced, TimeSpan elapsed)
    {
        var tag = new KeyValuePair<string, object?>("job", job);
        _runs.Add(1, tag, new KeyValuePair<string, object?>("outcome", "completed"));
        _produced.Add(produced, tag);
        _duration.Record(elapsed.TotalMilliseconds, tag);
    }

    public void Failed(string job, TimeSpan elapsed)
    {
        var tag = new KeyValuePair<string, object?>("job", job);
        _runs.Add(1, tag, new KeyValuePair<string, object?>("outcome", "failed"));
        _duration.Record(elapsed.TotalMilliseconds, tag);
    }
}
