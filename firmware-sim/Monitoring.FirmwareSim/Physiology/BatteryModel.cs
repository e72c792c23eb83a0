namespace Monitoring.FirmwareSim.Physiology;

/// <summary>
/// A device battery on story time: it drains at a steady rate; with <c>recharges</c> the patient
/// puts it on the charger at a level drawn between 5 % and 25 % (so some cross the 15 % low-battery
/// alarm of clinical-rules §2 first) and it comes back full. Times must not go backwards.
/// </summary>
public sealed class BatteryModel
{
    private readonly Random _random;
    private readonly double _drainPerHour;
    private readonly bool _recharges;
    private DateTimeOffset _anchor;
    private double _anchorLevel;
    private double _rechargeBelow;

    public BatteryModel(Random random, double startLevel, double drainPerHour, DateTimeOffset storyStart, bool recharges)
    {
        ArgumentNullException.ThrowIfNull(random);
        ArgumentOutOfRangeException.ThrowIfNegative(drainPerHour);
        _random = random;
        _drainPerHour = drainPerHour;
        _recharges = recharges;
        _anchor = storyStart;
        _anchorLevel = Math.Clamp(startLevel, 0, 100);
        _rechargeBelow = DrawRechargeLevel();
    }

    /// <summary>Sets the level at a time (a scripted event); drain continues from there.</summary>
    public void Set(DateTimeOffset story, double level)
    {
        _anchor = story;
        _anchorLevel = Math.Clamp(level, 0, 100);
    }

    public double LevelAt(DateTimeOffset story)
    {
        var level = Drained(story);
        if (_recharges && level <= _rechargeBelow && _drainPerHour > 0)
        {
            _anchor = story;
            _anchorLevel = 100;
            _rechargeBelow = DrawRechargeLevel();
            level = 100;
        }

        return level;
    }

    private double Drained(DateTimeOffset story)
    {
        var hours = Math.Max(0, (story - _anchor).TotalHours);
        return Math.Max(0, _anchorLevel - (_drainPerHour * hours));
    }

    private double DrawRechargeLevel() => Draw.Uniform(_random, 5, 25);
}
