using Dapper;
using Monitoring.Hub.Api;
using Monitoring.Hub.Audit;
using Monitoring.Hub.Auth.Sessions;
using Monitoring.Hub.Auth.Throttling;
using Npgsql;

namespace Monitoring.Hub.Auth.Accounts;

/// <summary>
/// An account's lifecycle: sign-in bookkeeping, the hard lock, disable, enable, password reset
/// and change, sign-out. Each change, the sessions it ends and its audit row (who, whom, when,
/// from where) commit together; the ended sessions then stop on this hub at once
/// (<see cref="SessionRevocations"/>) and on the others within Auth:SessionRefreshInterval.
/// </summary>
public sealed class AccountStore(NpgsqlDataSource dataSource, SessionRevocations revocations)
{
    /// <summary>A successful sign-in: last login (and a re-hash), the new session, and an audit row with the source.</summary>
    public async Task SignedInAsync(
        UserAccount user, string? rehash, Guid sessionId, DateTimeOffset expiresAt, bool passwordChangeOnly, string source, string? userAgent,
        DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(user);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE users SET last_login_at = @now, password_hash = COALESCE(@rehash, password_hash) WHERE id = @Id",
            new { now, rehash, user.Id }, transaction, cancellationToken: cancellationToken));
        await SessionStore.CreateAsync(connection, transaction, sessionId, user.Id, now, expiresAt, source, userAgent, passwordChangeOnly, cancellationToken);
        await AuditLog.WriteAsync(transaction, new AuditActor(user.Id, user.Username, source), now,
            new AuditEntry("user.signed_in", "user", user.Id.ToString(), user.ClinicId, null, new { sessionId, mustChangePassword = passwordChangeOnly }),
            cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        revocations.Opened(sessionId, user.Id, expiresAt);
    }

    /// <summary>The hard lock (Auth:Throttle:HardLockAfter failures); true when this call set it. Audited as the hub, with the source of the last failure.</summary>
    public async Task<bool> LockAsync(UserAccount user, int failures, string source, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(user);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var locked = await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE users SET locked_at = @now WHERE id = @Id AND locked_at IS NULL", new { now, user.Id }, transaction, cancellationToken: cancellationToken));
        if (locked == 0)
        {
            return false;
        }

        await AuditLog.WriteAsync(transaction, AuditActor.System with { Source = source }, now,
            new AuditEntry("user.locked_out", "user", user.Id.ToString(), user.ClinicId, user.ToResponse(),
                user.ToResponse() with { Locked = true, LockedAt = now }), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    /// <summary>Disables an account and ends its sessions. Refused for the last enabled administrator.</summary>
    public Task<Outcome<UserResponse>> DisableAsync(AuditActor actor, Guid userId, DateTimeOffset now, CancellationToken cancellationToken) =>
        ApplyAsync(actor, userId, now, "user.disabled", "disabled_at = @now", null, SessionEndReason.Disabled, clearThrottle: false,
            user => user.DisabledAt is not null, LastAdministratorAsync, cancellationToken);

    public Task<Outcome<UserResponse>> EnableAsync(AuditActor actor, Guid userId, DateTimeOffset now, CancellationToken cancellationToken) =>
        ApplyAsync(actor, userId, now, "user.enabled", "disabled_at = NULL", null, null, clearThrottle: false,
            user => user.DisabledAt is null, null, cancellationToken);

    /// <summary>Clears the hard lock and the account's failure counts (every address).</summary>
    public Task<Outcome<UserResponse>> UnlockAsync(AuditActor actor, Guid userId, DateTimeOffset now, CancellationToken cancellationToken) =>
        ApplyAsync(actor, userId, now, "user.unlocked", "locked_at = NULL", null, null, clearThrottle: true,
            _ => false, null, cancellationToken);

    /// <summary>
    /// Sets a temporary password the user must change at the next sign-in, ends the account's
    /// sessions and clears the lock (the person at the keyboard was just given a new password).
    /// </summary>
    public Task<Outcome<UserResponse>> ResetPasswordAsync(AuditActor actor, Guid userId, string passwordHash, DateTimeOffset now, CancellationToken cancellationToken) =>
        ApplyAsync(actor, userId, now, "user.password_reset",
            "password_hash = @passwordHash, must_change_password = true, password_changed_at = @now, locked_at = NULL", new { passwordHash },
            SessionEndReason.PasswordReset, clearThrottle: true, _ => false, null, cancellationToken);

    /// <summary>
    /// The user's own new password: every session ends (those elsewhere learn why), and the new
    /// session <paramref name="sessionId"/> is the one the answer's token carries.
    /// </summary>
    public async Task ChangePasswordAsync(
        UserAccount user, string passwordHash, Guid sessionId, DateTimeOffset expiresAt, string source, string? userAgent, DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(user);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE users SET password_hash = @passwordHash, must_change_password = false, password_changed_at = @now WHERE id = @Id",
            new { passwordHash, now, user.Id }, transaction, cancellationToken: cancellationToken));
        var ended = await SessionStore.RevokeAsync(transaction, user.Id, SessionEndReason.PasswordChanged, now, cancellationToken);
        await SessionStore.CreateAsync(connection, transaction, sessionId, user.Id, now, expiresAt, source, userAgent, passwordChangeOnly: false, cancellationToken);
        await AuditLog.WriteAsync(transaction, new AuditActor(user.Id, user.Username, source), now,
            new AuditEntry("user.password_changed", "user", user.Id.ToString(), user.ClinicId, null, new { endedSessions = ended.Count, sessionId }),
            cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        revocations.Opened(sessionId, user.Id, expiresAt);
        revocations.Ended(ended, SessionEndReason.PasswordChanged);
    }

    /// <summary>Signs the caller out of this session or of all; returns how many sessions ended.</summary>
    public async Task<int> SignOutAsync(ClinicScope scope, AuditActor actor, bool all, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scope);
        var reason = all ? SessionEndReason.SignedOutEverywhere : SessionEndReason.SignedOut;
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var ended = await SessionStore.RevokeAsync(transaction, scope.UserId, reason, now, cancellationToken, only: all ? null : scope.SessionId);
        await AuditLog.WriteAsync(transaction, actor, now,
            new AuditEntry("user.signed_out", "user", scope.UserId.ToString(), scope.ClinicId, null, new { all, sessionId = scope.SessionId, endedSessions = ended.Count }),
            cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        revocations.Ended(ended, reason);
        return ended.Count;
    }

    private async Task<Outcome<UserResponse>> ApplyAsync(
        AuditActor actor, Guid userId, DateTimeOffset now, string action, string set, object? parameters, SessionEndReason? endSessions, bool clearThrottle,
        Func<UserAccount, bool> alreadyDone, Func<NpgsqlTransaction, UserAccount, CancellationToken, Task<string?>>? refuse, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var user = await connection.QuerySingleOrDefaultAsync<UserAccount>(new CommandDefinition(
            $"SELECT {UserStore.Columns} FROM users WHERE id = @userId FOR UPDATE", new { userId }, transaction, cancellationToken: cancellationToken));
        if (user is null)
        {
            return Outcome<UserResponse>.NotFound("user", userId);
        }

        if (alreadyDone(user))
        {
            return Outcome<UserResponse>.Done(user.ToResponse());
        }

        if (refuse is not null && await refuse(transaction, user, cancellationToken) is { } conflict)
        {
            return Outcome<UserResponse>.Conflict(conflict);
        }

        var arguments = new DynamicParameters(parameters);
        arguments.Add("now", now);
        arguments.Add("userId", userId);
        var after = await connection.QuerySingleAsync<UserAccount>(new CommandDefinition(
            $"UPDATE users SET {set} WHERE id = @userId RETURNING {UserStore.Columns}", arguments, transaction, cancellationToken: cancellationToken));
        IReadOnlyList<Guid> ended = endSessions is { } reason ? await SessionStore.RevokeAsync(transaction, userId, reason, now, cancellationToken) : [];
        if (clearThrottle)
        {
            await LoginThrottle.ClearAccountAsync(transaction, user.Username, cancellationToken);
        }

        await AuditLog.WriteAsync(transaction, actor, now,
            new AuditEntry(action, "user", userId.ToString(), user.ClinicId, user.ToResponse(), after.ToResponse()), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        if (endSessions is { } ending && ended.Count > 0)
        {
            revocations.Ended(ended, ending);
        }

        return Outcome<UserResponse>.Done(after.ToResponse());
    }

    private static async Task<string?> LastAdministratorAsync(NpgsqlTransaction transaction, UserAccount user, CancellationToken cancellationToken)
    {
        if (user.Role != UserRole.Admin)
        {
            return null;
        }

        // Every administrator row locked, so two administrators disabling each other cannot both pass.
        var others = await transaction.Connection!.QueryAsync<Guid>(new CommandDefinition(
            "SELECT id FROM users WHERE role = 'admin' AND disabled_at IS NULL AND id <> @Id ORDER BY id FOR UPDATE",
            new { user.Id }, transaction, cancellationToken: cancellationToken));
        return others.Any() ? null : "The last enabled administrator cannot be disabled.";
    }
}
