namespace Monitoring.Domain.Risk;

/// <summary>What the risk assessment needs about a patient; the age is computed at the assessment date.</summary>
public sealed record RiskInputs(DateOnly BirthDate, UnderlyingDisease UnderlyingDisease, Vaccination Vaccination);
