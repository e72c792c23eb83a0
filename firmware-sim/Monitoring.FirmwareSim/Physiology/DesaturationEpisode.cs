namespace Monitoring.FirmwareSim.Physiology;

/// <summary>
/// A desaturation: SpO2 falls from the baseline towards <see cref="Nadir"/> over the first quarter,
/// holds it until 70 % of <see cref="Duration"/> and recovers over the rest. Times are real time:
/// the hub's SpO2 rule counts seconds of readings (clinical-rules §2, 10 s by default).
/// </summary>
public sealed record DesaturationEpisode(DateTimeOffset Start, TimeSpan Duration, double Nadir)
{
    private const double FallEnds = 0.25;
    private const double RecoveryStarts = 0.7;

    public DateTimeOffset End => Start + Duration;

    /// <summary>How far from baseline to nadir SpO2 is at <paramref name="time"/>: 0 outside, 1 on the plateau.</summary>
    public double Depth(DateTimeOffset time)
    {
        if (time < Start || time >= End || Duration <= TimeSpan.Zero)
        {
            return 0;
        }

        var x = (time - Start) / Duration;
        if (x < FallEnds)
        {
            return Smooth(x / FallEnds);
        }

        return x > RecoveryStarts ? Smooth((1 - x) / (1 - RecoveryStarts)) : 1;
    }

    /// <summary>SpO2 at <paramref name="time"/> for a given baseline (a nadir above the baseline changes nothing).</summary>
    public double Apply(double baseline, DateTimeOffset time) =>
        Nadir >= baseline ? baseline : baseline - ((baseline - Nadir) * Depth(time));

    private static double Smooth(double u) => u * u * (3 - (2 * u));
}
