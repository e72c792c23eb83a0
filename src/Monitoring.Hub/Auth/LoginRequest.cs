namespace Monitoring.Hub.Auth;

public sealed record LoginRequest(string? Username, string? Password);
