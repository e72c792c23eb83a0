using Monitoring.Domain.Alarms;
using Monitoring.Hub.Alarms.Storage;

namespace Monitoring.Hub.Alarms.Grains.Serialization;

/// <summary>A clinician's command's outcome (<see cref="AlarmTransition"/>) on the wire; the alarm goes as <see cref="StoredAlarmSurrogate"/>.</summary>
[GenerateSerializer, Immutable, Alias("monitoring.alarms.transition")]
public readonly record struct AlarmTransitionSurrogate(
    [property: Id(0)] int Status,
    [property: Id(1)] StoredAlarm? Alarm,
    [property: Id(2)] int? ErrorCode,
    [property: Id(3)] string? ErrorMessage);

[RegisterConverter]
public sealed class AlarmTransitionConverter : IConverter<AlarmTransition, AlarmTransitionSurrogate>
{
    public AlarmTransition ConvertFromSurrogate(in AlarmTransitionSurrogate surrogate) =>
        new((AlarmTransitionStatus)surrogate.Status, surrogate.Alarm,
            surrogate.ErrorCode is { } code ? new AlarmTransitionError((AlarmTransitionErrorCode)code, surrogate.ErrorMessage ?? "") : null);

    public AlarmTransitionSurrogate ConvertToSurrogate(in AlarmTransition value) =>
        new((int)value.Status, value.Alarm, value.Error is null ? null : (int)value.Error.Code, value.Error?.Message);
}
