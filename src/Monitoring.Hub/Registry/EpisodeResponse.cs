namespace Monitoring.Hub.Registry;

/// <summary>A home-treatment episode with its end criteria evaluated on the tests sampled during it.</summary>
public sealed record EpisodeResponse(
    Guid Id,
    Guid PatientId,
    DateTimeOffset StartedAt,
    DateTimeOffset? EndedAt,
    string? EndReason,
    bool SymptomsImproved,
    DateTimeOffset? SymptomsAssessedAt,
    EndCriteriaResponse EndCriteria);
