namespace Monitoring.Hub.Diagnostics;

/// <summary>
/// <c>GET /api/diagnostics/runtime</c>: the data path's depths and counters and the process's
/// memory, for operators and the benchmark (<c>scripts/bench.sh</c>), which has no EventPipe tools here.
/// </summary>
/// <param name="MessagesReceived">MQTT messages taken from the broker since start.</param>
/// <param name="MessagesAcknowledged">Of those, acknowledged (durable) so far.</param>
/// <param name="Unacknowledged">Received, not yet durable (the hub's own backlog).</param>
/// <param name="InboundQueue">Messages waiting for the ingestion processor.</param>
/// <param name="BufferedLines">Lines waiting for the InfluxDB writer.</param>
/// <param name="ReadingsWritten">Readings written to InfluxDB since start.</param>
/// <param name="AlarmQueue">Reading calls handed to patients' alarm grains and not yet answered (the name kept for the API).</param>
/// <param name="WorkingSetBytes">Resident memory of the process.</param>
/// <param name="GcHeapBytes">Managed heap: live bytes after a full collection when <c>collect=true</c>, else the heap size at the last collection.</param>
/// <param name="GcCommittedBytes">Memory the GC has committed.</param>
/// <param name="ServerGc">Whether the server garbage collector runs.</param>
/// <param name="ProcessorCount">Processors the runtime sees.</param>
public sealed record RuntimeStatsResponse(
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
