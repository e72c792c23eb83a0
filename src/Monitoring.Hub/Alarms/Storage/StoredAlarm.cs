using Monitoring.Domain.Alarms;

namespace Monitoring.Hub.Alarms.Storage;

/// <summary>
/// An alarm as the hub keeps it: the lifecycle's <see cref="AlarmRecord"/> plus who it is about,
/// the acknowledging clinician's note and the last escalation level notified, and the patient's
/// name and tier for display (read from the registry, not stored with the alarm).
/// </summary>
public sealed record StoredAlarm(Guid Id, Guid PatientId, Guid ClinicId, AlarmRecord Record)
{
    public string? AcknowledgeNote { get; init; }

    /// <summary>Whom the last escalation step notified (<see cref="EscalationStep.NotifyLevel"/>).</summary>
    public string? EscalationLevel { get; init; }

    public string? PatientName { get; init; }

    public string? PatientTier { get; init; }
}
