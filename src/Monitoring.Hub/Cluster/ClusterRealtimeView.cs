using System.Net;
using Microsoft.AspNetCore.SignalR;
using Monitoring.Hub.Api;
using Monitoring.Hub.Auth;
using Monitoring.Hub.Realtime;

namespace Monitoring.Hub.Cluster;

/// <summary>
/// The view of a leader/follower cluster: the leader's <see cref="RealtimePublisher"/>, the only one
/// that hears the alarm engine. On the leader it is called directly. A follower adds its new
/// connection to its group itself (from then on the leader's sends reach it through the SignalR
/// Redis backplane), then asks the leader's publisher for the snapshot over
/// <c>/internal/cluster/realtime/snapshot</c> and sends it: the snapshot, taken after the join,
/// holds everything sent before it; an event sent meanwhile may arrive just before it, which the
/// dashboard's merge (newest <c>lastUpdatedAt</c> wins) absorbs. Nothing here makes the leader wait
/// on another hub (a group add for a remote connection waits for that hub's acknowledgement).
/// </summary>
public sealed class ClusterRealtimeView(
    ILeadershipGate leadership, RealtimePublisher publisher, LeaderForwarder forwarder, IHubContext<AlarmHub, IAlarmClient> hub) : IRealtimeView
{
    public async ValueTask ConnectedAsync(string connectionId, ClinicScope scope, CancellationToken ct)
    {
        if (leadership.IsLeader)
        {
            await publisher.ConnectedAsync(connectionId, scope, ct);
            return;
        }

        // Not welcomed, the connection would miss what was open: a failure closes it, and the dashboard reconnects.
        await hub.Groups.AddToGroupAsync(connectionId, RealtimeGroups.Of(scope), ct);
        await hub.Clients.Client(connectionId).Snapshot(await SnapshotAsync(scope, ct));
    }

    public async Task<AlarmSnapshot> SnapshotAsync(ClinicScope scope, CancellationToken ct)
    {
        if (leadership.IsLeader)
        {
            return await publisher.SnapshotAsync(scope, ct);
        }

        using var response = await forwarder.PostAsync("/realtime/snapshot", ForwardedScope.From(scope), null, ct);
        if (response.StatusCode == HttpStatusCode.ServiceUnavailable)
        {
            throw new DependencyUnavailableException("The leader hub cannot take it now (the alarm engine may be changing hubs). Try again shortly.");
        }

        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"The leader hub refused a snapshot ({(int)response.StatusCode}): {await response.Content.ReadAsStringAsync(ct)}");
        }

        return await response.Content.ReadFromJsonAsync<AlarmSnapshot>(ApiJson.Options, ct)
            ?? throw new InvalidOperationException("The leader hub answered a snapshot with nothing.");
    }
}
