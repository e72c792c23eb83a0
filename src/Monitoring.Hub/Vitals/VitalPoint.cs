namespace Monitoring.Hub.Vitals;

/// <summary>One raw reading of <c>GET /api/patients/{id}/vitals</c>.</summary>
public sealed record VitalPoint(DateTimeOffset T, double Value);
