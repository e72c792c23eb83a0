using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Monitoring.Hub.Audit;
using Monitoring.Hub.Auth;
using Monitoring.Hub.Database;
using Npgsql;

namespace Monitoring.Hub.Scheduling.Dashboard;

/// <summary>
/// <c>POST /api/jobs/dashboard-session</c> (administrators): the browser holds its bearer token in script
/// memory, which a link cannot send, so the dashboard asks for a short-lived, HttpOnly, SameSite=Strict
/// cookie scoped to <c>/hangfire</c>, carrying a token of the same session that the API refuses. Audited.
/// </summary>
internal static class DashboardSessionApi
{
    public static RouteGroupBuilder MapDashboardSessionApi(this RouteGroupBuilder api)
    {
        api.MapPost("/jobs/dashboard-session", OpenAsync).RequireAuthorization(Policies.Admin);
        return api;
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> OpenAsync(
        ClinicScope scope, HttpContext http, TokenIssuer tokens, NpgsqlDataSource dataSource, TimeProvider time,
        IOptions<SchedulingOptions> options, CancellationToken cancellationToken)
    {
        if (scope.SessionId is not { } sessionId)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "No session", detail: "The token names no session; sign in again.");
        }

        var (token, expiresAt) = tokens.Issue(scope, sessionId, options.Value.DashboardSessionLifetime,
            new Dictionary<string, object> { [JobsDashboard.UseClaim] = JobsDashboard.UseValue });

        await using (var connection = await dataSource.OpenConnectionAsync(cancellationToken))
        await using (var transaction = await connection.BeginTransactionAsync(cancellationToken))
        {
            await AuditLog.WriteAsync(transaction, ClientSource.Actor(scope, http), time.GetStoredUtcNow(),
                new AuditEntry("jobs_dashboard.opened", "jobs_dashboard", sessionId.ToString(), null, null, new { expiresAt }), cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }

        http.Response.Cookies.Append(JobsDashboard.CookieName, token, new CookieOptions
        {
            Path = JobsDashboard.Path,
            HttpOnly = true,
            Secure = http.Request.IsHttps,
            SameSite = SameSiteMode.Strict,
            Expires = expiresAt,
            IsEssential = true,
        });
        return TypedResults.NoContent();
    }
}
