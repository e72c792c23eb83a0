namespace Monitoring.Hub.Cluster;

/// <summary>
/// <c>GET /internal/cluster/status</c>: this hub's id, whether it leads, the leader it knows, and
/// how many valid readings it ingested (its share of the device stream) since it started.
/// </summary>
public sealed record ClusterStatus(string HubId, bool IsLeader, Uri? LeaderUrl, long Readings);
