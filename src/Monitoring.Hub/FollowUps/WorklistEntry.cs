using Monitoring.Domain.FollowUps;
using Monitoring.Domain.Risk;

namespace Monitoring.Hub.FollowUps;

/// <summary>
/// One patient on a clinic's worklist: the open follow-up (due or overdue) if any, the contact
/// cadence of the current clinic-local week (who is behind before the week ends), whether the
/// episode's end criteria are met (003 居家治疗指南 四: tell the clinician), and since when the second
/// booster is due (000), null when it is not.
/// </summary>
public sealed record WorklistEntry(
    Guid PatientId,
    string PatientName,
    Guid ClinicId,
    RiskTier Tier,
    bool InHomeTreatment,
    FollowUpResponse? FollowUp,
    CadenceStatus Cadence,
    bool EndCriteriaMet,
    DateOnly? BoosterDueOn);
