namespace Monitoring.Hub.FollowUps;

public static class FollowUpsSetup
{
    /// <summary>
    /// Follow-ups, contacts, boosters and the reminder sweeps (a Hangfire recurring job, see <c>AddScheduling()</c>). Hooks
    /// episode start and end through <see cref="Registry.IEpisodeLifecycle"/>; raises reminders through
    /// the alarm engine (<c>AddAlarms()</c>); reads temperature readings from InfluxDB.
    /// </summary>
    public static IServiceCollection AddFollowUps(this IServiceCollection services)
    {
        services.AddSingleton<FollowUpStore>();
        services.AddSingleton<FollowUpDueChecks>();
        services.AddTransient<FollowUpDueCheck>();
        services.AddSingleton<BoosterStore>();
        services.AddSingleton<Registry.IEpisodeLifecycle, FollowUpEpisodeHook>();
        services.AddSingleton<IReminderAlarms, AlarmEngineReminderAlarms>();
        services.AddSingleton<ITemperatureReadings, InfluxTemperatureReadings>();
        services.AddSingleton<ReminderLedger>();
        services.AddSingleton<FollowUpOverdueSweep>();
        services.AddSingleton<ContactCadenceSweep>();
        services.AddSingleton<TemperatureCheckSweep>();
        services.AddSingleton<EndOfTreatmentSweep>();
        services.AddSingleton<BoosterDueSweep>();
        return services;
    }

    public static RouteGroupBuilder MapFollowUpsApi(this RouteGroupBuilder api) => FollowUpsApi.Map(api);
}
