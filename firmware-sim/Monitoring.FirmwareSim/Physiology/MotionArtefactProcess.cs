namespace Monitoring.FirmwareSim.Physiology;

/// <summary>Motion artefacts: scripted ones plus a Poisson stream (real time), drawn lazily as time advances.</summary>
public sealed class MotionArtefactProcess
{
    private readonly Random _random;
    private readonly double _perHour;
    private readonly List<MotionArtefact> _artefacts = [];
    private DateTimeOffset _nextSpontaneous;

    public MotionArtefactProcess(Random random, double artefactsPerHour, DateTimeOffset wallStart)
    {
        ArgumentNullException.ThrowIfNull(random);
        _random = random;
        _perHour = artefactsPerHour;
        _nextSpontaneous = Next(wallStart);
    }

    public void Add(DateTimeOffset start, TimeSpan duration) =>
        _artefacts.Add(Create(start, duration));

    /// <summary>The artefact in force at <paramref name="wall"/>, if any. Times should not go backwards.</summary>
    public MotionArtefact? At(DateTimeOffset wall)
    {
        while (_nextSpontaneous <= wall)
        {
            var artefact = Create(_nextSpontaneous, Draw.Uniform(_random, TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(20)));
            _artefacts.Add(artefact);
            _nextSpontaneous = Next(artefact.End);
        }

        _artefacts.RemoveAll(a => a.End < wall - TimeSpan.FromHours(1));
        foreach (var artefact in _artefacts)
        {
            if (artefact.IsActive(wall))
            {
                return artefact;
            }
        }

        return null;
    }

    private MotionArtefact Create(DateTimeOffset start, TimeSpan duration) =>
        new(start, duration, Draw.Uniform(_random, 4, 14), Draw.Uniform(_random, 0.1, 0.4));

    private DateTimeOffset Next(DateTimeOffset after)
    {
        var wait = Draw.Exponential(_random, _perHour);
        return wait == TimeSpan.MaxValue || after > DateTimeOffset.MaxValue - wait ? DateTimeOffset.MaxValue : after + wait;
    }
}
