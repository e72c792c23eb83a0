namespace Monitoring.FirmwareSim.Hub;

/// <summary>A patient as <c>POST /api/patients</c> answers it (the fields the simulator uses).</summary>
public sealed record HubPatient(Guid Id, string Name, string RiskTier, HubRiskBasis? RiskBasis, int AgeYears);
