using Monitoring.Hub.Alarms;
using Monitoring.Hub.Realtime;

namespace Monitoring.Hub.Cluster;

/// <summary>
/// One message on <c>{prefix}/realtime</c>: what the leader pushed to its own dashboards, an alarm
/// event (<see cref="Alarm"/>, <see cref="Raised"/>) or a coalesced vitals sample
/// (<see cref="Vitals"/> of a patient of <see cref="ClinicId"/>). <see cref="Origin"/> is the
/// sending hub, which ignores its own messages.
/// </summary>
public sealed record RealtimeEnvelope(string Origin, AlarmResponse? Alarm, bool Raised, Guid? ClinicId, VitalsSample? Vitals);
