namespace Monitoring.Hub.Benchmarks;

/// <summary>The generator's own account of a run: published, acknowledged by the broker, failed, and its duration.</summary>
public sealed record LoadSummary(long Sent, long Acked, long Failed, double Seconds)
{
    public double AckedPerSecond => Acked / Math.Max(Seconds, 0.001);
}
