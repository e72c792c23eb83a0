using Dapper;
using Monitoring.Hub.Api;
using Monitoring.Hub.Audit;
using Npgsql;

namespace Monitoring.Hub.Auth;

/// <summary>User accounts: look-ups, creation, listing and the bootstrap administrator (lifecycle changes: Accounts/AccountStore).</summary>
public sealed class UserStore(NpgsqlDataSource dataSource)
{
    /// <summary>"rpm-adm" in ASCII: serializes the bootstrap of the configured administrator across hubs.</summary>
    private const long BootstrapLockKey = 0x72706d2d61646d;

    internal const string Columns = "id, username, password_hash, role, clinic_id, locked_at, disabled_at, must_change_password, password_changed_at, bootstrap_password_hash, last_login_at, created_at";

    public async Task<UserAccount?> FindByUsernameAsync(string username, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<UserAccount>(new CommandDefinition(
            $"SELECT {Columns} FROM users WHERE lower(username) = lower(@username)", new { username }, cancellationToken: cancellationToken));
    }

    /// <summary>A user by id, whatever the caller may see (the account endpoints check access themselves).</summary>
    public async Task<UserAccount?> GetAsync(Guid id, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<UserAccount>(new CommandDefinition(
            $"SELECT {Columns} FROM users WHERE id = @id", new { id }, cancellationToken: cancellationToken));
    }

    /// <summary>Creates a user, or returns null when the username is taken (compared case-insensitively).</summary>
    public async Task<UserResponse?> CreateAsync(
        AuditActor actor, string username, string passwordHash, UserRole role, Guid? clinicId, DateTimeOffset now, CancellationToken cancellationToken)
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
        await AuditLog.WriteAsync(transaction, actor, now,
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
    /// Makes sure the bootstrap administrator exists. <paramref name="decide"/> sees the stored
    /// account (null when missing) and answers the password hash to set (null: keep the password)
    /// and the hash of the configured value to remember (null: nothing to remember). Setting a
    /// password clears the hard lock and the must-change mark and ends the account's sessions; it
    /// never enables a disabled account. Returns the sessions ended.
    /// </summary>
    public async Task<(bool Changed, IReadOnlyList<Guid> EndedSessions)> EnsureAdministratorAsync(
        string username, Func<UserAccount?, (string? PasswordHash, string? BootstrapHash)> decide, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(decide);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        // Hubs starting together on a fresh database all find no row, so FOR UPDATE locks nothing and
        // their inserts race (23505 on users_username_key); this lock makes them take turns.
        await connection.ExecuteAsync(new CommandDefinition(
            "SELECT pg_advisory_xact_lock(@key)", new { key = BootstrapLockKey }, transaction, cancellationToken: cancellationToken));
        var existing = await connection.QuerySingleOrDefaultAsync<UserAccount>(new CommandDefinition(
            $"SELECT {Columns} FROM users WHERE lower(username) = lower(@username) FOR UPDATE", new { username }, transaction, cancellationToken: cancellationToken));
        if (existing is not null && existing.Role != UserRole.Admin)
        {
            throw new InvalidOperationException($"Admin:Username '{username}' names an existing {Codes.Of(existing.Role)} account, not an administrator.");
        }

        var (hash, bootstrapHash) = decide(existing);
        IReadOnlyList<Guid> ended = [];
        if (existing is null)
        {
            var created = new UserAccount { Id = Guid.CreateVersion7(now), Username = username, PasswordHash = hash!, Role = UserRole.Admin, CreatedAt = now };
            await connection.ExecuteAsync(new CommandDefinition(
                """
                INSERT INTO users (id, username, password_hash, role, clinic_id, created_at, bootstrap_password_hash)
                VALUES (@Id, @Username, @PasswordHash, 'admin', NULL, @CreatedAt, @bootstrapHash)
                """,
                new { created.Id, created.Username, created.PasswordHash, created.CreatedAt, bootstrapHash }, transaction, cancellationToken: cancellationToken));
            await AuditLog.WriteAsync(transaction, AuditActor.System, now,
                new AuditEntry("user.bootstrapped", "user", created.Id.ToString(), null, null, created.ToResponse()), cancellationToken);
        }
        else if (hash is not null)
        {
            await connection.ExecuteAsync(new CommandDefinition(
                """
                UPDATE users SET password_hash = @hash, bootstrap_password_hash = @bootstrapHash, password_changed_at = @now,
                    must_change_password = false, locked_at = NULL
                WHERE id = @Id
                """,
                new { hash, bootstrapHash, now, existing.Id }, transaction, cancellationToken: cancellationToken));
            ended = await Sessions.SessionStore.RevokeAsync(transaction, existing.Id, Sessions.SessionEndReason.PasswordSetByConfiguration, now, cancellationToken);
            await AuditLog.WriteAsync(transaction, AuditActor.System, now,
                new AuditEntry("user.password_set_by_configuration", "user", existing.Id.ToString(), null, existing.ToResponse(),
                    existing.ToResponse() with { Locked = false, LockedAt = null, MustChangePassword = false }),
                cancellationToken);
        }
        else if (bootstrapHash is not null)
        {
            await connection.ExecuteAsync(new CommandDefinition(
                "UPDATE users SET bootstrap_password_hash = @bootstrapHash WHERE id = @Id",
                new { bootstrapHash, existing.Id }, transaction, cancellationToken: cancellationToken));
        }
        else
        {
            return (false, []);
        }

        await transaction.CommitAsync(cancellationToken);
        return (existing is null || hash is not null, ended);
    }
}
