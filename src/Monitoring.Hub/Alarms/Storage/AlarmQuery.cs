using Monitoring.Domain.Alarms;

namespace Monitoring.Hub.Alarms.Storage;

/// <summary>Filters of <c>GET /api/alarms</c>, already validated.</summary>
public sealed record AlarmQuery(Guid? ClinicId, Guid? PatientId, AlarmState? State, bool OpenOnly, AlarmKind? Kind, DateTimeOffset? Since, int Limit, Guid? TeamId = null);
