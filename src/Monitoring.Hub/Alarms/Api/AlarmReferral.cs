using Monitoring.Domain.Referrals;
using Monitoring.Hub.Api;

namespace Monitoring.Hub.Alarms.Api;

/// <summary>
/// The referral started from an alarm (转诊, docs/referrals.md), as the alarm shows it: the newest one
/// when a cancelled or declined referral was followed by another from the same alarm.
/// </summary>
public sealed record AlarmReferral(Guid Id, string State, string DestinationLevel, bool Open, DateTimeOffset StateSince)
{
    /// <summary>
    /// Whether this copy may replace <paramref name="shown"/> on the alarm: two steps committed one after
    /// the other may reach the wall in the other order. One referral only moves forward through its states
    /// (a step is never dated before the state it leaves); a later referral from the alarm follows a
    /// closed one (at most one is open per patient).
    /// </summary>
    public bool Supersedes(AlarmReferral? shown)
    {
        if (shown is null)
        {
            return true;
        }

        if (Id == shown.Id)
        {
            return Rank(State) >= Rank(shown.State);
        }

        return Open != shown.Open ? Open : StateSince >= shown.StateSince;
    }

    private static int Rank(string state) => Codes.TryParse<ReferralState>(state, out var parsed) ? (int)parsed : -1;
}
