using Microsoft.Extensions.Logging.Abstractions;
using Monitoring.Hub.Database;
using Monitoring.Hub.Tests.Infrastructure;
using Npgsql;

namespace Monitoring.Hub.Tests.Database;

public sealed class MigrationRunnerTests
{
    [Fact]
    public async Task AFreshDatabaseGetsEveryEmbeddedMigrationOnce()
    {
        await using var database = await TestDatabase.CreateAsync();
        var runner = new MigrationRunner(database.DataSource, NullLogger<MigrationRunner>.Instance);

        var applied = await runner.MigrateAsync(TestContext.Current.CancellationToken);

        var embedded = Migration.LoadEmbedded();
        Assert.NotEmpty(embedded);
        Assert.Equal(embedded.Count, applied);
        Assert.Equal(embedded.Count, await CountAsync(database, "SELECT count(*) FROM schema_migrations"));
        foreach (var table in new[] { "clinics", "users", "patients", "patient_categories", "patient_tier_history", "episodes", "test_results", "devices", "device_assignments", "audit_log" })
        {
            Assert.Equal(1, await CountAsync(database, $"SELECT count(*) FROM information_schema.tables WHERE table_name = '{table}'"));
        }
    }

    [Fact]
    public async Task RunningAgainOnAnExistingDatabaseChangesNothingAndKeepsTheData()
    {
        await using var database = await TestDatabase.CreateAsync();
        var runner = new MigrationRunner(database.DataSource, NullLogger<MigrationRunner>.Instance);
        await runner.MigrateAsync(TestContext.Current.CancellationToken);
        await using (var insert = database.DataSource.CreateCommand(
            "INSERT INTO clinics (id, name, time_zone, created_at) VALUES (gen_random_uuid(), 'kept', 'Asia/Shanghai', now())"))
        {
            await insert.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
        }

        var appliedAgain = await runner.MigrateAsync(TestContext.Current.CancellationToken);

        Assert.Equal(0, appliedAgain);
        Assert.Equal(1, await CountAsync(database, "SELECT count(*) FROM clinics WHERE name = 'kept'"));
    }

    [Fact]
    public async Task TwoHubsMigratingAtOnceTakeTurnsAndApplyEachMigrationOnce()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var otherSource = NpgsqlDataSource.Create(database.ConnectionString);
        var first = new MigrationRunner(database.DataSource, NullLogger<MigrationRunner>.Instance);
        var second = new MigrationRunner(otherSource, NullLogger<MigrationRunner>.Instance);

        var results = await Task.WhenAll(
            first.MigrateAsync(TestContext.Current.CancellationToken),
            second.MigrateAsync(TestContext.Current.CancellationToken));

        var embedded = Migration.LoadEmbedded().Count;
        Assert.Equal(embedded, results.Sum());
        Assert.Equal(embedded, await CountAsync(database, "SELECT count(*) FROM schema_migrations"));
    }

    [Fact]
    public async Task AMigrationEditedAfterItWasAppliedStopsTheRunner()
    {
        await using var database = await TestDatabase.CreateAsync();
        var runner = new MigrationRunner(database.DataSource, NullLogger<MigrationRunner>.Instance);
        await runner.MigrateAsync(TestContext.Current.CancellationToken);
        await using (var tamper = database.DataSource.CreateCommand("UPDATE schema_migrations SET checksum = 'edited' WHERE version = 1"))
        {
            await tamper.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
        }

        var ex = await Assert.ThrowsAsync<InvalidOperationException>(() => runner.MigrateAsync(TestContext.Current.CancellationToken));

        Assert.Contains("0001_registry", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheHubMigratesItsDatabaseAtStartAndIsReady()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var factory = new HubFactory(new Dictionary<string, string?> { ["Database:ConnectionString"] = database.ConnectionString });
        using var client = factory.CreateClient();

        using var response = await client.GetResponseAsync("/health/ready");
        var body = await response.ReadJsonAsync();

        Assert.Equal("Healthy", body.GetProperty("checks").GetProperty("schema").GetProperty("status").GetString());
        Assert.Equal(Migration.LoadEmbedded().Count, await CountAsync(database, "SELECT count(*) FROM schema_migrations"));
    }

    private static async Task<long> CountAsync(TestDatabase database, string sql)
    {
        await using var command = database.DataSource.CreateCommand(sql);
        return Convert.ToInt64(await command.ExecuteScalarAsync(TestContext.Current.CancellationToken), System.Globalization.CultureInfo.InvariantCulture);
    }
}
