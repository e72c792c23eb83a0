using Monitoring.Domain.Alarms;
using Monitoring.Domain.Thresholds;

namespace Monitoring.Hub.Thresholds;

/// <summary>
/// <c>GET /api/patients/{id}/thresholds/effective</c>: the thresholds the rules use for the patient,
/// where each came from (<c>default</c>, <c>clinic</c>, <c>patient</c>), and the clinic's ladder.
/// </summary>
public sealed record EffectiveThresholdsResponse(
    Guid PatientId,
    Guid ClinicId,
    AlarmThresholds Thresholds,
    IReadOnlyDictionary<string, string> Sources,
    IReadOnlyList<EscalationStep> Escalation);
