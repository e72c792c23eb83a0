namespace Monitoring.Hub.Auth;

/// <summary>Who the token belongs to, for the dashboard's header and its clinic filter.</summary>
public sealed record MeResponse(Guid Id, string Username, UserRole Role, Guid? ClinicId);
