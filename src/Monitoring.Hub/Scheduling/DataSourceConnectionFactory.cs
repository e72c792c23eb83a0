using Hangfire.PostgreSql;
using Npgsql;

namespace Monitoring.Hub.Scheduling;

/// <summary>Hangfire's connections come from the hub's one <see cref="NpgsqlDataSource"/> (its pool, its settings).</summary>
internal sealed class DataSourceConnectionFactory(NpgsqlDataSource dataSource) : IConnectionFactory
{
    public NpgsqlConnection GetOrCreateConnection() => dataSource.CreateConnection();
}
