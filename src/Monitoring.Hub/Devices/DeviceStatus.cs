namespace Monitoring.Hub.Devices;

/// <summary>Active devices may connect to the broker; revoked ones keep their history but their broker account is disabled.</summary>
public enum DeviceStatus
{
    Active,
    Revoked,
}
