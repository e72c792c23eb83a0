using Monitoring.Domain.Risk;
using Monitoring.FirmwareSim.Hub;
using Monitoring.FirmwareSim.Physiology;

namespace Monitoring.FirmwareSim.Fleet;

/// <summary>
/// A made-up patient: what the hub is told (<see cref="Spec"/>), the tier the simulator expects the
/// hub to give (computed with the domain's own calculator), and how the body behaves.
/// </summary>
public sealed record GeneratedPatient(
    int Index,
    PatientSpec Spec,
    RiskTier ExpectedTier,
    PatientProfile Profile,
    FeverPlan? Fever,
    bool SelfMedicates,
    bool HasWearable);
