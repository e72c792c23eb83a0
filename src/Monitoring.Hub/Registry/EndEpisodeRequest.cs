namespace Monitoring.Hub.Registry;

public sealed record EndEpisodeRequest(string? Reason);
