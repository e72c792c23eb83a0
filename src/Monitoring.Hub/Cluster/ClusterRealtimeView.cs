using System.Net;
using Monitoring.Hub.Api;
using Monitoring.Hub.Auth;
using Monitoring.Hub.Realtime;

namespace Monitoring.Hub.Cluster;

/// <summary>
/// The view of a leader/follower cluster: the leader's <see cref="RealtimePublisher"/>, the only one
/// that hears the alarm engine. On the leader it is called directly; a follower hands a new
/// connection to it over <c>/internal/cluster/realtime/...</c>, and the leader's publisher sends the
/// snapshot to that connection and adds it to its group through the SignalR Redis backplane, in
/// order with its events, exactly as for its own connections.
/// </summary>
public sealed class ClusterRealtimeView(ILeadershipGate leadership, RealtimePublisher publisher, LeaderForwarder forwarder) : IRealtimeView
{
    public async ValueTask ConnectedAsync(string connectionId, ClinicScope scope, CancellationToken ct)
    {
        if (leadership.IsLeader)
        {
            await publisher.ConnectedAsync(connectionId, scope, ct);
            return;
        }

        // Not welcomed, the connection would hear nothing: the failure closes it, and the dashboard reconnects.
        using var response = await forwarder.PostAsync("/realtime/connections", ForwardedConnection.From(connectionId, scope), null, ct);
        await EnsureSuccessAsync(response, ct);
    }

    public async Task<AlarmSnapshot> SnapshotAsync(ClinicScope scope, CancellationToken ct)
    {
        if (leadership.IsLeader)
        {
            return await publisher.SnapshotAsync(scope, ct);
        }

        using var response = await forwarder.PostAsync("/realtime/snapshot", ForwardedConnection.From("", scope), null, ct);
        await EnsureSuccessAsync(response, ct);
        return await response.Content.ReadFromJsonAsync<AlarmSnapshot>(ApiJson.Options, ct)
            ?? throw new InvalidOperationException("The leader hub answered a snapshot with nothing.");
    }

    private static async Task EnsureSuccessAsync(HttpResponseMessage response, CancellationToken ct)
    {
        if (response.StatusCode == HttpStatusCode.ServiceUnavailable)
        {
            throw new DependencyUnavailableException("The leader hub cannot take it now (the alarm engine may be changing hubs). Try again shortly.");
        }

        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"The leader hub refused a dashboard connection ({(int)response.StatusCode}): {await response.Content.ReadAsStringAsync(ct)}");
        }
    }
}
