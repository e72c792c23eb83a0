using Dapper;
using Monitoring.Hub.Audit;
using Monitoring.Hub.Auth;
using Npgsql;

namespace Monitoring.Hub.Registry;

/// <summary>Clinics, each read through the caller's <see cref="ClinicScope"/>: a nurse or doctor sees only their own.</summary>
public sealed class ClinicStore(NpgsqlDataSource dataSource)
{
    private const string Columns = """id AS "Id", name AS "Name", time_zone AS "TimeZone", created_at AS "CreatedAt" """;

    public async Task<ClinicResponse?> GetAsync(ClinicScope scope, Guid id, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scope);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<ClinicResponse>(new CommandDefinition(
            $"SELECT {Columns} FROM clinics WHERE id = @id AND (@scopeClinic::uuid IS NULL OR id = @scopeClinic)",
            new { id, scopeClinic = scope.ClinicFilter }, cancellationToken: cancellationToken));
    }

    public async Task<IReadOnlyList<ClinicResponse>> ListAsync(ClinicScope scope, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scope);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<ClinicResponse>(new CommandDefinition(
            $"SELECT {Columns} FROM clinics WHERE (@scopeClinic::uuid IS NULL OR id = @scopeClinic) ORDER BY lower(name)",
            new { scopeClinic = scope.ClinicFilter }, cancellationToken: cancellationToken));
        return [.. rows];
    }

    /// <summary>Creates a clinic, or returns null when the name is taken (compared case-insensitively).</summary>
    public async Task<ClinicResponse?> CreateAsync(ClinicScope actor, string name, string timeZone, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var clinic = new ClinicResponse(Guid.CreateVersion7(now), name, timeZone, now);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var inserted = await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO clinics (id, name, time_zone, created_at) VALUES (@Id, @Name, @TimeZone, @CreatedAt)
            ON CONFLICT ((lower(name))) DO NOTHING
            """,
            clinic, transaction, cancellationToken: cancellationToken));
        if (inserted == 0)
        {
            return null;
        }

        await AuditLog.WriteAsync(transaction, actor.Actor, now,
            new AuditEntry("clinic.created", "clinic", clinic.Id.ToString(), clinic.Id, null, clinic), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return clinic;
    }
}
