using Monitoring.Domain.FollowUps;

namespace Monitoring.Hub.FollowUps;

public sealed record RecordContactRequest(ContactChannel? Channel, string? Note);
