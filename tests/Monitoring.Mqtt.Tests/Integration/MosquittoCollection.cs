namespace Monitoring.Mqtt.Tests.Integration;

/// <summary>
/// The integration test classes run one after another, alone: each has its own broker, but
/// on a two-core machine a 20,000-message test beside a keep-alive test would blur timing.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class MosquittoCollection
{
    public const string Name = "Mosquitto integration";
}
