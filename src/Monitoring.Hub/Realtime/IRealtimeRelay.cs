namespace Monitoring.Hub.Realtime;

/// <summary>
/// Where the publisher also sends the vitals it coalesced, so the other hubs of a leader/follower
/// cluster show the same (docs/scale-out.md); alarm changes are relayed from the engine's event
/// stream instead. Called from the publisher's loop: must not wait.
/// </summary>
public interface IRealtimeRelay
{
    void Vitals(Guid clinicId, VitalsSample sample);
}
