namespace Monitoring.Hub.Alarms.Api;

/// <summary>
/// The referral started from an alarm (转诊, docs/referrals.md), as the alarm shows it: the newest one
/// when a cancelled or declined referral was followed by another from the same alarm.
/// </summary>
public sealed record AlarmReferral(Guid Id, string State, string DestinationLevel, bool Open, DateTimeOffset StateSince);
