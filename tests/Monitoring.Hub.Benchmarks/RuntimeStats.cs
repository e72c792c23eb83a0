namespace Monitoring.Hub.Benchmarks;

/// <summary>The hub's <c>GET /api/diagnostics/runtime</c> answer (src/Monitoring.Hub/Diagnostics).</summary>
public sealed record RuntimeStats(
    long MessagesReceived,
    long MessagesAcknowledged,
    long Unacknowledged,
    int InboundQueue,
    long BufferedLines,
    long ReadingsWritten,
    int AlarmQueue,
    long WorkingSetBytes,
    long GcHeapBytes,
    long GcCommittedBytes,
    bool ServerGc,
    int ProcessorCount);
