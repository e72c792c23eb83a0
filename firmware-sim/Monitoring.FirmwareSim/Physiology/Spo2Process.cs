namespace Monitoring.FirmwareSim.Physiology;

/// <summary>
/// Arterial oxygen saturation: a baseline on story time (trends such as silent hypoxia), slow
/// physiological wander and beat-to-beat noise on real time, and desaturation episodes (scripted
/// and spontaneous, real time). Clamped to 50-100 %, the plausible range of clinical-rules §2.
/// </summary>
public sealed class Spo2Process
{
    private readonly Random _random;
    private readonly double _perHour;
    private readonly SlowNoise _wander;
    private readonly List<DesaturationEpisode> _episodes = [];
    private DateTimeOffset _nextSpontaneous;

    public Spo2Process(LevelSchedule baseline, Random random, double desaturationsPerHour, DateTimeOffset wallStart)
    {
        ArgumentNullException.ThrowIfNull(baseline);
        ArgumentNullException.ThrowIfNull(random);
        Baseline = baseline;
        _random = random;
        _perHour = desaturationsPerHour;
        _wander = new SlowNoise(random, 0.5, TimeSpan.FromSeconds(40));
        _nextSpontaneous = Next(wallStart);
    }

    public LevelSchedule Baseline { get; }

    /// <summary>Episodes not yet long past (scripted and spontaneous), for logs and tests.</summary>
    public IReadOnlyList<DesaturationEpisode> Episodes => _episodes;

    public void AddDesaturation(DesaturationEpisode episode)
    {
        ArgumentNullException.ThrowIfNull(episode);
        _episodes.Add(episode);
    }

    /// <summary>Measured-grade saturation: <see cref="LevelAt"/> plus wander and beat-to-beat noise.</summary>
    public double At(DateTimeOffset wall, DateTimeOffset story)
    {
        var value = LevelAt(wall, story) + _wander.At(wall) + Draw.Gaussian(_random, 0, 0.35);
        return Math.Clamp(value, 50, 100);
    }

    /// <summary>The saturation without noise (baseline and desaturations): what the patient feels.</summary>
    public double LevelAt(DateTimeOffset wall, DateTimeOffset story)
    {
        while (_nextSpontaneous <= wall)
        {
            // Most spontaneous episodes cross 93 % for more than 10 s (clinical-rules §2); some stay shallow.
            var nadir = Draw.Chance(_random, 0.7) ? Draw.Uniform(_random, 84, 91.5) : Draw.Uniform(_random, 91.5, 95);
            var episode = new DesaturationEpisode(_nextSpontaneous, Draw.Uniform(_random, TimeSpan.FromSeconds(25), TimeSpan.FromSeconds(120)), nadir);
            _episodes.Add(episode);
            _nextSpontaneous = Next(episode.End);
        }

        _episodes.RemoveAll(e => e.End < wall - TimeSpan.FromHours(1));
        var baseline = Baseline.At(story);
        var level = baseline;
        foreach (var episode in _episodes)
        {
            level = Math.Min(level, episode.Apply(baseline, wall));
        }

        return level;
    }

    private DateTimeOffset Next(DateTimeOffset after)
    {
        var wait = Draw.Exponential(_random, _perHour);
        return wait == TimeSpan.MaxValue || after > DateTimeOffset.MaxValue - wait ? DateTimeOffset.MaxValue : after + wait;
    }
}
