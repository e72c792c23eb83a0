namespace Monitoring.Hub.Observability;

/// <summary>How an instrument's values read, in Prometheus' terms.</summary>
public enum MetricType
{
    /// <summary>Only goes up (Counter, ObservableCounter): a running total since the process started.</summary>
    Counter,

    /// <summary>A current value that may go up and down (UpDownCounter, Gauge and their observable forms).</summary>
    Gauge,

    /// <summary>Observations counted into fixed buckets, with their sum and count.</summary>
    Histogram,
}
