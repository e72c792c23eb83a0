namespace Monitoring.Hub.Database;

/// <summary>Data the hub ensures after the schema is current (e.g. the bootstrap administrator).</summary>
public interface IDatabaseSeeder
{
    Task SeedAsync(CancellationToken cancellationToken);
}
