using Monitoring.Hub.Health;

namespace Monitoring.Hub.Database;

public static class DatabaseMigrationSetup
{
    /// <summary>
    /// Schema migrations at start-up (before the server listens), their readiness check, and the
    /// Dapper type handlers every store relies on. Needs <c>AddDatabase()</c> (the data source).
    /// </summary>
    public static IServiceCollection AddDatabaseMigrations(this IServiceCollection services)
    {
        DapperTypeHandlers.Register();
        services.AddSingleton<SchemaState>();
        services.AddSingleton<MigrationRunner>();
        services.AddHostedService<DatabaseStartup>();
        services.AddHealthChecks().AddCheck<SchemaHealthCheck>("schema", tags: [HealthSetup.ReadyTag], timeout: TimeSpan.FromSeconds(1));
        return services;
    }
}
