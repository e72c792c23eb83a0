namespace Monitoring.Hub.Auth.Sessions;

/// <summary>
/// Told on every hub when sessions end, once per session, so it can close what those sessions
/// hold open (the realtime feature closes their SignalR connections).
/// </summary>
public interface ISessionEndedListener
{
    void SessionsEnded(IReadOnlyCollection<Guid> sessionIds, SessionEndReason reason);
}
