using Monitoring.Domain.Alarms;
using Monitoring.Hub.Alarms.Storage;
using Monitoring.Hub.Audit;

namespace Monitoring.Hub.Alarms.Engine.Changes;

/// <summary>One effect to audit: who did it, and the alarm before and after (as the API shows them).</summary>
internal sealed record AuditedEffect(AlarmEffect Effect, AuditActor Actor, StoredAlarm? Before, StoredAlarm After);
