using System.Text.Json;
using Dapper;
using Monitoring.Hub.Api;
using Npgsql;

namespace Monitoring.Hub.Audit;

/// <summary>
/// Writes audit rows inside the caller's transaction, so a change and its audit row are
/// committed together or not at all.
/// </summary>
public static class AuditLog
{
    public static Task WriteAsync(
        NpgsqlTransaction transaction, AuditActor actor, DateTimeOffset at, AuditEntry entry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(entry);
        return transaction.Connection!.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO audit_log (at, actor_user_id, actor_username, source, action, entity, entity_id, clinic_id, before, after)
            VALUES (@At, @ActorUserId, @ActorUsername, @Source, @Action, @Entity, @EntityId, @ClinicId, @Before::jsonb, @After::jsonb)
            """,
            new
            {
                At = at,
                ActorUserId = actor.UserId,
                ActorUsername = actor.Username,
                actor.Source,
                entry.Action,
                entry.Entity,
                entry.EntityId,
                entry.ClinicId,
                Before = Serialize(entry.Before),
                After = Serialize(entry.After),
            },
            transaction,
            cancellationToken: cancellationToken));
    }

    private static string? Serialize(object? value) =>
        value is null ? null : JsonSerializer.Serialize(value, value.GetType(), ApiJson.Options);
}
