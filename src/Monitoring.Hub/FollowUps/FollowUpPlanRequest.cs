namespace Monitoring.Hub.FollowUps;

/// <summary><c>intervalDays</c> 1-30; null returns the patient to the clinic's interval.</summary>
public sealed record FollowUpPlanRequest(int? IntervalDays);
