using System.Collections.Concurrent;

namespace Monitoring.Hub.Auth.Sessions;

/// <summary>
/// Each hub's view of which sessions are open, consulted on every authenticated request and
/// SignalR connection. A session is read from PostgreSQL the first time this hub sees its token
/// (one query per session and hub), then answered from memory: a dictionary lookup, no round
/// trip per request. Revocations made on this hub apply at once; those made on another hub
/// arrive with <see cref="SessionRevocationPoller"/> within Auth:SessionRefreshInterval.
/// </summary>
public sealed partial class SessionRevocations(SessionStore store, IEnumerable<ISessionEndedListener> listeners, TimeProvider time, ILogger<SessionRevocations> logger)
{
    private readonly ConcurrentDictionary<Guid, StoredSession> _sessions = new();
    private readonly ISessionEndedListener[] _listeners = [.. listeners];

    /// <summary>How long "no such session" is remembered: the longest a token can live (Auth:TokenLifetime at most 7 days).</summary>
    private static readonly TimeSpan UnknownRemembered = TimeSpan.FromDays(7);

    /// <summary>Null when the session is open; otherwise why it ended (<see cref="SessionEndReason.UnknownSession"/> for none).</summary>
    public async ValueTask<SessionEndReason?> EndReasonAsync(Guid sessionId, CancellationToken cancellationToken)
    {
        if (!_sessions.TryGetValue(sessionId, out var session))
        {
            session = await store.FindAsync(sessionId, cancellationToken)
                ?? new StoredSession(sessionId, Guid.Empty, time.GetUtcNow() + UnknownRemembered, SessionEndReason.UnknownSession);
            // A revocation that raced the read wins: never replace an ended entry by an open one.
            session = _sessions.AddOrUpdate(sessionId, session, (_, existing) => existing.EndReason is null ? session : existing);
        }

        return session.EndReason;
    }

    /// <summary>A session issued by this hub: known open without a query.</summary>
    public void Opened(Guid sessionId, Guid userId, DateTimeOffset expiresAt) =>
        _sessions.TryAdd(sessionId, new StoredSession(sessionId, userId, expiresAt, null));

    /// <summary>Sessions ended (here or, through the poller, on another hub): refused from now on, their connections closed.</summary>
    public void Ended(IReadOnlyCollection<Guid> sessionIds, SessionEndReason reason)
    {
        ArgumentNullException.ThrowIfNull(sessionIds);
        var newlyEnded = new List<Guid>();
        foreach (var id in sessionIds)
        {
            // Only sessions this hub has seen: any other is read from PostgreSQL (already revoked)
            // when its token first arrives, so the cache holds no entry that never expires. A read
            // racing this revocation is corrected by the next poll (it looks back CommitMargin).
            while (_sessions.TryGetValue(id, out var existing) && existing.EndReason is null)
            {
                if (_sessions.TryUpdate(id, existing with { EndReason = reason }, existing))
                {
                    newlyEnded.Add(id);
                    break;
                }
            }
        }

        if (newlyEnded.Count == 0)
        {
            return;
        }

        LogEnded(logger, newlyEnded.Count, reason);
        foreach (var listener in _listeners)
        {
            try
            {
                listener.SessionsEnded(newlyEnded, reason);
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                LogListenerFailed(logger, ex, listener.GetType().Name);
            }
        }
    }

    /// <summary>Forgets expired sessions (their tokens fail on expiry anyway), so the cache holds only live ones.</summary>
    public void ForgetExpired()
    {
        var now = time.GetUtcNow();
        foreach (var (id, session) in _sessions)
        {
            if (session.ExpiresAt < now - TimeSpan.FromMinutes(5))
            {
                _sessions.TryRemove(id, out _);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "{Count} session(s) ended ({Reason}); their tokens are refused and their connections closed on this hub")]
    private static partial void LogEnded(ILogger logger, int count, SessionEndReason reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Closing what ended sessions hold failed in {Listener}")]
    private static partial void LogListenerFailed(ILogger logger, Exception exception, string listener);
}
