namespace Monitoring.Hub.Devices;

/// <summary>
/// A clinic's devices (clinical-rules §4): issued (assigned to a patient), free, revoked; and
/// oximeters held against the target of 20 per clinic (004, 4). <see cref="Silent"/> and
/// <see cref="LowBattery"/> count issued devices the alarm rules hold silent or low on battery
/// (<see cref="Alarms.Storage.DeviceLiveStatus"/>; devices of patients in home treatment, whose readings
/// are evaluated); they would be null with <see cref="LiveStatusTracked"/> false on a hub without
/// the alarm engine.
/// </summary>
public sealed record InventoryResponse(
    Guid ClinicId,
    int Total,
    int Issued,
    int Free,
    int Revoked,
    int? Silent,
    int? LowBattery,
    bool LiveStatusTracked,
    int Oximeters,
    int OximeterTarget,
    int OximetersShort,
    IReadOnlyList<KindInventory> ByKind);
