namespace Monitoring.Hub.Realtime;

/// <summary><c>sessionEnded</c>: sent to a connection just before the hub closes it because its session ended (<c>reason</c> as in the 401's problem).</summary>
public sealed record SessionEndedEvent(string Reason);
