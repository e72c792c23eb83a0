namespace Monitoring.Hub.Realtime;

/// <summary>One hub: its dashboards are all connected to it, nothing to relay.</summary>
public sealed class NoRealtimeRelay : IRealtimeRelay
{
    public void Vitals(Guid clinicId, VitalsSample sample)
    {
    }
}
