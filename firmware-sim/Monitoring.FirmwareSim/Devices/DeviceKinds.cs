using System.Diagnostics.CodeAnalysis;

namespace Monitoring.FirmwareSim.Devices;

/// <summary>Wire names of <see cref="DeviceKind"/> and the short codes used in generated device ids.</summary>
public static class DeviceKinds
{
    public static string WireName(DeviceKind kind) => kind switch
    {
        DeviceKind.Oximeter => "oximeter",
        DeviceKind.Thermometer => "thermometer",
        DeviceKind.Wearable => "wearable",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    public static string IdCode(DeviceKind kind) => kind switch
    {
        DeviceKind.Oximeter => "ox",
        DeviceKind.Thermometer => "th",
        DeviceKind.Wearable => "wr",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    public static bool TryParse(string? wireName, [NotNullWhen(true)] out DeviceKind? kind)
    {
        kind = wireName switch
        {
            "oximeter" => DeviceKind.Oximeter,
            "thermometer" => DeviceKind.Thermometer,
            "wearable" => DeviceKind.Wearable,
            _ => null,
        };
        return kind is not null;
    }

    public static IReadOnlyList<string> WireNames { get; } = ["oximeter", "thermometer", "wearable"];
}
