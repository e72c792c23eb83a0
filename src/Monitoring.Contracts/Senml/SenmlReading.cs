using System.Globalization;

namespace Monitoring.Contracts.Senml;

/// <summary>
/// One resolved SenML record (RFC 8428 §4.6): base fields applied, the name split into the device
/// it names (if any) and the local name, the time made absolute.
/// </summary>
/// <param name="Index">Position of the record in its pack (0-based), for error reports.</param>
/// <param name="DeviceId">The device named by the resolved name's prefix (<c>urn:dev:id:{id}:</c> or <c>{id}:</c>); null when the name carries none.</param>
/// <param name="Name">The local name, e.g. <c>spo2</c>.</param>
/// <param name="Unit">The resolved unit (<c>u</c>, else <c>bu</c>); null when absent.</param>
/// <param name="Kind">Which value field was present.</param>
/// <param name="Value">The numeric value (with <c>bv</c>/<c>bs</c> added) for <see cref="SenmlValueKind.Number"/> and <see cref="SenmlValueKind.Sum"/>.</param>
/// <param name="Text">The string value for <see cref="SenmlValueKind.String"/> and <see cref="SenmlValueKind.Data"/>.</param>
/// <param name="Flag">The boolean value for <see cref="SenmlValueKind.Boolean"/>.</param>
/// <param name="Time">The absolute time, microsecond precision.</param>
public readonly record struct SenmlReading(
    int Index,
    string? DeviceId,
    string Name,
    string? Unit,
    SenmlValueKind Kind,
    double Value,
    string? Text,
    bool Flag,
    DateTimeOffset Time)
{
    public override string ToString() => Kind switch
    {
        SenmlValueKind.Number or SenmlValueKind.Sum => $"{Name}={Value.ToString("R", CultureInfo.InvariantCulture)}{Unit} @ {Time:O}",
        SenmlValueKind.Boolean => $"{Name}={Flag} @ {Time:O}",
        _ => $"{Name}=\"{Text}\" @ {Time:O}",
    };
}
