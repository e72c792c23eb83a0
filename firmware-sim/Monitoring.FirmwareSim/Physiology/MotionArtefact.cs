namespace Monitoring.FirmwareSim.Physiology;

/// <summary>
/// A stretch of finger movement: the probe loses its pulsatile signal, so the perfusion index
/// collapses to <see cref="Perfusion"/> (the flag a consumer can use) and the oximeter shows a
/// spurious dip of about <see cref="Spo2Dip"/> points and an erratic pulse. Real time.
/// </summary>
public sealed record MotionArtefact(DateTimeOffset Start, TimeSpan Duration, double Spo2Dip, double Perfusion)
{
    public DateTimeOffset End => Start + Duration;

    public bool IsActive(DateTimeOffset time) => time >= Start && time < End;
}
