namespace Monitoring.Hub.Tests.Ingestion;

/// <summary>
/// Ingestion tests run one class at a time and apart from the rest: each hub consumes every device
/// message of the shared test broker (its own shared-subscription group), and the fault tests stop
/// and kill services and processes; run side by side they would slow each other past their bounds.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class IngestionCollection
{
    public const string Name = "ingestion";
}
