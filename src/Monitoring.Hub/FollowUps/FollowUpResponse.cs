using Monitoring.Domain.FollowUps;
using Monitoring.Domain.Risk;

namespace Monitoring.Hub.FollowUps;

/// <summary>
/// A follow-up as the API shows it. <c>status</c>: <c>due</c> (open, its day not yet over),
/// <c>overdue</c> (open, its clinic-local day has ended), <c>done</c> or <c>cancelled</c>.
/// </summary>
public sealed record FollowUpResponse(
    Guid Id,
    Guid PatientId,
    string PatientName,
    Guid ClinicId,
    RiskTier Tier,
    Guid EpisodeId,
    DateOnly DueOn,
    string Status,
    int DaysOverdue,
    DateTimeOffset? CompletedAt,
    Guid? CompletedBy,
    ContactChannel? Channel,
    string? Outcome,
    string? Note);
