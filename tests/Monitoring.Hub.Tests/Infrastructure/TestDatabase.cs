using Npgsql;

namespace Monitoring.Hub.Tests.Infrastructure;

/// <summary>
/// A throw-away PostgreSQL database <c>monitoring_t_&lt;random&gt;</c>, created with the
/// <c>monitoring</c> role (it has CREATEDB) on the server of Database__ConnectionString and
/// dropped at the end, so each test class starts from an empty schema.
/// </summary>
public sealed class TestDatabase : IAsyncDisposable
{
    private readonly string _adminConnectionString;

    private TestDatabase(string adminConnectionString, string name, string connectionString)
    {
        _adminConnectionString = adminConnectionString;
        Name = name;
        ConnectionString = connectionString;
        DataSource = NpgsqlDataSource.Create(connectionString);
    }

    public string Name { get; }

    public string ConnectionString { get; }

    /// <summary>For assertions on what the hub stored.</summary>
    public NpgsqlDataSource DataSource { get; }

    public static string BaseConnectionString =>
        Environment.GetEnvironmentVariable("Database__ConnectionString")
        ?? "Host=127.0.0.1;Port=5432;Username=monitoring;Password=dev-pg-monitoring;Database=monitoring";

    public static async Task<TestDatabase> CreateAsync()
    {
        var name = $"monitoring_t_{Guid.NewGuid():N}"[..30];
        var admin = new NpgsqlConnectionStringBuilder(BaseConnectionString) { Pooling = false };
        await using (var connection = new NpgsqlConnection(admin.ConnectionString))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
            await command.ExecuteNonQueryAsync();
        }

        var target = new NpgsqlConnectionStringBuilder(BaseConnectionString) { Database = name };
        return new TestDatabase(admin.ConnectionString, name, target.ConnectionString);
    }

    public async ValueTask DisposeAsync()
    {
        await DataSource.DisposeAsync();
        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(_adminConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS {Name} WITH (FORCE)", connection);
        await command.ExecuteNonQueryAsync();
    }
}
