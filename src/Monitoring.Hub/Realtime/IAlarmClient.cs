using Monitoring.Hub.Alarms.Api;

namespace Monitoring.Hub.Realtime;

/// <summary>
/// What the hub sends to a dashboard on <c>/hubs/alarms</c>. On the wire the method names are
/// camelCase (<c>alarmRaised</c>, <c>alarmChanged</c>, <c>vitals</c>, <c>snapshot</c>, <c>sessionEnded</c>), see
/// <see cref="CamelCaseJsonHubProtocol"/>.
/// </summary>
public interface IAlarmClient
{
    /// <summary>A new alarm for the connection's clinic.</summary>
    Task AlarmRaised(AlarmResponse alarm);

    /// <summary>Any later change: repeat, condition cleared, acknowledged, resolved, escalated or reminded (re-sent).</summary>
    Task AlarmChanged(AlarmResponse alarm);

    /// <summary>The latest vital signs of a patient, at most about once a second per patient.</summary>
    Task Vitals(VitalsSample sample);

    /// <summary>
    /// Sent first on every connection: the open alarms and the latest vitals of the clinic. With N hubs
    /// an event of another hub's grain sent while it is taken may come just before it (docs/scale-out.md).
    /// </summary>
    Task Snapshot(AlarmSnapshot snapshot);

    /// <summary>The connection's session ended (signed out, disabled, password reset or changed); the hub closes it next.</summary>
    Task SessionEnded(SessionEndedEvent sessionEnded);
}
