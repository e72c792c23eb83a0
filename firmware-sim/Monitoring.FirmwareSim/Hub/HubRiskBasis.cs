namespace Monitoring.FirmwareSim.Hub;

/// <summary>Why the hub put a patient in a tier: a table row (G1..R3) or the score.</summary>
public sealed record HubRiskBasis(string Method, string? Row, int? Score);
