using Monitoring.Hub.Alarms.Api;
using Monitoring.Hub.Alarms.Storage;
using Monitoring.Hub.Auth;
using Monitoring.Hub.Referrals.Storage;
using Monitoring.Hub.Registry;
using Monitoring.Hub.Vitals;

namespace Monitoring.Hub.Referrals.Handoff;

/// <summary>
/// Reads the facts of a hand-off (<see cref="HandoffFacts"/>) within the caller's clinic scope: the
/// referral, its patient and clinic, the triggering alarm, the test results, and the last
/// <see cref="VitalsWindow"/> of vitals from InfluxDB, raw, or in <see cref="BucketWhenTooMany"/> means
/// when a metric has more readings than one query may return.
/// </summary>
internal sealed class HandoffSource(
    ReferralStore referrals, PatientStore patients, ClinicStore clinics, AlarmStore alarms, TestResultStore tests, VitalsQuery vitals)
{
    public static readonly TimeSpan VitalsWindow = TimeSpan.FromHours(72);

    public static readonly TimeSpan BucketWhenTooMany = TimeSpan.FromMinutes(5);

    /// <summary>The facts, or null when the referral is not visible to the caller.</summary>
    public async Task<HandoffFacts?> ReadAsync(ClinicScope scope, Guid referralId, DateTimeOffset now, CancellationToken ct)
    {
        if (await referrals.GetAsync(scope, referralId, ct) is not { } referral
            || await patients.GetAsync(scope, referral.PatientId, ct) is not { } patient
            || await clinics.GetAsync(scope, referral.ClinicId, ct) is not { } clinic)
        {
            return null;
        }

        var alarm = referral.AlarmId is { } alarmId && await alarms.GetAsync(scope, alarmId, ct) is { } stored ? AlarmResponse.From(stored) : null;
        var from = now - VitalsWindow;
        var readings = new Dictionary<string, IReadOnlyList<HandoffReading>>(StringComparer.Ordinal);
        foreach (var code in VitalCode.All)
        {
            readings[code.Metric] = await vitals.RawAsync(patient.Id, code.Metric, from, now, ct) is { } raw
                ? [.. raw.Select(p => new HandoffReading(p.T, p.Value))]
                : [.. (await vitals.AggregateAsync(patient.Id, code.Metric, from, now, (long)BucketWhenTooMany.TotalSeconds, ct))
                    .Where(b => b.Mean is not null)
                    .Select(b => new HandoffReading(b.T, b.Mean!.Value, b.T + BucketWhenTooMany, b.Min, b.Max))];
        }

        return new HandoffFacts(referral, patient, clinic.Name, alarm, await tests.ListAsync(scope, patient.Id, ct) ?? [], readings, from, now);
    }
}
