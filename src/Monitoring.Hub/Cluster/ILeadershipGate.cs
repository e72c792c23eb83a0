namespace Monitoring.Hub.Cluster;

/// <summary>
/// Whether this hub runs the alarm engine (the stateful part). Always open with one hub;
/// in a cluster, open on the hub holding the PostgreSQL lease (<see cref="ClusterLeadership"/>).
/// </summary>
public interface ILeadershipGate
{
    bool IsLeader { get; }

    /// <summary>Completes when this hub is (or becomes) the leader; a leader stays one until its process stops.</summary>
    Task WaitForLeadershipAsync(CancellationToken cancellationToken);

    /// <summary>The leader's advertised URL as last read from <c>cluster_members</c>; null when none is known.</summary>
    Uri? LeaderUrl { get; }
}
