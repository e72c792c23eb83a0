using Monitoring.Domain.Alarms;

namespace Monitoring.Hub.Alarms.Grains.Serialization;

/// <summary>A reminder sweep's <see cref="Raise"/> on the wire (the domain stays free of Orleans).</summary>
[GenerateSerializer, Immutable, Alias("monitoring.alarms.raise")]
public readonly record struct RaiseSurrogate(
    [property: Id(0)] int Kind,
    [property: Id(1)] int Priority,
    [property: Id(2)] double? Value,
    [property: Id(3)] double? Threshold,
    [property: Id(4)] string? Detail,
    [property: Id(5)] DateTimeOffset ObservedAt,
    [property: Id(6)] bool Late);

[RegisterConverter]
public sealed class RaiseConverter : IConverter<Raise, RaiseSurrogate>
{
    public Raise ConvertFromSurrogate(in RaiseSurrogate surrogate) =>
        new((AlarmKind)surrogate.Kind, (AlarmPriority)surrogate.Priority, surrogate.Value, surrogate.Threshold, surrogate.Detail, surrogate.ObservedAt, surrogate.Late);

    public RaiseSurrogate ConvertToSurrogate(in Raise value) =>
        new((int)value.Kind, (int)value.Priority, value.Value, value.Threshold, value.Detail, value.ObservedAt, value.Late);
}
