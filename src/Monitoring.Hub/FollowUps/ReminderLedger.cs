using Dapper;
using Monitoring.Domain.Alarms;
using Npgsql;

namespace Monitoring.Hub.FollowUps;

/// <summary>
/// Raises each reminder once, whichever hub sweeps and however often. The key
/// (<c>reminders_sent (kind, patient_id, period_key)</c>) is inserted and the alarm raised inside one
/// transaction: a second hub's insert waits on the first's row lock and then finds the key; an alarm
/// that could not be raised rolls the key back so the next sweep tries again. (A crash after the
/// alarm was stored but before the commit raises it again next sweep; the engine then counts it as a
/// repeat of the open alarm, not a second alarm.)
/// </summary>
public sealed class ReminderLedger(NpgsqlDataSource dataSource, IReminderAlarms alarms)
{
    /// <summary>True when this call raised the reminder, false when it had been raised already.</summary>
    public async Task<bool> RaiseOnceAsync(
        AlarmKind kind, Guid patientId, string periodKey, string detail, DateTimeOffset observedAt, DateTimeOffset now, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        var claimed = await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO reminders_sent (kind, patient_id, period_key, sent_at) VALUES (@kind, @patientId, @periodKey, @now)
            ON CONFLICT DO NOTHING
            """,
            new { kind = AlarmWireNames.Of(kind), patientId, periodKey, now }, transaction, cancellationToken: ct));
        if (claimed == 0)
        {
            return false;
        }

        await alarms.RaiseAsync(patientId, kind, detail, observedAt, ct);
        await transaction.CommitAsync(ct);
        return true;
    }

    /// <summary>Keys already sent for <paramref name="kind"/> among <paramref name="periodKeys"/> (to skip work cheaply).</summary>
    public async Task<HashSet<(Guid PatientId, string PeriodKey)>> SentAsync(AlarmKind kind, string[] periodKeys, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        var rows = await connection.QueryAsync<(Guid, string)>(new CommandDefinition(
            "SELECT patient_id, period_key FROM reminders_sent WHERE kind = @kind AND period_key = ANY(@periodKeys)",
            new { kind = AlarmWireNames.Of(kind), periodKeys }, cancellationToken: ct));
        return [.. rows];
    }
}
