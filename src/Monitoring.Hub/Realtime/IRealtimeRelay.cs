using Monitoring.Hub.Alarms;

namespace Monitoring.Hub.Realtime;

/// <summary>
/// Where the alarm engine's hub also sends what it pushes to its own dashboards, so the other
/// hubs of a cluster push the same (docs/scale-out.md). Called from the publisher's loop: must not wait.
/// </summary>
public interface IRealtimeRelay
{
    void Alarm(AlarmResponse alarm, bool raised);

    void Vitals(Guid clinicId, VitalsSample sample);
}
