using Microsoft.AspNetCore.Authorization;

namespace Monitoring.Hub.Auth;

/// <summary>
/// After a password reset the sign-in answers <c>mustChangePassword</c> and a token carrying
/// <see cref="ClinicScope.PasswordChangeClaim"/>: it serves only endpoints marked
/// <see cref="PasswordChangeAllowed"/> (change password, me, sessions, sign-out), not the alarm
/// wall or its SignalR feed, until the user has chosen their own password.
/// </summary>
public sealed class PasswordChangeRequirement : AuthorizationHandler<PasswordChangeRequirement>, IAuthorizationRequirement
{
    public static PasswordChangeRequirement Instance { get; } = new();

    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, PasswordChangeRequirement requirement)
    {
        ArgumentNullException.ThrowIfNull(context);
        var restricted = context.User.FindFirst(ClinicScope.PasswordChangeClaim)?.Value == "true";
        var allowed = context.Resource is HttpContext http && http.GetEndpoint()?.Metadata.GetMetadata<PasswordChangeAllowed>() is not null;
        if (!restricted || allowed)
        {
            context.Succeed(requirement);
        }

        return Task.CompletedTask;
    }
}
