namespace Monitoring.Domain.Episodes;

/// <summary>
/// Each end-of-home-treatment criterion and whether all are met, so the clinician sees which
/// one is still missing.
/// </summary>
public sealed record EndCriteriaAssessment(
    bool AntigenNegative,
    bool PcrConsecutiveCtAbove35,
    bool SymptomsImproved)
{
    public bool Met => AntigenNegative && PcrConsecutiveCtAbove35 && SymptomsImproved;
}
