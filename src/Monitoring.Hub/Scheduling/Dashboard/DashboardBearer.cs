using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Options;

namespace Monitoring.Hub.Scheduling.Dashboard;

/// <summary>
/// Lets the hub's bearer authentication read the dashboard cookie, under <c>/hangfire</c> only, and keeps
/// the cookie's token off every other path. Wraps the events <c>AddAuth()</c> set (it runs after them),
/// so session revocation and the ended-session answers stay as they are. A script sends its bearer
/// header as anywhere else.
/// </summary>
internal sealed class DashboardBearer : IPostConfigureOptions<JwtBearerOptions>
{
    public void PostConfigure(string? name, JwtBearerOptions options)
    {
        if (name != JwtBearerDefaults.AuthenticationScheme)
        {
            return;
        }

        var events = options.Events ??= new JwtBearerEvents();
        var received = events.OnMessageReceived;
        var validated = events.OnTokenValidated;
        events.OnMessageReceived = async context =>
        {
            await received(context);
            var request = context.Request;
            if (context.Token is null && !request.Headers.Authorization.Any() && JobsDashboard.IsDashboardRequest(request)
                && request.Cookies.TryGetValue(JobsDashboard.CookieName, out var token) && token.Length > 0)
            {
                context.Token = token;
            }
        };
        events.OnTokenValidated = async context =>
        {
            if (context.Principal?.FindFirst(JobsDashboard.UseClaim)?.Value == JobsDashboard.UseValue
                && !JobsDashboard.IsDashboardRequest(context.Request))
            {
                context.Fail("This token opens the job dashboard only.");
                return;
            }

            await validated(context);
        };
    }
}
