namespace Monitoring.Hub.FollowUps;

/// <summary>The patient's effective follow-up interval, whether it is the patient's own, and the open follow-up's date.</summary>
public sealed record FollowUpPlanResponse(Guid PatientId, int IntervalDays, bool PatientOverride, DateOnly? NextDueOn);
