namespace Monitoring.FirmwareSim.Physiology;

/// <summary>
/// A baseline that changes by ramps over story time (e.g. silent hypoxia: SpO2 drifting from 96
/// to 88 over ten hours). A later ramp takes over from wherever the level is when it starts.
/// Pure: the level at a time depends on nothing but the ramps.
/// </summary>
public sealed class LevelSchedule
{
    private readonly List<LevelRamp> _ramps = [];
    private readonly List<double> _startLevels = [];

    public LevelSchedule(double initial)
    {
        if (!double.IsFinite(initial))
        {
            throw new ArgumentOutOfRangeException(nameof(initial), initial, "The level must be finite.");
        }

        Initial = initial;
    }

    public double Initial { get; }

    public IReadOnlyList<LevelRamp> Ramps => _ramps;

    public void AddRamp(LevelRamp ramp)
    {
        ArgumentNullException.ThrowIfNull(ramp);
        ArgumentOutOfRangeException.ThrowIfLessThan(ramp.Over, TimeSpan.Zero);
        var at = _ramps.FindLastIndex(r => r.Start <= ramp.Start) + 1;
        _ramps.Insert(at, ramp);
        _startLevels.Clear();
        for (var i = 0; i < _ramps.Count; i++)
        {
            _startLevels.Add(Evaluate(_ramps[i].Start, i));
        }
    }

    public double At(DateTimeOffset time) => Evaluate(time, _ramps.Count);

    /// <summary>The level at <paramref name="time"/> counting only the first <paramref name="rampCount"/> ramps.</summary>
    private double Evaluate(DateTimeOffset time, int rampCount)
    {
        for (var i = rampCount - 1; i >= 0; i--)
        {
            var ramp = _ramps[i];
            if (ramp.Start > time)
            {
                continue;
            }

            var from = i < _startLevels.Count ? _startLevels[i] : Evaluate(ramp.Start, i);
            if (ramp.Over <= TimeSpan.Zero || time >= ramp.Start + ramp.Over)
            {
                return ramp.Target;
            }

            var fraction = (time - ramp.Start) / ramp.Over;
            return from + ((ramp.Target - from) * fraction);
        }

        return Initial;
    }
}
