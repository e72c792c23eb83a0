using Dapper;
using Monitoring.Hub.Api;
using Monitoring.Hub.Audit;
using Npgsql;

namespace Monitoring.Hub.Auth;

/// <summary>User accounts: login bookkeeping (failures, lock-out) and administration.</summary>
public sealed class UserStore(NpgsqlDataSource dataSource)
{
    private const string Columns = "id, username, password_hash, role, clinic_id, failed_logins, locked_until, last_login_at, created_at";

    public async Task<UserAccount?> FindByUsernameAsync(string username, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<UserAccount>(new CommandDefinition(
            $"SELECT {Columns} FROM users WHERE lower(username) = lower(@username)", new { username }, cancellationToken: cancellationToken));
    }

    /// <summary>
    /// Counts a failure and locks the account when the count reaches <paramref name="maxFailures"/>,
    /// in one statement so concurrent attempts cannot slip past the limit. A lock-out is audited.
    /// </summary>
    public async Task<FailedLoginOutcome> RecordFailedLoginAsync(
        Guid userId, DateTimeOffset now, int maxFailures, TimeSpan lockout, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var lockUntil = now + lockout;
        var row = await connection.QuerySingleAsync<(int FailedLogins, DateTimeOffset? LockedUntil, bool LockedNow, Guid? ClinicId)>(new CommandDefinition(
            """
            UPDATE users SET
                failed_logins = CASE WHEN failed_logins + 1 >= @maxFailures THEN 0 ELSE failed_logins + 1 END,
                locked_until = CASE WHEN failed_logins + 1 >= @maxFailures THEN @lockUntil ELSE locked_until END
            WHERE id = @userId
            RETURNING failed_logins, locked_until, locked_until = @lockUntil, clinic_id
            """,
            new { userId, maxFailures, lockUntil }, transaction, cancellationToken: cancellationToken));

        var lockedNow = row.LockedNow;
        if (lockedNow)
        {
            await AuditLog.WriteAsync(transaction, AuditActor.System, now,
                new AuditEntry("user.locked_out", "user", userId.ToString(), row.ClinicId, null, new { lockedUntil = lockUntil, failedLogins = maxFailures }),
                cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return new FailedLoginOutcome(lockedNow ? maxFailures : row.FailedLogins, row.LockedUntil, lockedNow);
    }

    public async Task RecordSuccessfulLoginAsync(Guid userId, DateTimeOffset now, string? newPasswordHash, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            """
            UPDATE users SET failed_logins = 0, locked_until = NULL, last_login_at = @now,
                password_hash = COALESCE(@newPasswordHash, password_hash)
            WHERE id = @userId
            """,
            new { userId, now, newPasswordHash }, cancellationToken: cancellationToken));
    }

    /// <summary>Creates a user, or returns null when the username is taken (compared case-insensitively).</summary>
    public async Task<UserResponse?> CreateAsync(
        ClinicScope actor, string username, string passwordHash, UserRole role, Guid? clinicId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var user = new UserAccount
        {
            Id = Guid.CreateVersion7(now),
            Username = username,
            PasswordHash = passwordHash,
            Role = role,
            ClinicId = clinicId,
            CreatedAt = now,
        };
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var inserted = await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO users (id, username, password_hash, role, clinic_id, created_at)
            VALUES (@Id, @Username, @PasswordHash, @Role, @ClinicId, @CreatedAt)
            ON CONFLICT ((lower(username))) DO NOTHING
            """,
            new { user.Id, user.Username, user.PasswordHash, Role = Codes.Of(role), user.ClinicId, user.CreatedAt },
            transaction, cancellationToken: cancellationToken));
        if (inserted == 0)
        {
            return null;
        }

        var response = user.ToResponse();
        await AuditLog.WriteAsync(transaction, actor.Actor, now,
            new AuditEntry("user.created", "user", user.Id.ToString(), clinicId, null, response), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return response;
    }

    /// <summary>Users visible to the caller (all for administrators), optionally of one clinic.</summary>
    public async Task<IReadOnlyList<UserResponse>> ListAsync(ClinicScope scope, Guid? clinicId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scope);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<UserAccount>(new CommandDefinition(
            $"""
            SELECT {Columns} FROM users
            WHERE (@scopeClinic::uuid IS NULL OR clinic_id = @scopeClinic)
              AND (@clinicId::uuid IS NULL OR clinic_id = @clinicId)
            ORDER BY lower(username)
            """,
            new { scopeClinic = scope.ClinicFilter, clinicId }, cancellationToken: cancellationToken));
        return [.. rows.Select(r => r.ToResponse())];
    }

    /// <summary>
    /// Makes sure the bootstrap administrator exists and can log in with the configured password:
    /// created when missing, password reset and lock-out cleared when the configured one no longer matches.
    /// </summary>
    public async Task<bool> EnsureAdministratorAsync(
        string username, Func<UserAccount?, string?> newHashIfNeeded, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(newHashIfNeeded);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var existing = await connection.QuerySingleOrDefaultAsync<UserAccount>(new CommandDefinition(
            $"SELECT {Columns} FROM users WHERE lower(username) = lower(@username) FOR UPDATE", new { username }, transaction, cancellationToken: cancellationToken));
        var hash = newHashIfNeeded(existing);
        if (existing is null)
        {
            var created = new UserAccount { Id = Guid.CreateVersion7(now), Username = username, PasswordHash = hash!, Role = UserRole.Admin, CreatedAt = now };
            await connection.ExecuteAsync(new CommandDefinition(
                "INSERT INTO users (id, username, password_hash, role, clinic_id, created_at) VALUES (@Id, @Username, @PasswordHash, 'admin', NULL, @CreatedAt)",
                new { created.Id, created.Username, created.PasswordHash, created.CreatedAt }, transaction, cancellationToken: cancellationToken));
            await AuditLog.WriteAsync(transaction, AuditActor.System, now,
                new AuditEntry("user.bootstrapped", "user", created.Id.ToString(), null, null, created.ToResponse()), cancellationToken);
        }
        else if (existing.Role != UserRole.Admin)
        {
            throw new InvalidOperationException($"Admin:Username '{username}' names an existing {Codes.Of(existing.Role)} account, not an administrator.");
        }
        else if (hash is not null)
        {
            await connection.ExecuteAsync(new CommandDefinition(
                "UPDATE users SET password_hash = @hash, failed_logins = 0, locked_until = NULL WHERE id = @Id",
                new { hash, existing.Id }, transaction, cancellationToken: cancellationToken));
            await AuditLog.WriteAsync(transaction, AuditActor.System, now,
                new AuditEntry("user.password_reset", "user", existing.Id.ToString(), null, existing.ToResponse(), existing.ToResponse() with { LockedUntil = null }),
                cancellationToken);
        }
        else
        {
            return false;
        }

        await transaction.CommitAsync(cancellationToken);
        return true;
    }
}
