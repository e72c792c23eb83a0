using Dapper;
using Npgsql;

namespace Monitoring.Hub.Database;

/// <summary>
/// Applies the embedded migrations that the database has not seen, in version order, each in
/// its own transaction together with its <c>schema_migrations</c> row, so a failure leaves the
/// schema at the previous version. A session advisory lock makes hubs that start together take
/// turns: the second finds the work done. Migrations only add; nothing here drops or rewrites data.
/// </summary>
public sealed partial class MigrationRunner(NpgsqlDataSource dataSource, ILogger<MigrationRunner> logger)
{
    /// <summary>Advisory lock id reserved for schema migration in the <c>monitoring</c> database ("rpm-mig").</summary>
    internal const long AdvisoryLockKey = 0x72706d2d6d6967;

    public async Task<int> MigrateAsync(CancellationToken cancellationToken)
    {
        var migrations = Migration.LoadEmbedded();
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition("SELECT pg_advisory_lock(@key)", new { key = AdvisoryLockKey }, cancellationToken: cancellationToken));
        try
        {
            await connection.ExecuteAsync(new CommandDefinition(
                """
                CREATE TABLE IF NOT EXISTS schema_migrations (
                    version     integer     PRIMARY KEY,
                    name        text        NOT NULL,
                    checksum    text        NOT NULL,
                    applied_at  timestamptz NOT NULL DEFAULT now()
                )
                """, cancellationToken: cancellationToken));

            var applied = (await connection.QueryAsync<AppliedMigration>(new CommandDefinition(
                "SELECT version, name, checksum FROM schema_migrations ORDER BY version", cancellationToken: cancellationToken)))
                .ToDictionary(m => m.Version);

            foreach (var known in applied.Values.Where(a => migrations.All(m => m.Version != a.Version)))
            {
                LogUnknownMigration(logger, known.Version, known.Name);
            }

            var count = 0;
            foreach (var migration in migrations)
            {
                if (applied.TryGetValue(migration.Version, out var done))
                {
                    if (!string.Equals(done.Checksum, migration.Checksum, StringComparison.Ordinal))
                    {
                        throw new InvalidOperationException(
                            $"Migration {migration.Version:D4}_{migration.Name} was changed after it was applied to this database "
                            + "(checksum differs). Put schema changes in a new migration file instead.");
                    }

                    continue;
                }

                await ApplyAsync(connection, migration, cancellationToken);
                count++;
            }

            LogSchemaCurrent(logger, migrations.Count == 0 ? 0 : migrations[^1].Version, count);
            return count;
        }
        finally
        {
            await connection.ExecuteAsync(new CommandDefinition("SELECT pg_advisory_unlock(@key)", new { key = AdvisoryLockKey }, cancellationToken: CancellationToken.None));
        }
    }

    private async Task ApplyAsync(NpgsqlConnection connection, Migration migration, CancellationToken cancellationToken)
    {
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(migration.Sql, transaction: transaction, cancellationToken: cancellationToken));
        await connection.ExecuteAsync(new CommandDefinition(
            "INSERT INTO schema_migrations (version, name, checksum) VALUES (@Version, @Name, @Checksum)",
            new { migration.Version, migration.Name, migration.Checksum }, transaction, cancellationToken: cancellationToken));
        await transaction.CommitAsync(cancellationToken);
        LogApplied(logger, migration.Version, migration.Name);
    }

    private sealed record AppliedMigration(int Version, string Name, string Checksum);

    [LoggerMessage(Level = LogLevel.Information, Message = "Applied migration {Version} {Name}")]
    private static partial void LogApplied(ILogger logger, int version, string name);

    [LoggerMessage(Level = LogLevel.Information, Message = "Database schema at version {Version} ({Applied} migrations applied now)")]
    private static partial void LogSchemaCurrent(ILogger logger, int version, int applied);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The database has migration {Version} {Name}, which this hub does not know: a newer hub migrated it")]
    private static partial void LogUnknownMigration(ILogger logger, int version, string name);
}
