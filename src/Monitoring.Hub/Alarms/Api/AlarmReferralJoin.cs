namespace Monitoring.Hub.Alarms.Api;

/// <summary>Puts each alarm's referral (<see cref="AlarmResponse.Referral"/>) on the alarms an endpoint answers: one query per answer.</summary>
public static class AlarmReferralJoin
{
    public static async Task<IReadOnlyList<AlarmResponse>> WithReferralsAsync(
        this IAlarmReferrals referrals, IReadOnlyList<AlarmResponse> alarms, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(referrals);
        ArgumentNullException.ThrowIfNull(alarms);
        if (alarms.Count == 0)
        {
            return alarms;
        }

        var found = await referrals.OfAlarmsAsync([.. alarms.Select(a => a.Id)], cancellationToken);
        return found.Count == 0 ? alarms : [.. alarms.Select(a => found.TryGetValue(a.Id, out var referral) ? a with { Referral = referral } : a)];
    }

    public static async Task<AlarmResponse> WithReferralAsync(this IAlarmReferrals referrals, AlarmResponse alarm, CancellationToken cancellationToken) =>
        (await referrals.WithReferralsAsync([alarm], cancellationToken))[0];

    public static async Task<AlarmCommandOutcome> WithReferralAsync(this IAlarmReferrals referrals, AlarmCommandOutcome outcome, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        return outcome.Alarm is { } alarm ? outcome with { Alarm = await referrals.WithReferralAsync(alarm, cancellationToken) } : outcome;
    }
}
