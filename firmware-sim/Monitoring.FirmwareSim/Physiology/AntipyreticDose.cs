namespace Monitoring.FirmwareSim.Physiology;

/// <summary>
/// A dose of paracetamol or ibuprofen (story time): it takes up to <see cref="MaxDrop"/> °C off the
/// fever, acting within half an hour, most at about two hours and wearing off over six to eight.
/// It lowers the fever, never the temperature below the patient's own baseline.
/// </summary>
public sealed record AntipyreticDose(DateTimeOffset At, double MaxDrop = 1.5)
{
    private const double PeakHours = 2;

    /// <summary>0 before the dose, 1 at its peak, about 0.4 after six hours, nothing after twelve.</summary>
    public double Effect(DateTimeOffset time)
    {
        var hours = (time - At).TotalHours;
        if (hours <= 0 || hours >= 12)
        {
            return 0;
        }

        var x = hours / PeakHours;
        return x * Math.Exp(1 - x);
    }
}
