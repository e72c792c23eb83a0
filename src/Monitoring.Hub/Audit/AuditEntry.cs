namespace Monitoring.Hub.Audit;

/// <summary>
/// One change: <paramref name="Action"/> such as <c>patient.updated</c>, the entity and its id,
/// the clinic it belongs to (so a clinic's audit trail can be read alone), and the entity as the
/// API shows it before and after (null before a creation).
/// </summary>
public sealed record AuditEntry(string Action, string Entity, string EntityId, Guid? ClinicId, object? Before, object? After);
