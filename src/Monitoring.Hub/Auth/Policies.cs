using Microsoft.AspNetCore.Authorization;

namespace Monitoring.Hub.Auth;

/// <summary>
/// Who may call what, by role, as named policies attached to endpoints (never role checks in
/// handlers). Which rows a caller sees is decided separately by <see cref="ClinicScope"/>.
/// </summary>
public static class Policies
{
    /// <summary>Any signed-in nurse, doctor or administrator: the default for every /api endpoint.</summary>
    public const string Clinician = "clinician";

    /// <summary>Clinics and user accounts.</summary>
    public const string Admin = "admin";

    /// <summary>Registering and revoking devices (creates and disables broker accounts): doctors and administrators.</summary>
    public const string DeviceManager = "device-manager";

    public static AuthorizationBuilder AddHubPolicies(this AuthorizationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder
            .AddPolicy(Clinician, p => p.RequireAuthenticatedUser().RequireRole(Role(UserRole.Nurse), Role(UserRole.Doctor), Role(UserRole.Admin)))
            .AddPolicy(Admin, p => p.RequireAuthenticatedUser().RequireRole(Role(UserRole.Admin)))
            .AddPolicy(DeviceManager, p => p.RequireAuthenticatedUser().RequireRole(Role(UserRole.Doctor), Role(UserRole.Admin)));
    }

    private static string Role(UserRole role) => Api.Codes.Of(role);
}
