namespace Monitoring.Domain.FollowUps;

/// <summary>A patient's contacts in one clinic week against what the tier requires.</summary>
/// <param name="Week">The week, e.g. <c>2026-W47</c>.</param>
/// <param name="Contacts">Contacts recorded in the week (completed follow-ups included).</param>
/// <param name="Required">Contacts the tier requires in a week; 0 when it requires none.</param>
public sealed record CadenceStatus(string Week, int Contacts, int Required)
{
    /// <summary>Contacts still missing this week.</summary>
    public int Shortfall => Math.Max(0, Required - Contacts);

    /// <summary>Fewer contacts than required so far.</summary>
    public bool Behind => Shortfall > 0;
}
