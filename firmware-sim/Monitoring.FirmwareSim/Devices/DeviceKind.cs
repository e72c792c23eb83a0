namespace Monitoring.FirmwareSim.Devices;

/// <summary>The device kinds the hub registers (contract, <c>POST /api/devices</c>).</summary>
public enum DeviceKind
{
    Oximeter,
    Thermometer,
    Wearable,
}
