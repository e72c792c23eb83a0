using System.Text.Json;
using Monitoring.Hub.Alarms.Storage;

namespace Monitoring.Hub.Alarms.Grains.Serialization;

/// <summary>
/// An alarm (<see cref="StoredAlarm"/>, with the domain's <c>AlarmRecord</c>) on the wire, as the
/// JSON System.Text.Json writes for it: the domain has no reference to Orleans, and JSON carries
/// every member of the record as it grows, where a hand-kept field list could silently drop one.
/// Alarms cross silos only for clinicians' commands and ticks, not per reading.
/// </summary>
[GenerateSerializer, Immutable, Alias("monitoring.alarms.stored-alarm")]
public readonly record struct StoredAlarmSurrogate([property: Id(0)] byte[] Json);

[RegisterConverter]
public sealed class StoredAlarmConverter : IConverter<StoredAlarm, StoredAlarmSurrogate>
{
    public StoredAlarm ConvertFromSurrogate(in StoredAlarmSurrogate surrogate) =>
        JsonSerializer.Deserialize<StoredAlarm>(surrogate.Json) ?? throw new InvalidOperationException("An empty alarm on the wire.");

    public StoredAlarmSurrogate ConvertToSurrogate(in StoredAlarm value) => new(JsonSerializer.SerializeToUtf8Bytes(value));
}
