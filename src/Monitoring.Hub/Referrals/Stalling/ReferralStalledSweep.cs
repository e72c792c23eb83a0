using Microsoft.Extensions.Options;
using Monitoring.Domain.Alarms;
using Monitoring.Hub.Api;
using Monitoring.Hub.FollowUps;
using Monitoring.Hub.Referrals.Storage;

namespace Monitoring.Hub.Referrals.Stalling;

/// <summary>
/// Raises <c>referral_stalled</c> once per referral and state that has lasted longer than
/// <see cref="ReferralsOptions"/> allows (key: <c>{referralId}/{state}</c>, through the reminder path the
/// follow-up sweeps use), and withdraws (resolves as <c>system</c>) the open <c>referral_stalled</c> alarm
/// of a patient whose referral is no longer stalled: a step resolves it at once, this catches what that
/// missed. Idempotent: run it as often as you like, from any hub.
/// </summary>
internal sealed class ReferralStalledSweep(
    ReferralStore store, ReminderLedger ledger, IOptions<ReferralsOptions> options, ILogger<ReferralStalledSweep> logger) : Scheduling.ISweep
{
    /// <summary>The recurring job that runs this sweep (Hangfire id, log and metric tag).</summary>
    public static string JobId => "referral-stalled";

    /// <summary>Returns how many alarms this run raised.</summary>
    public async Task<int> SweepAsync(DateTimeOffset now, CancellationToken ct)
    {
        var raised = 0;
        var stalledPatients = new HashSet<Guid>();
        foreach (var (id, patientId, state, since) in await store.OpenAsync(ct))
        {
            if (options.Value.StallAfter(state) is not { } limit || now - since < limit)
            {
                continue;
            }

            stalledPatients.Add(patientId);
            var code = Codes.Of(state);
            if (await ledger.RaiseOnceAsync(AlarmKind.ReferralStalled, patientId, $"{id}/{code}",
                    $"Referral {id} has been {code} since {since.UtcDateTime:O} (limit {limit.TotalMinutes:0} min).", since + limit, now, ct))
            {
                ReferralLog.Stalled(logger, id, patientId, code, since);
                raised++;
            }
        }

        foreach (var patientId in await ledger.OpenAlarmPatientsAsync(AlarmKind.ReferralStalled, ct))
        {
            if (!stalledPatients.Contains(patientId))
            {
                await ledger.WithdrawAsync(AlarmKind.ReferralStalled, patientId, "The referral moved on (or was closed).", ct);
            }
        }

        return raised;
    }
}
