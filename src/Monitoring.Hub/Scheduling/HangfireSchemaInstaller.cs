using Hangfire.PostgreSql;
using Monitoring.Hub.Database;

namespace Monitoring.Hub.Scheduling;

/// <summary>
/// Creates or upgrades Hangfire's own tables (schema <c>hangfire</c>, versioned by Hangfire.PostgreSql
/// itself) once the hub's migrations have run, before the hub reports its schema ready: every hub
/// enqueues one-off reminder checks and may show the dashboard, whether or not it runs a server. The
/// storage the hub uses is built with <see cref="PostgreSqlStorageOptions.PrepareSchemaIfNecessary"/> off,
/// so building it never touches the database and a hub starts while PostgreSQL is away.
/// </summary>
internal sealed class HangfireSchemaInstaller(DataSourceConnectionFactory connections) : IDatabaseSeeder
{
    public Task SeedAsync(CancellationToken cancellationToken) =>
        Task.Run(() => _ = new PostgreSqlStorage(connections, SchedulingSetup.StorageOptions(prepareSchema: true)), cancellationToken);
}
