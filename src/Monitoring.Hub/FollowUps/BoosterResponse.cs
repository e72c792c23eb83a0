using Monitoring.Domain.FollowUps;

namespace Monitoring.Hub.FollowUps;

/// <summary>
/// A patient's boosters and the second booster's status on the clinic's today (000): the groups that
/// make the patient eligible, the day it is due (first booster + 6 months) and whether it is due now.
/// </summary>
public sealed record BoosterResponse(
    Guid PatientId,
    DateOnly? FirstBoosterOn,
    DateOnly? SecondBoosterOn,
    bool HighInfectionRisk,
    bool Eligible,
    IReadOnlyList<BoosterGroup> Groups,
    DateOnly? DueOn,
    bool Due);
