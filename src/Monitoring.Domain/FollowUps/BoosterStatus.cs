namespace Monitoring.Domain.FollowUps;

/// <summary>A patient's second-booster status on one clinic-local day (<see cref="BoosterPolicy.Assess"/>).</summary>
/// <param name="Groups">The eligible groups the patient belongs to; empty when not eligible.</param>
/// <param name="DueOn">First booster + 6 months, when the first booster's date is known and no second booster was given.</param>
/// <param name="Due">Eligible, not yet given, and <see cref="DueOn"/> reached: remind.</param>
public sealed record BoosterStatus(IReadOnlyList<BoosterGroup> Groups, DateOnly? DueOn, bool Due)
{
    public bool Eligible => Groups.Count > 0;
}
