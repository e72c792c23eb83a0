namespace Monitoring.FirmwareSim.Physiology;

/// <summary>A patient's own normal values and tendencies; the physiology starts from these.</summary>
public sealed record PatientProfile
{
    /// <summary>Usual SpO2 (%), 94-99 for the patients a clinic monitors at home.</summary>
    public double Spo2Baseline { get; init; } = 97;

    public double PulseBaseline { get; init; } = 76;

    public double RespiratoryBaseline { get; init; } = 16;

    public double TemperatureBaseline { get; init; } = 36.6;

    /// <summary>Usual perfusion index (%), 1-8 on a warm finger.</summary>
    public double PerfusionBaseline { get; init; } = 3.5;

    /// <summary>
    /// How strongly breathing and pulse respond to falling SpO2: 1 is typical, 0 is silent ("happy")
    /// hypoxia, where saturation falls without breathlessness or tachycardia.
    /// </summary>
    public double HypoxicDrive { get; init; } = 1;

    /// <summary>Spontaneous desaturation episodes per hour of real time.</summary>
    public double DesaturationsPerHour { get; init; }

    /// <summary>Motion artefacts per hour of real time.</summary>
    public double ArtefactsPerHour { get; init; }
}
