using Dapper;
using Monitoring.Hub.Alarms.Api;
using Monitoring.Domain.Alarms;
using Monitoring.Hub.Audit;
using Npgsql;

namespace Monitoring.Hub.Alarms.Operator;

/// <summary>
/// <c>operator_alarms</c>: one open alarm per kind, folded into while open; acknowledged and
/// resolved by administrators. Every change is audited in its transaction (entity <c>alarm</c>,
/// no clinic).
/// </summary>
internal sealed class OperatorAlarmStore(NpgsqlDataSource dataSource, TimeProvider time)
{
    private const string Entity = "alarm";

    public async Task<(OperatorAlarm Alarm, bool Raised)> RaiseAsync(AlarmKind kind, long lost, string detail, CancellationToken ct)
    {
        var wire = AlarmWireNames.Of(kind);
        var now = time.GetUtcNow();
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        // The partial unique index allows one open alarm per kind; a concurrent raise (another hub)
        // waits on the row lock or, when both insert, one fails and the caller's next attempt folds.
        var open = await connection.QuerySingleOrDefaultAsync<OperatorAlarm>(new CommandDefinition(
            "SELECT * FROM operator_alarms WHERE kind = @wire AND state <> 'resolved' FOR UPDATE", new { wire }, transaction, cancellationToken: ct));
        OperatorAlarm alarm;
        bool raised;
        if (open is null)
        {
            alarm = await connection.QuerySingleAsync<OperatorAlarm>(new CommandDefinition(
                """
                INSERT INTO operator_alarms (id, kind, priority, state, raised_at, lost, detail, count, last_updated_at)
                VALUES (@id, @wire, @priority, 'active', @now, @lost, @detail, 1, @now)
                RETURNING *
                """,
                new { id = Guid.CreateVersion7(now), wire, priority = AlarmWireNames.Of(AlarmCatalog.PriorityOf(kind)), now, lost, detail },
                transaction, cancellationToken: ct));
            raised = true;
            await AuditLog.WriteAsync(transaction, AuditActor.System, now,
                new AuditEntry("alarm.raised", Entity, alarm.Id.ToString(), null, null, alarm.ToResponse()), ct);
        }
        else
        {
            alarm = await connection.QuerySingleAsync<OperatorAlarm>(new CommandDefinition(
                """
                UPDATE operator_alarms SET lost = lost + @lost, detail = @detail, count = count + 1, last_updated_at = @now,
                    state = 'active', acknowledged_by = NULL, acknowledged_at = NULL, acknowledge_note = NULL
                WHERE id = @id RETURNING *
                """,
                new { id = open.Id, lost, detail, now }, transaction, cancellationToken: ct));
            raised = false;
            await AuditLog.WriteAsync(transaction, AuditActor.System, now,
                new AuditEntry("alarm.updated", Entity, alarm.Id.ToString(), null, open.ToResponse(), alarm.ToResponse()), ct);
        }

        await transaction.CommitAsync(ct);
        return (alarm, raised);
    }

    public async Task<OperatorAlarm?> GetAsync(Guid id, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        return await connection.QuerySingleOrDefaultAsync<OperatorAlarm>(new CommandDefinition(
            "SELECT * FROM operator_alarms WHERE id = @id", new { id }, cancellationToken: ct));
    }

    /// <summary>Newest first, with the same filters as <c>GET /api/alarms</c> (state, open, kind, since, limit).</summary>
    public async Task<IReadOnlyList<OperatorAlarm>> ListAsync(string? state, bool openOnly, string? kind, DateTimeOffset? since, int limit, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        var rows = await connection.QueryAsync<OperatorAlarm>(new CommandDefinition(
            """
            SELECT * FROM operator_alarms
            WHERE (@state::text IS NULL OR state = @state)
              AND (NOT @openOnly OR state <> 'resolved')
              AND (@kind::text IS NULL OR kind = @kind)
              AND (@since::timestamptz IS NULL OR last_updated_at >= @since)
            ORDER BY raised_at DESC
            LIMIT @limit
            """,
            new { state, openOnly, kind, since, limit }, cancellationToken: ct));
        return [.. rows];
    }

    /// <summary>Null when no such alarm; otherwise the alarm after the change, or the refusal.</summary>
    public async Task<AlarmCommandOutcome?> AcknowledgeAsync(Guid id, AuditActor actor, string? note, CancellationToken ct) =>
        await TransitionAsync(id, actor, ct, (alarm, now) =>
        {
            if (alarm.State == "resolved")
            {
                return (Refusal(AlarmTransitionErrorCode.AlreadyResolved, "The alarm is resolved already."), null);
            }

            if (alarm.State == "acknowledged")
            {
                return (Refusal(AlarmTransitionErrorCode.AlreadyAcknowledged, "The alarm is acknowledged already."), null);
            }

            return (null, ("UPDATE operator_alarms SET state = 'acknowledged', acknowledged_by = @by, acknowledged_at = @now, acknowledge_note = @note, "
                + "last_updated_at = @now WHERE id = @id RETURNING *", "alarm.acknowledged", new { id, by = actor.Username, now, note }));
        });

    /// <summary>High priority: a note is required (the contract's rule for every high-priority alarm).</summary>
    public async Task<AlarmCommandOutcome?> ResolveAsync(Guid id, AuditActor actor, string? note, CancellationToken ct) =>
        await TransitionAsync(id, actor, ct, (alarm, now) =>
        {
            if (alarm.State == "resolved")
            {
                return (Refusal(AlarmTransitionErrorCode.AlreadyResolved, "The alarm is resolved already."), null);
            }

            if (alarm.Priority == "high" && string.IsNullOrWhiteSpace(note))
            {
                return (Refusal(AlarmTransitionErrorCode.NoteRequired, "A high-priority alarm is resolved with a note saying what was done."), null);
            }

            return (null, ("UPDATE operator_alarms SET state = 'resolved', resolved_by = @by, resolved_at = @now, resolve_note = @note, "
                + "last_updated_at = @now WHERE id = @id RETURNING *", "alarm.resolved", new { id, by = actor.Username, now, note }));
        });

    private static AlarmTransitionError Refusal(AlarmTransitionErrorCode code, string message) => new(code, message);

    private async Task<AlarmCommandOutcome?> TransitionAsync(
        Guid id,
        AuditActor actor,
        CancellationToken ct,
        Func<OperatorAlarm, DateTimeOffset, (AlarmTransitionError? Refused, (string Sql, string Action, object Parameters)? Change)> decide)
    {
        var now = time.GetUtcNow();
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        var alarm = await connection.QuerySingleOrDefaultAsync<OperatorAlarm>(new CommandDefinition(
            "SELECT * FROM operator_alarms WHERE id = @id FOR UPDATE", new { id }, transaction, cancellationToken: ct));
        if (alarm is null)
        {
            return null;
        }

        var (refused, change) = decide(alarm, now);
        if (refused is not null)
        {
            return new AlarmCommandOutcome(AlarmTransitionStatus.Refused, alarm.ToResponse(), refused);
        }

        var (sql, action, parameters) = change!.Value;
        var changed = await connection.QuerySingleAsync<OperatorAlarm>(new CommandDefinition(sql, parameters, transaction, cancellationToken: ct));
        await AuditLog.WriteAsync(transaction, actor, now, new AuditEntry(action, Entity, id.ToString(), null, alarm.ToResponse(), changed.ToResponse()), ct);
        await transaction.CommitAsync(ct);
        return new AlarmCommandOutcome(AlarmTransitionStatus.Done, changed.ToResponse(), null);
    }
}
