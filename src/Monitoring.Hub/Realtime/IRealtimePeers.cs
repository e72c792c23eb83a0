namespace Monitoring.Hub.Realtime;

/// <summary>
/// The other hubs' realtime views (N hubs, docs/scale-out.md). Each hub's <see cref="RealtimePublisher"/>
/// hears only the grains of its own silo; it sends their events to the SignalR groups itself (the
/// backplane carries them to every hub's connections) and tells the other hubs' publishers what it
/// sent, which they apply to their view only, so a snapshot on any hub holds the whole cluster's open
/// alarms and latest vitals. Registered by <c>AddRedis()</c> when Redis is configured; one hub has none.
/// </summary>
public interface IRealtimePeers
{
    /// <summary>Completes once this hub hears the other hubs' changes.</summary>
    Task Joined { get; }

    /// <summary>Tells the other hubs; never waits (a lost change leaves their snapshot behind until the alarm's next one).</summary>
    void Share(PeerViewChange change);
}
