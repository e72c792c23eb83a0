namespace Monitoring.Hub.Benchmarks;

/// <summary>Publish → <c>alarmRaised</c> latencies of the probes (ms).</summary>
public sealed record LatencyResult(
    long Injected, int Received, int Missed, long Unexpected, double? P50, double? P99, double? P999, double? Max, double? Mean);
