using Monitoring.Hub.Alarms.Api;
using Monitoring.Hub.Referrals.Api;
using Monitoring.Hub.Registry;

namespace Monitoring.Hub.Referrals.Handoff;

/// <summary>Everything a hand-off bundle is built from, read at one instant (<see cref="Now"/>).</summary>
internal sealed record HandoffFacts(
    ReferralResponse Referral,
    PatientResponse Patient,
    string ClinicName,
    AlarmResponse? Alarm,
    IReadOnlyList<TestResultResponse> Tests,
    IReadOnlyDictionary<string, IReadOnlyList<HandoffReading>> Vitals,
    DateTimeOffset VitalsFrom,
    DateTimeOffset Now);

/// <summary>
/// One vital value for the hand-off: a raw reading (<see cref="Until"/> null), or, when the window holds
/// more readings than a query may return, the mean of a bucket [<see cref="At"/>, <see cref="Until"/>) with its range.
/// </summary>
internal sealed record HandoffReading(DateTimeOffset At, double Value, DateTimeOffset? Until = null, double? Min = null, double? Max = null);
