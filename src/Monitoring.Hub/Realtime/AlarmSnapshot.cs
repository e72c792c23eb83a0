using Monitoring.Hub.Alarms.Api;

namespace Monitoring.Hub.Realtime;

/// <summary>
/// The <c>snapshot</c> event and the answer of <c>GetSnapshot()</c>: the open alarms the
/// connection may see and the latest vitals per patient (since the hub started), as of <see cref="AsOf"/>.
/// </summary>
public sealed record AlarmSnapshot(DateTimeOffset AsOf, IReadOnlyList<AlarmResponse> Alarms, IReadOnlyList<VitalsSample> Vitals);
