using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;
using Monitoring.Hub.Alarms.Engine;
using Monitoring.Hub.Alarms.Operator;
using Monitoring.Hub.Auth;
using Monitoring.Hub.Auth.Sessions;

namespace Monitoring.Hub.Realtime;

/// <summary>
/// <c>/hubs/alarms</c>: the alarm wall's live feed, for signed-in clinicians (the API's JWT, as the
/// <c>access_token</c> query parameter for WebSockets). A nurse's or doctor's connection joins
/// only its clinic's group; an administrator's joins <see cref="RealtimeGroups.Admins"/> and sees
/// every clinic. On connect the server sends <c>snapshot</c>, then changes; <see cref="GetSnapshot"/>
/// re-syncs on demand. When the connection's session ends it gets <c>sessionEnded</c> and is closed
/// (<see cref="SessionConnections"/>).
/// </summary>
[Authorize(Policy = Policies.Clinician)]
public sealed class AlarmHub(
    RealtimePublisher view, AlarmMetrics metrics, OperatorAlarms operatorAlarms, SessionConnections sessions, SessionRevocations revocations) : Hub<IAlarmClient>
{
    public const string Path = "/hubs/alarms";

    public override async Task OnConnectedAsync()
    {
        var scope = Scope();
        metrics.ConnectionOpened();
        if (scope.SessionId is { } sessionId)
        {
            sessions.Add(sessionId, Context);
            // A revocation between the token check and this registration would have found nothing to close.
            if (await revocations.EndReasonAsync(sessionId, Context.ConnectionAborted) is { } ended)
            {
                sessions.SessionsEnded([sessionId], ended);
                return;
            }
        }

        // The publisher sends the snapshot and only then adds the connection to its group, in
        // order with the events it publishes, so none is missed or sent before the snapshot.
        await view.ConnectedAsync(Context.ConnectionId, scope, Context.ConnectionAborted);
    }

    public override Task OnDisconnectedAsync(Exception? exception)
    {
        metrics.ConnectionClosed();
        if (ClinicScope.FromPrincipal(Context.User)?.SessionId is { } sessionId)
        {
            sessions.Remove(sessionId, Context.ConnectionId);
        }

        return Task.CompletedTask;
    }

    /// <summary>The open alarms and latest vitals the caller may see (for an administrator, also the hub's own open alarms).</summary>
    public async Task<AlarmSnapshot> GetSnapshot()
    {
        var scope = Scope();
        var snapshot = await view.SnapshotAsync(scope, Context.ConnectionAborted);
        var hub = await operatorAlarms.OpenAsync(scope, Context.ConnectionAborted);
        return hub.Count == 0 ? snapshot : snapshot with { Alarms = [.. snapshot.Alarms, .. hub] };
    }

    private ClinicScope Scope() =>
        ClinicScope.FromPrincipal(Context.User) ?? throw new HubException("The token does not describe a user and clinic.");
}
