namespace Monitoring.Hub.Scheduling;

/// <summary>One sweep as a Hangfire recurring job: its id, the job class that runs it, and its cron (UTC).</summary>
internal sealed record RecurringSweep(string Id, Type JobType, string Cron)
{
    public static RecurringSweep Of<TSweep>(string cron)
        where TSweep : class, ISweep => new(TSweep.JobId, typeof(SweepJob<TSweep>), cron);

    /// <summary>
    /// Every sweep the hub runs, with the configured crons. One recurring job per sweep, in UTC, each run
    /// handling every clinic's time zone (docs/scheduling.md, "Why one sweep for all zones").
    /// </summary>
    public static IReadOnlyList<RecurringSweep> Declare(SchedulingOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return
        [
            Of<FollowUps.FollowUpOverdueSweep>(options.FollowUpOverdueCron),
            Of<FollowUps.ContactCadenceSweep>(options.ContactCadenceCron),
            Of<FollowUps.TemperatureCheckSweep>(options.TemperatureCheckCron),
            Of<FollowUps.EndOfTreatmentSweep>(options.EndOfTreatmentCron),
            Of<FollowUps.BoosterDueSweep>(options.BoosterDueCron),
            Of<Referrals.Stalling.ReferralStalledSweep>(options.ReferralStalledCron),
            Of<Reports.Scheduling.DailyReportSweep>(options.DailyReportCron),
        ];
    }
}
