using Monitoring.Hub.Auth;

namespace Monitoring.Hub.Realtime;

/// <summary>
/// Whose view of the open alarms and latest vitals welcomes a new <c>/hubs/alarms</c> connection
/// (its snapshot, then its group) and answers <c>GetSnapshot</c>: the <see cref="RealtimePublisher"/>
/// next to the alarm engine. With the SignalR Redis backplane that publisher may sit on another hub:
/// it reaches the connection there (docs/scale-out.md).
/// </summary>
public interface IRealtimeView
{
    ValueTask ConnectedAsync(string connectionId, ClinicScope scope, CancellationToken ct);

    Task<AlarmSnapshot> SnapshotAsync(ClinicScope scope, CancellationToken ct);
}
