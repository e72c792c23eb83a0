using Monitoring.Contracts.Events;
using Monitoring.FirmwareSim.Devices;
using Monitoring.FirmwareSim.Engine;
using Monitoring.FirmwareSim.Physiology;
using Monitoring.FirmwareSim.Timing;

namespace Monitoring.FirmwareSim.Fleet;

/// <summary>
/// What a fleet patient does on their own: takes an antipyretic when the fever passes 38.5 °C (no
/// more often than every six story hours), and presses the dyspnea button on the oximeter when
/// their saturation has fallen enough to feel it (not when their hypoxia is silent), now and then
/// also without a fall.
/// </summary>
public sealed class PatientHabits : ISimulationActor
{
    private static readonly TimeSpan Tick = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan DoseInterval = TimeSpan.FromHours(6);
    private static readonly TimeSpan PressInterval = TimeSpan.FromHours(2);
    private const double SpontaneousPressesPerHour = 0.02;

    private readonly PatientPhysiology _physiology;
    private readonly SimulatedDevice? _button;
    private readonly Random _random;
    private readonly TimeMapping _mapping;
    private readonly bool _selfMedicates;
    private readonly TimeSpan _tick;
    private DateTimeOffset? _lastPress;

    public PatientHabits(PatientPhysiology physiology, SimulatedDevice? button, Random random, TimeMapping mapping, bool selfMedicates, DateTimeOffset wallStart)
    {
        ArgumentNullException.ThrowIfNull(physiology);
        ArgumentNullException.ThrowIfNull(random);
        ArgumentNullException.ThrowIfNull(mapping);
        _physiology = physiology;
        _button = button;
        _random = random;
        _mapping = mapping;
        _selfMedicates = selfMedicates;
        var halfHourOfStory = mapping.ToWall(TimeSpan.FromMinutes(30));
        _tick = halfHourOfStory < Tick ? halfHourOfStory : Tick;
        NextDue = wallStart + _tick;
    }

    public DateTimeOffset NextDue { get; private set; }

    public int Doses { get; private set; }

    public int Presses { get; private set; }

    public async Task ActAsync(SimInstant now, CancellationToken cancellationToken)
    {
        NextDue = now.Wall + _tick;
        var temperature = _physiology.Temperature;
        if (_selfMedicates
            && temperature.CoreAt(now.Story) > 38.5
            && (temperature.LastDose is not { } last || now.Story - last >= DoseInterval)
            && Draw.Chance(_random, 0.5))
        {
            temperature.AddAntipyretic(new AntipyreticDose(now.Story));
            Doses++;
        }

        if (_button is null || (_lastPress is { } pressed && now.Story - pressed < PressInterval))
        {
            return;
        }

        var felt = _physiology.Spo2.LevelAt(now.Wall, now.Story) < 91 && _physiology.Profile.HypoxicDrive >= 0.5;
        var storyHours = _mapping.TimeScale * _tick.TotalHours;
        if ((felt && Draw.Chance(_random, 0.4)) || Draw.Chance(_random, SpontaneousPressesPerHour * storyHours))
        {
            _lastPress = now.Story;
            Presses++;
            await _button.ReportAsync(new DeviceEvent(EventNames.Symptom, Symptoms.Dyspnea, null, now.Wall), now, cancellationToken);
        }
    }
}
