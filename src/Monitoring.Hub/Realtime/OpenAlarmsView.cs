using Monitoring.Domain.Alarms;
using Monitoring.Hub.Alarms.Api;
using Monitoring.Hub.Alarms.Storage;
using Monitoring.Hub.Auth;

namespace Monitoring.Hub.Realtime;

/// <summary>
/// The open alarms a hub's walls are shown, as sent (<see cref="AlarmResponse"/>), each with the
/// referral it started: loaded from PostgreSQL at start, then kept by this hub's grains' changes,
/// referral steps, and (N hubs) the changes the other hubs' publishers sent. Owned by the
/// <see cref="RealtimePublisher"/>'s one loop: not thread-safe.
/// </summary>
internal sealed class OpenAlarmsView
{
    private static readonly string Resolved = AlarmWireNames.Of(AlarmState.Resolved);

    private readonly Dictionary<Guid, AlarmResponse> _open = [];
    private readonly Dictionary<Guid, AlarmReferral> _referrals = [];

    /// <summary>The engine's own list, read from PostgreSQL at start-up, replaces whatever was held.</summary>
    public void Load(IReadOnlyList<StoredAlarm> open, IEnumerable<KeyValuePair<Guid, AlarmReferral>> referrals)
    {
        _open.Clear();
        _referrals.Clear();
        foreach (var (alarmId, referral) in referrals)
        {
            _referrals[alarmId] = referral;
        }

        foreach (var alarm in open)
        {
            _open[alarm.Id] = Present(alarm);
        }
    }

    /// <summary>A change of this hub's grains: the alarm as it is sent, with its referral.</summary>
    public AlarmResponse Take(StoredAlarm alarm)
    {
        var response = Present(alarm);
        if (alarm.Record.IsOpen)
        {
            _open[response.Id] = response;
        }
        else
        {
            Remove(response.Id);
        }

        return response;
    }

    /// <summary>
    /// A referral step of an open alarm: the alarm as it is sent again, or null when it is on no wall
    /// (closed, unknown) or the step is older than the one shown.
    /// </summary>
    public AlarmResponse? TakeReferral(Guid alarmId, AlarmReferral referral)
    {
        if (!_open.TryGetValue(alarmId, out var shown) || !referral.Supersedes(shown.Referral))
        {
            return null;
        }

        _referrals[alarmId] = referral;
        return _open[alarmId] = shown with { Referral = referral };
    }

    /// <summary>Another hub sent this copy of an alarm; one older than the copy held is dropped.</summary>
    public void TakeFromPeer(AlarmResponse alarm)
    {
        if (_open.TryGetValue(alarm.Id, out var shown) && shown.LastUpdatedAt > alarm.LastUpdatedAt)
        {
            return;
        }

        if (alarm.State == Resolved)
        {
            Remove(alarm.Id);
            return;
        }

        _open[alarm.Id] = alarm;
        if (alarm.Referral is { } referral)
        {
            _referrals[alarm.Id] = referral;
        }
    }

    /// <summary>The open alarms <paramref name="scope"/> may see, oldest first.</summary>
    public List<AlarmResponse> VisibleTo(ClinicScope scope) =>
        [.. _open.Values.Where(a => scope.CanSee(a.ClinicId)).OrderBy(a => a.RaisedAt)];

    private void Remove(Guid alarmId)
    {
        _open.Remove(alarmId);
        _referrals.Remove(alarmId);
    }

    private AlarmResponse Present(StoredAlarm alarm)
    {
        var response = AlarmResponse.From(alarm);
        return _referrals.TryGetValue(alarm.Id, out var referral) ? response with { Referral = referral } : response;
    }
}
