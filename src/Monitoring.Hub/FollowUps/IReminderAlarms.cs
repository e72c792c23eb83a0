using Monitoring.Domain.Alarms;

namespace Monitoring.Hub.FollowUps;

/// <summary>How the reminder sweeps ask for an alarm, or withdraw one; the alarm engine owns its lifecycle.</summary>
public interface IReminderAlarms
{
    Task RaiseAsync(Guid patientId, AlarmKind kind, string detail, DateTimeOffset observedAt, CancellationToken cancellationToken);

    /// <summary>Resolves the patient's open alarm of <paramref name="kind"/> as <c>system</c>; true when one was open.</summary>
    Task<bool> ResolveAsync(Guid patientId, AlarmKind kind, string note, CancellationToken cancellationToken);
}
