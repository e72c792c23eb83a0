using Monitoring.Hub.Auth;

namespace Monitoring.Hub.Realtime;

/// <summary>
/// Whose view of the open alarms and latest vitals welcomes a new <c>/hubs/alarms</c> connection
/// (its snapshot, then its group) and answers <c>GetSnapshot</c>: the <see cref="RealtimePublisher"/>
/// next to the alarm engine; in a cluster it may sit on another hub, whose sends reach this hub's
/// connections through the SignalR Redis backplane (docs/scale-out.md).
/// </summary>
public interface IRealtimeView
{
    ValueTask ConnectedAsync(string connectionId, ClinicScope scope, CancellationToken ct);

    Task<AlarmSnapshot> SnapshotAsync(ClinicScope scope, CancellationToken ct);
}
