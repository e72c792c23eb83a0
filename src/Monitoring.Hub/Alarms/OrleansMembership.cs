namespace Monitoring.Hub.Alarms;

/// <summary>Where the hubs' silos find each other (<see cref="OrleansOptions.Membership"/>).</summary>
public enum OrleansMembership
{
    /// <summary>One hub, in-process membership: nothing to install.</summary>
    Localhost,

    /// <summary>N hubs: Orleans' membership table in the Redis of <c>Redis:Configuration</c>.</summary>
    Redis,
}
