using Monitoring.Hub.Reports.Api;
using Monitoring.Hub.Reports.Scheduling;
using Monitoring.Hub.Reports.Storage;

namespace Monitoring.Hub.Reports;

public static class ReportsSetup
{
    /// <summary>The daily status report: builder, kept reports and the morning sweep (a Hangfire recurring job, <c>AddScheduling()</c>).</summary>
    public static IServiceCollection AddReports(this IServiceCollection services)
    {
        services.AddOptions<ReportsOptions>()
            .BindConfiguration(ReportsOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddSingleton<DailyReportBuilder>();
        services.AddSingleton<DailyReportStore>();
        services.AddSingleton<DailyReportSweep>();
        return services;
    }

    public static RouteGroupBuilder MapReportsApi(this RouteGroupBuilder api) => ReportsApi.Map(api);
}
