namespace Monitoring.Domain.Risk;

/// <summary>The tier a patient was given, why (<see cref="Basis"/>), and the age it was computed with.</summary>
public sealed record RiskAssessment(RiskTier Tier, RiskBasis Basis, int AgeYears, DateOnly AssessedOn);
