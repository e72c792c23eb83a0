namespace Monitoring.Hub.Registry;

/// <summary>Body of starting home treatment: <c>startedAt</c> defaults to now.</summary>
public sealed record StartEpisodeRequest(DateTimeOffset? StartedAt);
