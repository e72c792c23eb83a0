namespace Monitoring.Hub.Auth;

public sealed record CreateUserRequest(string? Username, string? Password, UserRole? Role, Guid? ClinicId);
