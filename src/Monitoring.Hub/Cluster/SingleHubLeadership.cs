namespace Monitoring.Hub.Cluster;

/// <summary>Cluster disabled: this hub is the only one, and the alarm engine starts at once.</summary>
public sealed class SingleHubLeadership : ILeadershipGate
{
    public bool IsLeader => true;

    public Uri? LeaderUrl => null;

    public Task WaitForLeadershipAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
