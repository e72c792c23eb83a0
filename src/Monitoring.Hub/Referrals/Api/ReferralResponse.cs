namespace Monitoring.Hub.Referrals.Api;

/// <summary>
/// A referral as the API shows it: the request, its current state with the steps it may take next,
/// its owner, the linked alarm and the whole timeline, oldest step first.
/// </summary>
public sealed record ReferralResponse(
    Guid Id,
    Guid PatientId,
    Guid ClinicId,
    string PatientName,
    string PatientTier,
    Guid? AlarmId,
    string? AlarmKind,
    string Reason,
    string DestinationLevel,
    string SuggestedLevel,
    string Destination,
    string Transport,
    string? Note,
    string State,
    bool Open,
    DateTimeOffset StateSince,
    Guid OwnerId,
    string OwnerUsername,
    DateTimeOffset RequestedAt,
    DateTimeOffset? ClosedAt,
    IReadOnlyList<string> NextStates,
    IReadOnlyList<ReferralEventResponse> Events)
{
    /// <summary>What the alarm it was started from shows of it.</summary>
    public Alarms.Api.AlarmReferral ForAlarm() => new(Id, State, DestinationLevel, Open, StateSince);
}
