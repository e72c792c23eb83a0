namespace Monitoring.Hub.FollowUps;

/// <summary>
/// Body of <c>PUT /api/patients/{id}/boosters</c>, a full replacement: dates <c>YYYY-MM-DD</c> or null,
/// <c>highInfectionRisk</c> (感染高风险人群, a clinician's judgement) false when omitted.
/// </summary>
public sealed record BoosterRequest(DateOnly? FirstBoosterOn, DateOnly? SecondBoosterOn, bool? HighInfectionRisk);
