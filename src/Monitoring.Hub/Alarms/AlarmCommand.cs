using Monitoring.Hub.Auth;

namespace Monitoring.Hub.Alarms;

/// <summary>A clinician's acknowledge or resolve of alarm <paramref name="AlarmId"/>: who asks (checked against the alarm's clinic) and their note.</summary>
public sealed record AlarmCommand(Guid AlarmId, ClinicScope Scope, string? Note);
