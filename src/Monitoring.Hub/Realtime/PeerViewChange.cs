using Monitoring.Hub.Alarms.Api;

namespace Monitoring.Hub.Realtime;

/// <summary>
/// One change of a hub's realtime view, told to the other hubs (<see cref="IRealtimePeers"/>) so their
/// snapshots hold it too: an alarm as sent (open or closed), a referral step of an open alarm, or a
/// patient's vitals sample as sent (throttled, with the clinic the snapshot filters by). Exactly one is set.
/// </summary>
public sealed record PeerViewChange
{
    public AlarmResponse? Alarm { get; init; }

    public Guid? ReferralAlarmId { get; init; }

    public AlarmReferral? Referral { get; init; }

    public VitalsSample? Vitals { get; init; }

    public Guid? VitalsClinicId { get; init; }
}
