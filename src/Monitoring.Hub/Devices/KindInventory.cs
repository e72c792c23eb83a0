namespace Monitoring.Hub.Devices;

public sealed record KindInventory(DeviceKind Kind, int Issued, int Free, int Revoked);
