using Monitoring.Hub.Alarms.Storage;
using Monitoring.Hub.Realtime;

namespace Monitoring.Hub.Cluster;

/// <summary>
/// One message on <c>{prefix}/realtime</c>: an alarm change of the leader's engine
/// (<see cref="Alarm"/>, <see cref="Raised"/>: its internal event, not the API's type) or a
/// coalesced vitals sample (<see cref="Vitals"/> of a patient of <see cref="ClinicId"/>).
/// <see cref="Origin"/> is the sending hub, which ignores its own messages.
/// </summary>
public sealed record RealtimeEnvelope(string Origin, StoredAlarm? Alarm, bool Raised, Guid? ClinicId, VitalsSample? Vitals);
