using Microsoft.AspNetCore.Authorization;

namespace Monitoring.Hub.Auth;

/// <summary>
/// Who may call what, by role, as named policies attached to endpoints (never role checks in
/// handlers). Which rows a caller sees is decided separately by <see cref="ClinicScope"/>.
/// Every policy also refuses a token that may only change its password
/// (<see cref="PasswordChangeRequirement"/>), except on endpoints marked <see cref="PasswordChangeAllowed"/>.
/// </summary>
public static class Policies
{
    /// <summary>Any signed-in nurse, doctor or administrator: the default for every /api endpoint.</summary>
    public const string Clinician = "clinician";

    /// <summary>Clinics and user accounts.</summary>
    public const string Admin = "admin";

    /// <summary>Registering and revoking devices (creates and disables broker accounts): doctors and administrators.</summary>
    public const string DeviceManager = "device-manager";

    /// <summary>
    /// Listing accounts and disabling, enabling, resetting and unlocking them: administrators for
    /// every account, doctors for their own clinic's nurses (the endpoint checks which account).
    /// </summary>
    public const string AccountManager = "account-manager";

    public static AuthorizationBuilder AddHubPolicies(this AuthorizationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder
            .AddPolicy(Clinician, p => p.RequireAuthenticatedUser().RequireRole(Role(UserRole.Nurse), Role(UserRole.Doctor), Role(UserRole.Admin)).AddRequirements(PasswordChangeRequirement.Instance))
            .AddPolicy(Admin, p => p.RequireAuthenticatedUser().RequireRole(Role(UserRole.Admin)).AddRequirements(PasswordChangeRequirement.Instance))
            .AddPolicy(DeviceManager, p => p.RequireAuthenticatedUser().RequireRole(Role(UserRole.Doctor), Role(UserRole.Admin)).AddRequirements(PasswordChangeRequirement.Instance))
            .AddPolicy(AccountManager, p => p.RequireAuthenticatedUser().RequireRole(Role(UserRole.Doctor), Role(UserRole.Admin)).AddRequirements(PasswordChangeRequirement.Instance));
    }

    private static string Role(UserRole role) => Api.Codes.Of(role);
}
