using Monitoring.Hub.Referrals.Api;
using Monitoring.Hub.Referrals.Stalling;
using Monitoring.Hub.Referrals.Storage;

namespace Monitoring.Hub.Referrals;

public static class ReferralsSetup
{
    /// <summary>
    /// Referrals: the store, the stalled-referral sweep (a Hangfire recurring job, see <c>AddScheduling()</c>) that
    /// raises through the reminder path of <c>AddFollowUps()</c>, and the options. Ends home treatment
    /// through the registry's <c>EpisodeStore</c> (<c>AddRegistry()</c>). Answers <see cref="Alarms.Api.IAlarmReferrals"/>
    /// for the alarm API and the realtime publisher (an alarm shows the referral it started).
    /// </summary>
    public static IServiceCollection AddReferrals(this IServiceCollection services)
    {
        services.AddOptions<ReferralsOptions>()
            .BindConfiguration(ReferralsOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddSingleton<ReferralStore>();
        services.AddSingleton<ReferralStalledSweep>();
        services.AddSingleton<Handoff.HandoffSource>();
        services.AddSingleton<Alarms.Api.IAlarmReferrals, AlarmReferralReader>();
        return services;
    }

    public static RouteGroupBuilder MapReferralsApi(this RouteGroupBuilder api) => ReferralsApi.Map(api);
}
