namespace Monitoring.Hub.Ingestion;

/// <summary>
/// Raised by the registry after it commits a change to a device (registered, revoked) or to its
/// assignments (assigned, unassigned), so ingestion attributes the next reading with the new facts
/// instead of waiting for its periodic reload.
/// </summary>
public interface IAssignmentChanges
{
    void DeviceChanged(string deviceId);
}
