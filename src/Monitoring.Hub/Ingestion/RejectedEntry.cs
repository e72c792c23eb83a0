using Monitoring.Contracts.Validation;

namespace Monitoring.Hub.Ingestion;

/// <summary>One rejected message (or some records of it) as stored and shown by <c>GET /api/ingest/rejected</c>.</summary>
public sealed record RejectedEntry(
    DateTimeOffset ReceivedAt,
    string Topic,
    string? DeviceId,
    RejectionReason Reason,
    string Detail,
    int Records,
    string Payload,
    bool PayloadTruncated);
