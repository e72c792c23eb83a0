using Microsoft.Extensions.Options;
using Monitoring.Hub.FollowUps;
using Quartz;

namespace Monitoring.Hub.Scheduling;

public static class SchedulingSetup
{
    /// <summary>The Quartz table prefix (tables created by Quartz's own provisioning, beside the hub's migrations).</summary>
    public const string TablePrefix = "qrtz_";

    /// <summary>Key of the <see cref="System.Data.Common.DbDataSource"/> Quartz takes its connections from (the hub's one Npgsql data source).</summary>
    public const string DataSourceKey = "quartz";

    /// <summary>
    /// Quartz.NET with the PostgreSQL persistent job store, clustered (one firing per trigger across
    /// every hub on the database), System.Text.Json job data, and the container's
    /// <see cref="TimeProvider"/> (Quartz takes a registered one when none is given to
    /// <c>UseTimeProvider</c>). The jobs are the reminder sweeps of <c>AddFollowUps()</c>; each
    /// trigger repeats forever and, after a misfire, fires once now and carries on
    /// (<see cref="SimpleTriggerMisfireInstruction.NowWithExistingCount"/>); the triggers declared here
    /// replace the stored ones at start but keep their firing history, so a restart neither re-fires a
    /// sweep early nor replays what it missed. Started by
    /// <see cref="SchedulerHost"/> once the schema is ready. Needs <c>AddDatabase()</c>.
    /// </summary>
    public static IServiceCollection AddScheduling(this IServiceCollection services)
    {
        services.AddOptions<SchedulingOptions>()
            .BindConfiguration(SchedulingOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();

        services.AddKeyedSingleton<System.Data.Common.DbDataSource>(DataSourceKey, (sp, _) => sp.GetRequiredService<Npgsql.NpgsqlDataSource>());
        services.AddQuartz(quartz =>
        {
            // A declared trigger replaces the stored one at every start (so a changed interval takes
            // effect) but keeps its firing history: a restart does not fire a sweep again before its
            // interval is up, and a restart after a longer outage finds the trigger misfired (below).
            quartz.ConfigureOptions<QuartzOptions>(o => o.Scheduling.ScheduleTriggerRelativeToReplacedTrigger = true);
            quartz.UsePersistentStore(store =>
            {
                store.UsePostgres(source => source.DataSourceServiceKey = DataSourceKey);
                store.UseSystemTextJsonSerializer();
                store.UseClustering(_ => { });
                store.ConfigureStore(options => options.TablePrefix = TablePrefix);
                store.ProvisionSchema();
            });

            // Clustering options are the scheduler's own (named) options; the interval comes from Scheduling.
            quartz.Services.AddOptions<ClusteringOptions>(quartz.SchedulerName)
                .Configure<IOptions<SchedulingOptions>>((cluster, scheduling) => cluster.CheckinInterval = scheduling.Value.ClusterCheckinInterval);

            AddSweep<FollowUpOverdueJob>(quartz, FollowUpOverdueJob.Key, o => o.FollowUpOverdueInterval);
            AddSweep<ContactCadenceJob>(quartz, ContactCadenceJob.Key, o => o.ContactCadenceInterval);
            AddSweep<TemperatureCheckJob>(quartz, TemperatureCheckJob.Key, o => o.TemperatureCheckInterval);
            AddSweep<EndOfTreatmentJob>(quartz, EndOfTreatmentJob.Key, o => o.EndOfTreatmentInterval);
            AddSweep<BoosterDueJob>(quartz, BoosterDueJob.Key, o => o.BoosterDueInterval);
            AddSweep<Referrals.Stalling.ReferralStalledJob>(quartz, Referrals.Stalling.ReferralStalledJob.Key, o => o.ReferralStalledInterval);
            AddSweep<Reports.Scheduling.DailyReportJob>(quartz, Reports.Scheduling.DailyReportJob.Key, o => o.DailyReportInterval);
        });

        services.AddSingleton<SchedulerHost>();
        services.AddHostedService(sp => sp.GetRequiredService<SchedulerHost>());
        return services;
    }

    private static void AddSweep<TJob>(IQuartzBuilder quartz, JobKey key, Func<SchedulingOptions, TimeSpan> interval)
        where TJob : IJob
    {
        quartz.AddJob<TJob>(job => job.WithIdentity(key).StoreDurably().DisallowConcurrentExecution());
        quartz.AddTrigger((sp, trigger) => trigger
            .ForJob(key)
            .WithIdentity(key.Name, key.Group)
            .StartNow()
            .WithSimpleSchedule(schedule => schedule
                .WithInterval(interval(sp.GetRequiredService<IOptions<SchedulingOptions>>().Value))
                .RepeatForever()
                // A sweep covers everything that became due since the last one, so a hub that was
                // down runs it once on return (not once per missed interval) and then keeps its rhythm.
                .WithMisfireInstruction(SimpleTriggerMisfireInstruction.NowWithExistingCount)));
    }
}
