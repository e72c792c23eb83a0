using Monitoring.Hub.Alarms;
using Monitoring.Hub.Ingestion;

namespace Monitoring.Hub.Cluster;

/// <summary>
/// Ingestion's hand-off in a cluster: on the leader straight into the alarm worker (as with one
/// hub); on a follower to the leader through the alarm feed (<see cref="ClusterLink"/>).
/// </summary>
public sealed class ClusterReadingRouter(ILeadershipGate leadership, AlarmWorker worker, ClusterLink link) : IReadingObserver
{
    private long _readings;

    /// <summary>Valid readings this hub ingested (its share of the device stream), for <c>/internal/cluster/status</c>.</summary>
    public long Readings => Interlocked.Read(ref _readings);

    public ValueTask OnReadingsAsync(IReadOnlyList<AttributedReading> readings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(readings);
        if (readings.Count == 0)
        {
            return ValueTask.CompletedTask;
        }

        Interlocked.Add(ref _readings, readings.Count);
        return leadership.IsLeader ? worker.EnqueueAsync(readings, cancellationToken) : link.SendToLeaderAsync(readings, cancellationToken);
    }
}
