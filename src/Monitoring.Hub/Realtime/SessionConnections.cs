using System.Collections.Concurrent;
using Microsoft.AspNetCore.SignalR;
using Monitoring.Hub.Api;
using Monitoring.Hub.Auth.Sessions;

namespace Monitoring.Hub.Realtime;

/// <summary>
/// The live <c>/hubs/alarms</c> connections of each session on this hub, so a revoked session's
/// wall is told why (<c>sessionEnded</c>) and closed at once rather than at its token's expiry.
/// Every hub has its own; each learns of revocations through <see cref="SessionRevocations"/>.
/// </summary>
public sealed partial class SessionConnections(IHubContext<AlarmHub, IAlarmClient> hub, ILogger<SessionConnections> logger) : ISessionEndedListener
{
    private readonly ConcurrentDictionary<Guid, ConcurrentDictionary<string, HubCallerContext>> _bySession = new();

    public void Add(Guid sessionId, HubCallerContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        _bySession.GetOrAdd(sessionId, _ => new ConcurrentDictionary<string, HubCallerContext>())[context.ConnectionId] = context;
    }

    public void Remove(Guid sessionId, string connectionId)
    {
        if (_bySession.TryGetValue(sessionId, out var connections))
        {
            connections.TryRemove(connectionId, out _);
            if (connections.IsEmpty)
            {
                _bySession.TryRemove(KeyValuePair.Create(sessionId, connections));
            }
        }
    }

    public void SessionsEnded(IReadOnlyCollection<Guid> sessionIds, SessionEndReason reason)
    {
        ArgumentNullException.ThrowIfNull(sessionIds);
        foreach (var sessionId in sessionIds)
        {
            if (_bySession.TryRemove(sessionId, out var connections))
            {
                foreach (var context in connections.Values)
                {
                    _ = CloseAsync(context, sessionId, reason);
                }
            }
        }
    }

    private async Task CloseAsync(HubCallerContext context, Guid sessionId, SessionEndReason reason)
    {
        try
        {
            // Said first, so the wall can show why; the close follows whether or not it arrived
            // (the dashboard also reads the reason from the 401 of its next request).
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await hub.Clients.Client(context.ConnectionId).SessionEnded(new SessionEndedEvent(Codes.Of(reason))).WaitAsync(timeout.Token);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            LogNotTold(logger, ex, context.ConnectionId);
        }
        finally
        {
            context.Abort();
            LogClosed(logger, context.ConnectionId, sessionId, reason);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Closed connection {ConnectionId}: its session {SessionId} ended ({Reason})")]
    private static partial void LogClosed(ILogger logger, string connectionId, Guid sessionId, SessionEndReason reason);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Connection {ConnectionId} was not told why its session ended")]
    private static partial void LogNotTold(ILogger logger, Exception exception, string connectionId);
}
