using Hangfire;
using Hangfire.AspNetCore;
using Hangfire.PostgreSql;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Options;
using Monitoring.Hub.Auth;
using Monitoring.Hub.Database;
using Monitoring.Hub.Scheduling.Dashboard;

namespace Monitoring.Hub.Scheduling;

public static class SchedulingSetup
{
    /// <summary>Hangfire's tables live in their own schema, created and upgraded by Hangfire.PostgreSql.</summary>
    public const string SchemaName = "hangfire";

    /// <summary>
    /// Hangfire on the hub's PostgreSQL: the sweeps of <c>AddFollowUps()</c>, <c>AddReferrals()</c> and
    /// <c>AddReports()</c> as recurring jobs run by <see cref="SweepJob{TSweep}"/>, one-off reminder checks
    /// as delayed jobs, and the storage, client and dashboard every hub shares. Everything Hangfire keeps
    /// in statics (<c>JobStorage.Current</c>, <c>JobActivator.Current</c>) is bypassed: the storage,
    /// activator and filters are this host's services, so two hubs in one process (tests) stay apart.
    /// The server is started by <see cref="SchedulerHost"/> once the schema is ready. Needs <c>AddDatabase()</c> and <c>AddAuth()</c>.
    /// </summary>
    public static IServiceCollection AddScheduling(this IServiceCollection services)
    {
        services.AddOptions<SchedulingOptions>()
            .BindConfiguration(SchedulingOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();

        services.AddSingleton<DataSourceConnectionFactory>();
        services.AddSingleton<IDatabaseSeeder, HangfireSchemaInstaller>();
        services.AddSingleton<JobStorage>(sp => new PostgreSqlStorage(sp.GetRequiredService<DataSourceConnectionFactory>(), StorageOptions(prepareSchema: false, sp.GetRequiredService<IOptions<SchedulingOptions>>().Value)));
        services.AddSingleton<JobActivator>(sp => new AspNetCoreJobActivator(sp.GetRequiredService<IServiceScopeFactory>()));
        services.AddHangfire(config => config
            .SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
            .UseSimpleAssemblyNameTypeSerializer()
            .UseRecommendedSerializerSettings());

        services.AddSingleton<SweepMetrics>();
        services.AddTransient(typeof(SweepJob<>));
        services.AddSingleton<SchedulerHost>();
        services.AddHostedService(sp => sp.GetRequiredService<SchedulerHost>());

        services.AddSingleton<IPostConfigureOptions<JwtBearerOptions>, DashboardBearer>();
        return services;
    }

    /// <summary>
    /// Hangfire's dashboard at <c>/hangfire</c>, for administrators through the hub's own authentication
    /// (a bearer header, or the cookie from <c>POST /api/jobs/dashboard-session</c>): 401 without a token,
    /// 403 for nurses and doctors. Hangfire's local-requests-only default is replaced, not added to.
    /// </summary>
    public static IEndpointRouteBuilder MapSchedulingDashboard(this IEndpointRouteBuilder app)
    {
        app.MapHangfireDashboard(JobsDashboard.Path, new DashboardOptions
        {
            DashboardTitle = "Monitoring hub · jobs",
            AppPath = "/",
            DisplayStorageConnectionString = false,
            Authorization = [],
            AsyncAuthorization = [new DashboardAudit()],
        }).RequireAuthorization(Policies.Admin);
        return app;
    }

    public static RouteGroupBuilder MapSchedulingApi(this RouteGroupBuilder api) => api.MapDashboardSessionApi();

    internal static PostgreSqlStorageOptions StorageOptions(bool prepareSchema, SchedulingOptions? options = null) => new()
    {
        SchemaName = SchemaName,
        PrepareSchemaIfNecessary = prepareSchema,
        QueuePollInterval = options?.PollInterval ?? new SchedulingOptions().PollInterval,
    };
}
