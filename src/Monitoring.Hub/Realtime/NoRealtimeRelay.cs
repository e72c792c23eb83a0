using Monitoring.Hub.Alarms;

namespace Monitoring.Hub.Realtime;

/// <summary>One hub: its dashboards are all connected to it, nothing to relay.</summary>
public sealed class NoRealtimeRelay : IRealtimeRelay
{
    public void Alarm(AlarmResponse alarm, bool raised)
    {
    }

    public void Vitals(Guid clinicId, VitalsSample sample)
    {
    }
}
