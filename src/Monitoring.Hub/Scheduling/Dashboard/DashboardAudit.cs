using Hangfire.Dashboard;
using Monitoring.Hub.Audit;
using Monitoring.Hub.Auth;
using Monitoring.Hub.Database;
using Npgsql;

namespace Monitoring.Hub.Scheduling.Dashboard;

/// <summary>
/// Runs after our authorization policy let an administrator in: pages pass, and every command the
/// dashboard posts (trigger a recurring job, requeue or delete a job) is audited before Hangfire
/// carries it out, with the caller, the command path and the job ids it names.
/// </summary>
internal sealed class DashboardAudit : IDashboardAsyncAuthorizationFilter
{
    private const string StatsPath = "/stats";

    public async Task<bool> AuthorizeAsync(DashboardContext context)
    {
        var http = context.GetHttpContext();
        // The page polls its counters with POST /stats every few seconds: a read, not a command.
        if (!HttpMethods.IsPost(http.Request.Method) || http.Request.Path.Equals(StatsPath, StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        if (ClinicScope.FromPrincipal(http.User) is not { IsAdmin: true } scope)
        {
            return false;
        }

        var form = http.Request.HasFormContentType ? await http.Request.ReadFormAsync(http.RequestAborted) : null;
        var jobs = form?["jobs[]"].ToString();
        var services = http.RequestServices;
        await using var connection = await services.GetRequiredService<NpgsqlDataSource>().OpenConnectionAsync(http.RequestAborted);
        await using var transaction = await connection.BeginTransactionAsync(http.RequestAborted);
        await AuditLog.WriteAsync(transaction, ClientSource.Actor(scope, http), services.GetRequiredService<TimeProvider>().GetStoredUtcNow(),
            new AuditEntry("jobs_dashboard.command", "jobs_dashboard", $"{http.Request.PathBase}{http.Request.Path}", null, null, new { jobs }), http.RequestAborted);
        await transaction.CommitAsync(http.RequestAborted);
        return true;
    }
}
