using Microsoft.AspNetCore.Authorization;
using Monitoring.Hub.Api;
using Monitoring.Hub.Auth;

namespace Monitoring.Hub.Observability;

/// <summary>Decides <see cref="MetricsAccessRequirement"/> from the connection's remote address and the caller's role.</summary>
public sealed class MetricsAccessHandler(NetworkAllowList allowList) : AuthorizationHandler<MetricsAccessRequirement>
{
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, MetricsAccessRequirement requirement)
    {
        ArgumentNullException.ThrowIfNull(context);
        var fromAllowedNetwork = context.Resource is HttpContext http && allowList.Contains(http.Connection.RemoteIpAddress);
        var administrator = context.User.Identity?.IsAuthenticated == true && context.User.IsInRole(Codes.Of(UserRole.Admin));
        if (fromAllowedNetwork || administrator)
        {
            context.Succeed(requirement);
        }

        return Task.CompletedTask;
    }
}
