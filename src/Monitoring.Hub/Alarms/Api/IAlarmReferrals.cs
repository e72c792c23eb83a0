namespace Monitoring.Hub.Alarms.Api;

/// <summary>
/// Which referral each alarm started, read at the edges that show alarms (the API and the realtime
/// publisher): the alarm engine knows nothing of referrals, so its alarms are joined here, after the
/// engine, never inside it. Implemented by the referral feature (<c>AddReferrals()</c>).
/// </summary>
public interface IAlarmReferrals
{
    /// <summary>The referral of each of <paramref name="alarmIds"/> that has one; an alarm without one is absent.</summary>
    Task<IReadOnlyDictionary<Guid, AlarmReferral>> OfAlarmsAsync(IReadOnlyCollection<Guid> alarmIds, CancellationToken cancellationToken);
}
