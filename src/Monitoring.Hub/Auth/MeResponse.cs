namespace Monitoring.Hub.Auth;

/// <summary>Who the token belongs to, for the dashboard's header and its clinic filter; <see cref="MustChangePassword"/> while the token may only change it.</summary>
public sealed record MeResponse(Guid Id, string Username, UserRole Role, Guid? ClinicId, bool MustChangePassword = false);
