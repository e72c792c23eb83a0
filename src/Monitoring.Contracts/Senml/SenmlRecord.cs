namespace Monitoring.Contracts.Senml;

/// <summary>
/// One SenML record as written on the wire (RFC 8428 §4): every field optional. Devices and tests
/// build packs from these with <see cref="SenmlWriter"/>; the hub reads packs with <see cref="SenmlParser"/>.
/// </summary>
public sealed record SenmlRecord
{
    public string? BaseName { get; init; }

    /// <summary>Base time, UNIX seconds (values below 2^28 are relative to now).</summary>
    public double? BaseTime { get; init; }

    public string? BaseUnit { get; init; }

    public double? BaseValue { get; init; }

    public string? Name { get; init; }

    public string? Unit { get; init; }

    public double? Value { get; init; }

    public string? StringValue { get; init; }

    public bool? BoolValue { get; init; }

    /// <summary>Time, UNIX seconds, added to the base time.</summary>
    public double? Time { get; init; }

    /// <summary>A time as SenML seconds, keeping milliseconds.</summary>
    public static double Seconds(DateTimeOffset time) => time.ToUnixTimeMilliseconds() / 1000.0;
}
