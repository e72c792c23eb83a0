namespace Monitoring.Hub.Dashboard;

/// <summary>
/// Where the built clinicians' dashboard (<c>dashboards/clinician</c>, <c>npm run build</c>) is
/// served from. Unset: <see cref="DashboardRoot.Find"/> looks in the output's <c>wwwroot/</c>, then
/// for the repository's <c>dashboards/clinician/dist</c> above the content root.
/// </summary>
public sealed class DashboardOptions
{
    public const string SectionName = "Dashboard";

    /// <summary>A folder holding <c>index.html</c>; absolute, or relative to the content root.</summary>
    public string? RootPath { get; set; }
}
