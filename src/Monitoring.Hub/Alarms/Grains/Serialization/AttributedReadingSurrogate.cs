using Monitoring.Contracts.Senml;
using Monitoring.Contracts.Topics;
using Monitoring.Hub.Ingestion;

namespace Monitoring.Hub.Alarms.Grains.Serialization;

/// <summary>
/// <see cref="AttributedReading"/> on the wire between silos: ingestion's type stays free of Orleans,
/// and its enums travel as numbers (the contract's enums carry no serializer of their own).
/// </summary>
[GenerateSerializer, Immutable, Alias("monitoring.alarms.reading")]
public readonly record struct AttributedReadingSurrogate(
    [property: Id(0)] string DeviceId,
    [property: Id(1)] Guid PatientId,
    [property: Id(2)] Guid ClinicId,
    [property: Id(3)] int Kind,
    [property: Id(4)] string Name,
    [property: Id(5)] int ValueKind,
    [property: Id(6)] double Value,
    [property: Id(7)] string? Text,
    [property: Id(8)] bool Flag,
    [property: Id(9)] DateTimeOffset Time,
    [property: Id(10)] DateTimeOffset ReceivedAt);

[RegisterConverter]
public sealed class AttributedReadingConverter : IConverter<AttributedReading, AttributedReadingSurrogate>
{
    public AttributedReading ConvertFromSurrogate(in AttributedReadingSurrogate surrogate) =>
        new(surrogate.DeviceId, surrogate.PatientId, surrogate.ClinicId, (DeviceTopicKind)surrogate.Kind, surrogate.Name,
            (SenmlValueKind)surrogate.ValueKind, surrogate.Value, surrogate.Text, surrogate.Flag, surrogate.Time, surrogate.ReceivedAt);

    public AttributedReadingSurrogate ConvertToSurrogate(in AttributedReading value) =>
        new(value.DeviceId, value.PatientId, value.ClinicId, (int)value.Kind, value.Name, (int)value.ValueKind, value.Value, value.Text,
            value.Flag, value.Time, value.ReceivedAt);
}
