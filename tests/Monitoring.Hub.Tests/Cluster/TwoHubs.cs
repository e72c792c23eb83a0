namespace Monitoring.Hub.Tests.Cluster;

/// <summary>Two hubs of one cluster (<see cref="HubCluster"/>): what is shared between hubs without needing a third.</summary>
public sealed class TwoHubs() : HubCluster(2);
