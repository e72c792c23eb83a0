namespace Monitoring.Hub.Vitals;

/// <summary>One <c>every</c> bucket of <c>GET /api/patients/{id}/vitals</c>, starting at <see cref="T"/>; null values: no reading in it.</summary>
public sealed record VitalBucket(DateTimeOffset T, double? Min, double? Mean, double? Max);
