using Monitoring.Domain.FollowUps;

namespace Monitoring.Hub.FollowUps;

public sealed record CompleteFollowUpRequest(ContactChannel? Channel, string? Outcome, string? Note);
