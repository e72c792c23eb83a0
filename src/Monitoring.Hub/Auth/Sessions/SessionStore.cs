using Dapper;
using Monitoring.Hub.Api;
using Npgsql;

namespace Monitoring.Hub.Auth.Sessions;

/// <summary><c>user_sessions</c>: one row per issued token, revoked by sign-out, disable or a password change.</summary>
public sealed class SessionStore(NpgsqlDataSource dataSource)
{
    public static Task CreateAsync(
        NpgsqlConnection connection, NpgsqlTransaction? transaction, Guid sessionId, Guid userId, DateTimeOffset now, DateTimeOffset expiresAt,
        string source, string? userAgent, bool passwordChangeOnly, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        return connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO user_sessions (id, user_id, created_at, expires_at, source, user_agent, password_change_only)
            VALUES (@sessionId, @userId, @now, @expiresAt, @source, @userAgent, @passwordChangeOnly)
            """,
            new { sessionId, userId, now, expiresAt, source, userAgent = userAgent is { Length: > 300 } ? userAgent[..300] : userAgent, passwordChangeOnly },
            transaction, cancellationToken: cancellationToken));
    }

    public async Task CreateAsync(
        Guid sessionId, Guid userId, DateTimeOffset now, DateTimeOffset expiresAt, string source, string? userAgent, bool passwordChangeOnly, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await CreateAsync(connection, null, sessionId, userId, now, expiresAt, source, userAgent, passwordChangeOnly, cancellationToken);
    }

    /// <summary>Ends the open sessions of a user (all, or only <paramref name="only"/>, or all but <paramref name="except"/>); returns the ids ended.</summary>
    public static async Task<IReadOnlyList<Guid>> RevokeAsync(
        NpgsqlTransaction transaction, Guid userId, SessionEndReason reason, DateTimeOffset now, CancellationToken cancellationToken,
        Guid? only = null, Guid? except = null)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        var ids = await transaction.Connection!.QueryAsync<Guid>(new CommandDefinition(
            """
            UPDATE user_sessions SET revoked_at = @now, revoked_db_at = clock_timestamp(), revoked_reason = @reason
            WHERE user_id = @userId AND revoked_at IS NULL AND expires_at > @now
              AND (@only::uuid IS NULL OR id = @only) AND (@except::uuid IS NULL OR id <> @except)
            RETURNING id
            """,
            new { userId, reason = Codes.Of(reason), now, only, except }, transaction, cancellationToken: cancellationToken));
        return [.. ids];
    }

    public async Task<IReadOnlyList<SessionResponse>> ListOpenAsync(Guid userId, Guid? current, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<(Guid Id, DateTimeOffset CreatedAt, DateTimeOffset ExpiresAt, string? Source, string? UserAgent)>(new CommandDefinition(
            """
            SELECT id, created_at, expires_at, source, user_agent FROM user_sessions
            WHERE user_id = @userId AND revoked_at IS NULL AND expires_at > @now
            ORDER BY created_at DESC
            """,
            new { userId, now }, cancellationToken: cancellationToken));
        return [.. rows.Select(r => new SessionResponse(r.Id, r.CreatedAt, r.ExpiresAt, r.Source, r.UserAgent, r.Id == current))];
    }

    /// <summary>The stored state of one session for the revocation cache: null when no such session exists.</summary>
    public async Task<StoredSession?> FindAsync(Guid sessionId, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = (await connection.QueryAsync<(Guid UserId, DateTimeOffset ExpiresAt, string? RevokedReason)>(new CommandDefinition(
            "SELECT user_id, expires_at, revoked_reason FROM user_sessions WHERE id = @sessionId",
            new { sessionId }, cancellationToken: cancellationToken))).ToList();
        return rows is [var r]
            ? new StoredSession(sessionId, r.UserId, r.ExpiresAt, r.RevokedReason is null ? null : Codes.Parse<SessionEndReason>(r.RevokedReason))
            : null;
    }

    /// <summary>
    /// Sessions revoked since <paramref name="since"/> by the database's clock (with a margin for
    /// transactions that commit late), and the database's clock now, for the next call.
    /// </summary>
    public async Task<(DateTimeOffset DatabaseNow, IReadOnlyList<StoredSession> Revoked)> RevokedSinceAsync(DateTimeOffset? since, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var now = await connection.ExecuteScalarAsync<DateTimeOffset>(new CommandDefinition("SELECT now()", cancellationToken: cancellationToken));
        if (since is null)
        {
            return (now, []);
        }

        var rows = await connection.QueryAsync<(Guid Id, Guid UserId, DateTimeOffset ExpiresAt, string RevokedReason)>(new CommandDefinition(
            "SELECT id, user_id, expires_at, revoked_reason FROM user_sessions WHERE revoked_db_at > @since",
            new { since = since.Value - CommitMargin }, cancellationToken: cancellationToken));
        return (now, [.. rows.Select(r => new StoredSession(r.Id, r.UserId, r.ExpiresAt, Codes.Parse<SessionEndReason>(r.RevokedReason)))]);
    }

    /// <summary>How late a revoking transaction may commit after its clock_timestamp() and still be seen.</summary>
    private static readonly TimeSpan CommitMargin = TimeSpan.FromSeconds(30);
}
