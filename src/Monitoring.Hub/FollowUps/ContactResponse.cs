using Monitoring.Domain.FollowUps;

namespace Monitoring.Hub.FollowUps;

/// <summary>A contact with a patient; <c>source</c> is <c>followup</c> or <c>manual</c>.</summary>
public sealed record ContactResponse(Guid Id, Guid PatientId, DateTimeOffset At, ContactChannel Channel, string Source, Guid? FollowUpId, string? Note, Guid? By);
