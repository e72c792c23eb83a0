using System.Text.Json;

namespace Monitoring.Hub.Tests.Infrastructure;

public sealed record AuditRow(string Action, string ActorUsername, Guid? ActorUserId, Guid? ClinicId, JsonElement? Before, JsonElement? After);
