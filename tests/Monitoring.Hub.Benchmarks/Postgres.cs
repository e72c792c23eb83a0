using Npgsql;

namespace Monitoring.Hub.Benchmarks;

/// <summary>The bench's own PostgreSQL database on the stack's server, created afresh for each run.</summary>
public static class Postgres
{
    /// <summary>The connection string the hub gets (pooled, as deployed); the bench's own connections add <c>Pooling=false</c>.</summary>
    public static string ConnectionString(BenchSettings settings, string database, bool pooling = true)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return new NpgsqlConnectionStringBuilder
        {
            Host = "127.0.0.1",
            Port = settings.PostgresPort,
            Username = "monitoring",
            Password = settings.PostgresPassword,
            Database = database,
            Pooling = pooling,
        }.ConnectionString;
    }

    public static async Task RecreateAsync(BenchSettings settings, string database)
    {
        await using var connection = new NpgsqlConnection(ConnectionString(settings, "monitoring", pooling: false));
        await connection.OpenAsync();
        foreach (var sql in new[] { $"DROP DATABASE IF EXISTS {database} WITH (FORCE)", $"CREATE DATABASE {database}" })
        {
            await using var command = new NpgsqlCommand(sql, connection);
            await command.ExecuteNonQueryAsync();
        }
    }
}
