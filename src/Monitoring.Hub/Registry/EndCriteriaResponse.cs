using Monitoring.Domain.Episodes;

namespace Monitoring.Hub.Registry;

/// <summary>The end-of-home-treatment criteria (003 居家治疗指南 四) one by one, and whether all are met.</summary>
public sealed record EndCriteriaResponse(bool AntigenNegative, bool PcrConsecutiveCtAbove35, bool SymptomsImproved, bool Met)
{
    public static EndCriteriaResponse From(EndCriteriaAssessment assessment)
    {
        ArgumentNullException.ThrowIfNull(assessment);
        return new(assessment.AntigenNegative, assessment.PcrConsecutiveCtAbove35, assessment.SymptomsImproved, assessment.Met);
    }
}
