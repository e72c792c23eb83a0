namespace Monitoring.Hub.Ingestion;

/// <summary>
/// An item of <c>GET /api/ingest/rejected</c>: the contract's <c>receivedAt, topic, reason, payload</c>,
/// plus the device, what exactly was wrong, how many records it stands for (0 = the whole
/// message) and whether the payload was cut.
/// </summary>
public sealed record RejectedMessageResponse(
    DateTimeOffset ReceivedAt,
    string Topic,
    string Reason,
    string Payload,
    string? DeviceId,
    string Detail,
    int Records,
    bool PayloadTruncated);
