namespace Monitoring.Hub.Influx;

/// <summary>A snapshot of the writer for health checks and diagnostics.</summary>
public sealed record InfluxWriterStatus(
    bool Running,
    bool SchemaReady,
    DateTimeOffset? FailingSince,
    string? LastError,
    DateTimeOffset? LastWrittenAt,
    long BufferedLines);
