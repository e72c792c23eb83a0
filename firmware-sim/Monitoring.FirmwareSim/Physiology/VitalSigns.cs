namespace Monitoring.FirmwareSim.Physiology;

/// <summary>
/// What the sensors would measure at one instant (unrounded). <see cref="Spo2"/> and
/// <see cref="Pulse"/> are the oximeter's values, artefacts included; <see cref="TrueSpo2"/> is the
/// patient's real saturation, for behaviour (breathlessness) and tests.
/// </summary>
public readonly record struct VitalSigns(
    double Spo2,
    double TrueSpo2,
    double Pulse,
    double Perfusion,
    double Respiratory,
    double Temperature,
    bool Artefact);
