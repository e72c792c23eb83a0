using Dapper;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Monitoring.Hub.Auth.Throttling;

/// <summary>
/// Failed sign-ins per key in PostgreSQL (<c>login_throttle</c>), so every hub instance sees the
/// same counts: an attacker gains nothing by spreading attempts over the hubs behind a balancer.
/// A sign-in costs three small statements here; sign-ins are rare next to readings.
/// </summary>
public sealed class LoginThrottle(NpgsqlDataSource dataSource, IOptions<LoginThrottleOptions> options)
{
    private LoginThrottleOptions Settings => options.Value;

    /// <summary>Whether <paramref name="userId"/> signed in from <paramref name="source"/> within Auth:Throttle:FamiliarSourceFor.</summary>
    public async Task<bool> IsFamiliarAsync(Guid userId, string source, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (Settings.FamiliarSourceFor <= TimeSpan.Zero)
        {
            return false;
        }

        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<bool>(new CommandDefinition(
            "SELECT EXISTS (SELECT 1 FROM login_sources WHERE user_id = @userId AND source = @source AND last_success_at > @since)",
            new { userId, source, since = now - Settings.FamiliarSourceFor }, cancellationToken: cancellationToken));
    }

    /// <summary>
    /// Refuses the attempt when a key still makes it wait, counting nothing; otherwise counts a
    /// failure on every key in advance, under row locks, so attempts sent in parallel are counted
    /// one after another. <paramref name="accountApplies"/> is false for an address the account
    /// already signed in from: the account-wide delay is for everyone else.
    /// </summary>
    public async Task<ThrottleAttempt> BeginAsync(ThrottleKeys keys, bool accountApplies, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(keys);
        var settings = Settings;
        var all = new[] { keys.Pair, keys.Source, keys.Account }.Order(StringComparer.Ordinal).ToArray();
        var forgetBefore = now - settings.ForgetAfter;
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            "INSERT INTO login_throttle (key, failures, last_failure_at) SELECT k, 0, @now FROM unnest(@all) AS k ORDER BY k ON CONFLICT (key) DO NOTHING",
            new { all, now }, transaction, cancellationToken: cancellationToken));
        var rows = (await connection.QueryAsync<(string Key, int Failures, DateTimeOffset LastFailureAt)>(new CommandDefinition(
            "SELECT key, failures, last_failure_at FROM login_throttle WHERE key = ANY(@all) ORDER BY key FOR UPDATE",
            new { all }, transaction, cancellationToken: cancellationToken)))
            .ToDictionary(r => r.Key, r => r.LastFailureAt < forgetBefore ? (Failures: 0, r.LastFailureAt) : (r.Failures, r.LastFailureAt), StringComparer.Ordinal);

        TimeSpan Wait(string key, int free) =>
            ThrottleDelay.Remaining(rows[key].Failures, rows[key].LastFailureAt, free, settings.BaseDelay, settings.MaxDelay, now);

        var wait = Max(Wait(keys.Pair, settings.PairFreeFailures), Wait(keys.Source, settings.SourceFreeFailures));
        if (accountApplies)
        {
            wait = Max(wait, Wait(keys.Account, settings.AccountFreeFailures));
        }

        var previous = rows.ToDictionary(r => r.Key, r => r.Value.Failures == 0 ? (DateTimeOffset?)null : r.Value.LastFailureAt, StringComparer.Ordinal);
        if (wait > TimeSpan.Zero)
        {
            await transaction.RollbackAsync(cancellationToken);
            return new ThrottleAttempt(wait, keys, rows[keys.Account].Failures, previous);
        }

        await connection.ExecuteAsync(new CommandDefinition(
            """
            UPDATE login_throttle SET
                failures = CASE WHEN last_failure_at < @forgetBefore THEN 1 ELSE failures + 1 END,
                last_failure_at = @now
            WHERE key = ANY(@all)
            """,
            new { all, now, forgetBefore }, transaction, cancellationToken: cancellationToken));
        await transaction.CommitAsync(cancellationToken);
        return new ThrottleAttempt(TimeSpan.Zero, keys, rows[keys.Account].Failures + 1, previous);
    }

    /// <summary>
    /// The password was right: the failure counted in advance is taken back, the account's
    /// failures from this address are forgotten, and the address becomes familiar to the account.
    /// </summary>
    public async Task SucceededAsync(ThrottleAttempt attempt, Guid userId, string source, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(attempt);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM login_throttle WHERE key = @pair OR last_failure_at < @forgetBefore",
            new { pair = attempt.Keys.Pair, forgetBefore = now - Settings.ForgetAfter }, transaction, cancellationToken: cancellationToken));
        foreach (var key in new[] { attempt.Keys.Account, attempt.Keys.Source }.Order(StringComparer.Ordinal))
        {
            await connection.ExecuteAsync(new CommandDefinition(
                """
                UPDATE login_throttle SET failures = failures - 1, last_failure_at = COALESCE(@previous, last_failure_at)
                WHERE key = @key AND failures > 0;
                DELETE FROM login_throttle WHERE key = @key AND failures = 0;
                """,
                new { key, previous = attempt.PreviousFailureAt.GetValueOrDefault(key) }, transaction, cancellationToken: cancellationToken));
        }

        await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO login_sources (user_id, source, last_success_at) VALUES (@userId, @source, @now)
            ON CONFLICT (user_id, source) DO UPDATE SET last_success_at = EXCLUDED.last_success_at
            """,
            new { userId, source, now }, transaction, cancellationToken: cancellationToken));
        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>An administrator's unlock: the account's own failure counts go, from every address.</summary>
    public static Task ClearAccountAsync(NpgsqlTransaction transaction, string username, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        return transaction.Connection!.ExecuteAsync(new CommandDefinition(
            "DELETE FROM login_throttle WHERE key = @account OR starts_with(key, @pairPrefix)",
            new { account = ThrottleKeys.AccountKey(username), pairPrefix = ThrottleKeys.PairPrefix(username) },
            transaction, cancellationToken: cancellationToken));
    }

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;
}
