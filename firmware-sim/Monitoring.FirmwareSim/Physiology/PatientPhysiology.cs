using Monitoring.FirmwareSim.Timing;

namespace Monitoring.FirmwareSim.Physiology;

/// <summary>
/// One patient's body, coupling the models: fever raises pulse and breathing (about 10 beats and 2
/// breaths a minute per °C), a fall in SpO2 raises them in proportion to <see cref="PatientProfile.HypoxicDrive"/>,
/// motion artefacts corrupt what the finger probe reads. Deterministic under the injected
/// <see cref="Random"/>; sample with non-decreasing times (one loop per patient).
/// </summary>
public sealed class PatientPhysiology
{
    private readonly Random _random;
    private readonly SlowNoise _pulseWander;
    private readonly SlowNoise _respiratoryWander;
    private readonly SlowNoise _perfusionWander;

    public PatientPhysiology(PatientProfile profile, TimeZoneInfo timeZone, Random random, SimInstant start)
    {
        ArgumentNullException.ThrowIfNull(profile);
        ArgumentNullException.ThrowIfNull(timeZone);
        ArgumentNullException.ThrowIfNull(random);
        Profile = profile;
        _random = random;
        Spo2 = new Spo2Process(new LevelSchedule(profile.Spo2Baseline), random, profile.DesaturationsPerHour, start.Wall);
        Artefacts = new MotionArtefactProcess(random, profile.ArtefactsPerHour, start.Wall);
        Temperature = new TemperatureModel(profile.TemperatureBaseline, timeZone);
        PulseBaseline = new LevelSchedule(profile.PulseBaseline);
        RespiratoryBaseline = new LevelSchedule(profile.RespiratoryBaseline);
        _pulseWander = new SlowNoise(random, 3, TimeSpan.FromSeconds(90));
        _respiratoryWander = new SlowNoise(random, 1, TimeSpan.FromSeconds(120));
        _perfusionWander = new SlowNoise(random, 0.15, TimeSpan.FromSeconds(60));
    }

    public PatientProfile Profile { get; }

    public Spo2Process Spo2 { get; }

    public MotionArtefactProcess Artefacts { get; }

    public TemperatureModel Temperature { get; }

    public LevelSchedule PulseBaseline { get; }

    public LevelSchedule RespiratoryBaseline { get; }

    public VitalSigns Sample(SimInstant at)
    {
        var trueSpo2 = Spo2.At(at.Wall, at.Story);
        var core = Temperature.CoreAt(at.Story);
        var fever = Math.Max(0, core - 37.2);
        var hypoxia = Math.Max(0, Profile.Spo2Baseline - trueSpo2) * Profile.HypoxicDrive;

        var pulse = PulseBaseline.At(at.Story) + (10 * fever) + (1.2 * hypoxia) + _pulseWander.At(at.Wall) + Draw.Gaussian(_random, 0, 1);
        var respiratory = RespiratoryBaseline.At(at.Story) + (2 * fever) + (0.5 * hypoxia) + _respiratoryWander.At(at.Wall) + Draw.Gaussian(_random, 0, 0.4);
        var perfusion = Profile.PerfusionBaseline * Math.Exp(_perfusionWander.At(at.Wall));
        var spo2 = trueSpo2;

        var artefact = Artefacts.At(at.Wall);
        if (artefact is not null)
        {
            // The probe reads noise: a low perfusion index flags it, SpO2 dips spuriously, pulse jumps.
            perfusion = artefact.Perfusion * Draw.Uniform(_random, 0.7, 1.3);
            spo2 = trueSpo2 - (artefact.Spo2Dip * Draw.Uniform(_random, 0.6, 1.2));
            pulse += Draw.Uniform(_random, -25, 30);
        }

        var temperature = core + Draw.Gaussian(_random, 0, 0.05);
        return new VitalSigns(
            Math.Clamp(spo2, 50, 100),
            trueSpo2,
            Math.Clamp(pulse, 30, 220),
            Math.Clamp(perfusion, 0.02, 20),
            Math.Clamp(respiratory, 6, 50),
            Math.Clamp(temperature, 34, 42.5),
            artefact is not null);
    }
}
