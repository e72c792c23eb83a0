using Monitoring.Domain.Alarms;

namespace Monitoring.Hub.FollowUps;

/// <summary>How the reminder sweeps ask for an alarm; the alarm engine owns its lifecycle.</summary>
public interface IReminderAlarms
{
    Task RaiseAsync(Guid patientId, AlarmKind kind, string detail, DateTimeOffset observedAt, CancellationToken cancellationToken);
}
