namespace Monitoring.Hub.Referrals.Api;

/// <summary>One step of a referral's timeline: the state it reached, when, who recorded it and when.</summary>
public sealed record ReferralEventResponse(string State, DateTimeOffset At, DateTimeOffset RecordedAt, string By, string? Note);
