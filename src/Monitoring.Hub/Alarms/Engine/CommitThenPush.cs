using Monitoring.Domain.Alarms;
using Monitoring.Hub.Alarms.Engine.Changes;
using Monitoring.Hub.Alarms.Events;

namespace Monitoring.Hub.Alarms.Engine;

/// <summary>
/// What follows a committed transaction, in this order: memory takes the drafts, then every
/// changed alarm goes out on the event stream. An alarm is never pushed before it is stored, and a
/// failed write (which never reaches here) leaves memory as the database has it.
/// </summary>
internal sealed partial class CommitThenPush(AlarmEventStream events, AlarmMetrics metrics, ILogger logger)
{
    public async Task CommittedAsync(AlarmChanges changes, CancellationToken ct)
    {
        foreach (var draft in changes.Drafts)
        {
            draft.Commit();
        }

        foreach (var change in changes.Alarms)
        {
            var alarm = change.Current;
            if (change.IsNew)
            {
                var kind = AlarmWireNames.Of(alarm.Record.Kind);
                metrics.Raised(kind, AlarmWireNames.Of(alarm.Record.Priority));
                LogRaised(logger, alarm.Id, kind, alarm.PatientId, alarm.ClinicId);
            }

            await events.PublishAsync(new AlarmChanged(alarm, change.IsNew, change.ReceivedAt), ct);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Alarm {AlarmId} raised: {Kind} for patient {PatientId} of clinic {ClinicId}")]
    private static partial void LogRaised(ILogger logger, Guid alarmId, string kind, Guid patientId, Guid clinicId);
}
