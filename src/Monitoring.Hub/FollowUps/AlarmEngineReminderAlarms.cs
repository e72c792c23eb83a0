using Monitoring.Domain.Alarms;
using Monitoring.Hub.Alarms;

namespace Monitoring.Hub.FollowUps;

/// <summary>
/// Reminders go through the alarm engine's port (<see cref="IAlarmEngine.ApplyDecisionAsync"/>): the
/// same lifecycle, storage, audit and SignalR push as reading alarms, with the catalog's priority. A
/// reminder whose reason is gone is resolved by <see cref="IAlarmEngine.ResolveBySystemAsync"/> (actor
/// <c>system</c>, audited <c>alarm.resolved</c>, pushed as <c>alarmChanged</c>).
/// </summary>
public sealed class AlarmEngineReminderAlarms(IAlarmEngine engine) : IReminderAlarms
{
    public async Task RaiseAsync(Guid patientId, AlarmKind kind, string detail, DateTimeOffset observedAt, CancellationToken cancellationToken) =>
        await engine.ApplyDecisionAsync(
            patientId,
            new Raise(kind, AlarmCatalog.PriorityOf(kind), Value: null, Threshold: null, detail, observedAt, Late: false),
            cancellationToken);

    public async Task<bool> ResolveAsync(Guid patientId, AlarmKind kind, string note, CancellationToken cancellationToken) =>
        await engine.ResolveBySystemAsync(patientId, kind, note, cancellationToken) is not null;
}
