using Monitoring.Hub.Alarms.Api;
using Monitoring.Domain.Alarms;

namespace Monitoring.Hub.Alarms.Operator;

/// <summary>
/// How the hub raises an alarm about itself (no patient, administrators only). Like
/// <c>IReminderAlarms</c>, a narrow port: the caller says what happened, the implementation owns
/// storage, audit, log and push. The patient alarm engine is not involved.
/// </summary>
public interface IOperatorAlarms
{
    /// <summary>
    /// Opens the alarm of <paramref name="kind"/>, or folds <paramref name="lost"/> more into the open
    /// one (it becomes active again if it was acknowledged). Returns the alarm as stored.
    /// </summary>
    Task<AlarmResponse> RaiseAsync(AlarmKind kind, long lost, string detail, CancellationToken cancellationToken);
}
