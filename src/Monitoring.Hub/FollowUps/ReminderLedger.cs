using Dapper;
using Monitoring.Domain.Alarms;
using Monitoring.Hub.Api;
using Npgsql;

namespace Monitoring.Hub.FollowUps;

/// <summary>
/// Raises each reminder once, whichever hub sweeps and however often. The key
/// (<c>reminders_sent (kind, patient_id, period_key)</c>) is inserted and the alarm raised inside one
/// transaction: a second hub's insert waits on the first's row lock and then finds the key; an alarm
/// that could not be raised rolls the key back so the next sweep tries again. (A crash after the
/// alarm was stored but before the commit raises it again next sweep; the engine then counts it as a
/// repeat of the open alarm, not a second alarm.) A reminder whose reason is gone is withdrawn: its
/// open alarm is resolved by <c>system</c>.
/// </summary>
public sealed partial class ReminderLedger(NpgsqlDataSource dataSource, IReminderAlarms alarms, ILogger<ReminderLedger> logger)
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

    /// <summary>
    /// Removes a key, so the reminder can be raised again: for a condition that stopped holding (end
    /// criteria no longer met) and may hold again in the same period.
    /// </summary>
    public async Task ForgetAsync(AlarmKind kind, Guid patientId, string periodKey, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM reminders_sent WHERE kind = @kind AND patient_id = @patientId AND period_key = @periodKey",
            new { kind = AlarmWireNames.Of(kind), patientId, periodKey }, cancellationToken: ct));
    }

    /// <summary>Patients with an open alarm of <paramref name="kind"/> (the sweeps withdraw those whose reason is gone).</summary>
    public async Task<IReadOnlyList<Guid>> OpenAlarmPatientsAsync(AlarmKind kind, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        return [.. await connection.QueryAsync<Guid>(new CommandDefinition(
            "SELECT patient_id FROM alarms WHERE kind = @kind AND state <> 'resolved'",
            new { kind = AlarmWireNames.Of(kind) }, cancellationToken: ct))];
    }

    /// <summary>Resolves the patient's open alarm of <paramref name="kind"/> as <c>system</c>; true when one was open.</summary>
    public async Task<bool> WithdrawAsync(AlarmKind kind, Guid patientId, string reason, CancellationToken ct)
    {
        var withdrawn = await alarms.ResolveAsync(patientId, kind, reason, ct);
        if (withdrawn)
        {
            LogWithdrawn(logger, patientId, AlarmWireNames.Of(kind), reason);
        }

        return withdrawn;
    }

    /// <summary>
    /// <see cref="WithdrawAsync"/> right after a committed change that took the reminder's reason away
    /// (a completed follow-up, a recorded booster). The change stands whatever happens here: when the
    /// alarm engine cannot take it now, the kind's next sweep withdraws the alarm.
    /// </summary>
    public async Task WithdrawAfterChangeAsync(AlarmKind kind, Guid patientId, string reason, CancellationToken ct)
    {
        try
        {
            await WithdrawAsync(kind, patientId, reason, ct);
        }
        catch (Exception ex) when (ex is DependencyUnavailableException or NpgsqlException or TimeoutException)
        {
            LogWithdrawDeferred(logger, patientId, AlarmWireNames.Of(kind), ex.Message);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Patient {PatientId}: {Kind} alarm resolved by system ({Reason})")]
    private static partial void LogWithdrawn(ILogger logger, Guid patientId, string kind, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Patient {PatientId}: {Kind} alarm not resolved now, the next sweep will: {Reason}")]
    private static partial void LogWithdrawDeferred(ILogger logger, Guid patientId, string kind, string reason);
}
