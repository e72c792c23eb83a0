namespace Monitoring.Hub.Scheduling.Dashboard;

/// <summary>Where Hangfire's dashboard lives and how a browser is let in (docs/scheduling.md, "Dashboard").</summary>
internal static class JobsDashboard
{
    public const string Path = "/hangfire";

    /// <summary>The HttpOnly cookie, sent only under <see cref="Path"/>, that carries the dashboard token.</summary>
    public const string CookieName = "hub_jobs_dashboard";

    /// <summary>Claim marking a token good for the dashboard only: the API refuses it.</summary>
    public const string UseClaim = "hub_use";

    public const string UseValue = "jobs-dashboard";

    public static bool IsDashboardRequest(HttpRequest request) => request.Path.StartsWithSegments(Path, StringComparison.OrdinalIgnoreCase);
}
