namespace Monitoring.Hub.Devices;

public enum DeviceKind
{
    Oximeter,
    Thermometer,
    Wearable,
}
