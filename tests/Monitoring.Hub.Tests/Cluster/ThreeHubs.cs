namespace Monitoring.Hub.Tests.Cluster;

/// <summary>Three hubs of one cluster (<see cref="HubCluster"/>): one can die and two still vote it dead.</summary>
public sealed class ThreeHubs() : HubCluster(3);
