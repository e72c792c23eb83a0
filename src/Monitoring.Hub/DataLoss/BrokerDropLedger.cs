using Dapper;
using Npgsql;

namespace Monitoring.Hub.DataLoss;

/// <summary>
/// <c>broker_drop_watermark</c>: turns the broker's cumulative drop counter into drops not counted
/// before, by any hub, across hub and broker restarts.
/// </summary>
internal sealed class BrokerDropLedger(NpgsqlDataSource dataSource, TimeProvider time)
{
    /// <summary>Two readings of the broker's start (now − uptime) closer than this are the same broker run.</summary>
    internal static readonly TimeSpan SameRun = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Records <paramref name="dropped"/> for the broker run that started at <paramref name="brokerStartedAt"/>;
    /// returns the drops not counted before, and whether the ledger was empty (first watch ever: the
    /// counter's history is unknown, nothing is attributed to it).
    /// </summary>
    public async Task<(long NewDrops, bool First)> RecordAsync(DateTimeOffset brokerStartedAt, long dropped, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        var known = await connection.QuerySingleOrDefaultAsync<BrokerDropWatermark>(new CommandDefinition(
            "SELECT broker_started_at, dropped FROM broker_drop_watermark WHERE id = 1 FOR UPDATE", transaction: transaction, cancellationToken: ct));
        long newDrops;
        var first = known is null;
        var startedAt = brokerStartedAt;
        if (known is null)
        {
            newDrops = 0;
        }
        else if ((known.BrokerStartedAt - brokerStartedAt).Duration() <= SameRun && dropped >= known.Dropped)
        {
            newDrops = dropped - known.Dropped;
            startedAt = known.BrokerStartedAt;
        }
        else if ((known.BrokerStartedAt - brokerStartedAt).Duration() <= SameRun)
        {
            // Same run, a stale (lower) reading from a slower hub: nothing new.
            newDrops = 0;
            dropped = known.Dropped;
            startedAt = known.BrokerStartedAt;
        }
        else
        {
            // Another broker run: every drop it counted is new.
            newDrops = dropped;
        }

        await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO broker_drop_watermark (id, broker_started_at, dropped, updated_at) VALUES (1, @startedAt, @dropped, @now)
            ON CONFLICT (id) DO UPDATE SET broker_started_at = excluded.broker_started_at, dropped = excluded.dropped, updated_at = excluded.updated_at
            """,
            new { startedAt, dropped, now = time.GetUtcNow() }, transaction, cancellationToken: ct));
        await transaction.CommitAsync(ct);
        return (newDrops, first);
    }
}
