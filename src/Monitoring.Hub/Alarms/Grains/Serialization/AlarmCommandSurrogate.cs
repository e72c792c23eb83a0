using Monitoring.Hub.Auth;

namespace Monitoring.Hub.Alarms.Grains.Serialization;

/// <summary><see cref="AlarmCommand"/> on the wire: the alarm, who asks (their clinic scope) and the note.</summary>
[GenerateSerializer, Immutable, Alias("monitoring.alarms.command")]
public readonly record struct AlarmCommandSurrogate(
    [property: Id(0)] Guid AlarmId,
    [property: Id(1)] Guid UserId,
    [property: Id(2)] string Username,
    [property: Id(3)] int Role,
    [property: Id(4)] Guid? ClinicId,
    [property: Id(5)] string? Note);

[RegisterConverter]
public sealed class AlarmCommandConverter : IConverter<AlarmCommand, AlarmCommandSurrogate>
{
    public AlarmCommand ConvertFromSurrogate(in AlarmCommandSurrogate surrogate) =>
        new(surrogate.AlarmId, new ClinicScope(surrogate.UserId, surrogate.Username, (UserRole)surrogate.Role, surrogate.ClinicId), surrogate.Note);

    public AlarmCommandSurrogate ConvertToSurrogate(in AlarmCommand value) =>
        new(value.AlarmId, value.Scope.UserId, value.Scope.Username, (int)value.Scope.Role, value.Scope.ClinicId, value.Note);
}
