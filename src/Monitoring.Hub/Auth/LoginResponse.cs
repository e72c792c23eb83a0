namespace Monitoring.Hub.Auth;

public sealed record LoginResponse(string Token, DateTimeOffset ExpiresAt);
