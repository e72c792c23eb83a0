namespace Monitoring.FirmwareSim.Physiology;

/// <summary>
/// Core body temperature on story time: the patient's baseline, a circadian swing (lowest in the
/// early morning, highest in the early evening, clinic local time), fever courses, and antipyretic
/// doses that lower the fever for some hours. Deterministic: <see cref="CoreAt"/> depends only on
/// the time and on what was added.
/// </summary>
public sealed class TemperatureModel
{
    /// <summary>Half the circadian peak-to-trough swing (about 0.5-0.6 °C in healthy adults).</summary>
    public const double DiurnalAmplitude = 0.28;

    /// <summary>Local hour of the circadian maximum.</summary>
    public const double DiurnalPeakHour = 18;

    private readonly List<FeverCourse> _fevers = [];
    private readonly List<AntipyreticDose> _doses = [];
    private readonly TimeZoneInfo _timeZone;

    public TemperatureModel(double baseline, TimeZoneInfo timeZone)
    {
        ArgumentNullException.ThrowIfNull(timeZone);
        ArgumentOutOfRangeException.ThrowIfLessThan(baseline, 35.0);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(baseline, 38.0);
        Baseline = baseline;
        _timeZone = timeZone;
    }

    public double Baseline { get; }

    public IReadOnlyList<FeverCourse> Fevers => _fevers;

    public IReadOnlyList<AntipyreticDose> Doses => _doses;

    public DateTimeOffset? LastDose => _doses.Count == 0 ? null : _doses[^1].At;

    public void AddFever(FeverCourse course)
    {
        ArgumentNullException.ThrowIfNull(course);
        _fevers.Add(course);
    }

    public void AddAntipyretic(AntipyreticDose dose)
    {
        ArgumentNullException.ThrowIfNull(dose);
        var at = _doses.FindLastIndex(d => d.At <= dose.At) + 1;
        _doses.Insert(at, dose);
    }

    /// <summary>Fever above baseline at <paramref name="story"/>, before antipyretics (the largest of overlapping courses).</summary>
    public double FeverExcessAt(DateTimeOffset story)
    {
        var excess = 0.0;
        foreach (var fever in _fevers)
        {
            excess = Math.Max(excess, fever.Excess(story, Baseline));
        }

        return excess;
    }

    public double CoreAt(DateTimeOffset story)
    {
        var local = TimeZoneInfo.ConvertTime(story, _timeZone);
        var hour = local.TimeOfDay.TotalHours;
        var diurnal = DiurnalAmplitude * Math.Cos(2 * Math.PI * (hour - DiurnalPeakHour) / 24);
        var excess = FeverExcessAt(story);

        // Fever swings wider through the day than normal temperature does.
        var swing = 1 + (0.5 * Math.Min(1, excess));
        var relief = 0.0;
        foreach (var dose in _doses)
        {
            if (dose.At > story)
            {
                break;
            }

            relief += Math.Min(dose.MaxDrop, excess) * dose.Effect(story);
        }

        relief = Math.Min(relief, excess);
        return Baseline + (diurnal * swing) + excess - relief;
    }
}
