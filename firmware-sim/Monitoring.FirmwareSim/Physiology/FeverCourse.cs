namespace Monitoring.FirmwareSim.Physiology;

/// <summary>
/// A fever on story time: from <see cref="Onset"/> the core temperature rises over <see cref="Rise"/>
/// to around <see cref="Peak"/> (°C, the day's mean before the diurnal swing), stays there for
/// <see cref="Plateau"/> with a slow drift, and breaks over <see cref="Fall"/>. A plateau beyond
/// 72 h is the persistent high fever of clinical-rules §2 (003 居家治疗指南 三(二)2(2)).
/// </summary>
public sealed record FeverCourse(DateTimeOffset Onset, double Peak, TimeSpan Rise, TimeSpan Plateau, TimeSpan Fall)
{
    public DateTimeOffset End => Onset + Rise + Plateau + Fall;

    /// <summary>How much of the fever is expressed at <paramref name="time"/>: 0 before and after, about 1 on the plateau.</summary>
    public double Shape(DateTimeOffset time)
    {
        if (time <= Onset || time >= End)
        {
            return 0;
        }

        var since = time - Onset;
        if (since < Rise)
        {
            return Smooth(since / Rise);
        }

        since -= Rise;
        if (since < Plateau)
        {
            // A plateau is not flat: a slow drift of a few tenths over a day and a half.
            return 1 + (0.06 * Math.Sin(2 * Math.PI * since.TotalHours / 37));
        }

        since -= Plateau;
        return Fall <= TimeSpan.Zero ? 0 : Smooth(1 - (since / Fall));
    }

    /// <summary>Degrees above <paramref name="baseline"/> before antipyretics.</summary>
    public double Excess(DateTimeOffset time, double baseline) => Math.Max(0, Peak - baseline) * Shape(time);

    private static double Smooth(double u)
    {
        u = Math.Clamp(u, 0, 1);
        return u * u * (3 - (2 * u));
    }
}
