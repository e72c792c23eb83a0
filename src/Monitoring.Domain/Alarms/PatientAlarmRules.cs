using Monitoring.Domain.Thresholds;

namespace Monitoring.Domain.Alarms;

/// <summary>
/// The alarm rules of one patient, as pure functions of (rule state, reading or event, thresholds,
/// now) returning the new state and the decisions for <see cref="AlarmLifecycle"/>. Nothing here
/// reads a clock or stores anything: the caller passes the patient's effective thresholds
/// (<see cref="AlarmThresholds.Resolve"/>), the clinic's time zone and "now", captured once per
/// message, and stores the returned state.
/// </summary>
/// <remarks>
/// <para>
/// Rules judge a reading on its own time, never on its arrival. A decision made on a reading
/// that arrived more than <see cref="AlarmThresholds.LateAfterMinutes"/> after it was taken
/// (<c>now</c> is the arrival time) is marked late.
/// </para>
/// <para>
/// A reading redelivered (same device, metric, time and value; MQTT QoS 1 delivers at least
/// once) gives no decisions and leaves the state as it was, as long as it is among the
/// <see cref="ReadingFingerprints.Capacity"/> most recent rule-relevant readings. Readings are
/// remembered by a 64-bit <see cref="ReadingKey.Fingerprint"/>: a new reading taken for a remembered
/// one (probability ~64/2^64) is skipped by this patient's rules, nothing worse.
/// Readings outside <see cref="PlausibilityLimits"/> are never alarmed on; ingestion rejects them
/// first, this is the second line.
/// </para>
/// </remarks>
public static class PatientAlarmRules
{
    /// <inheritdoc cref="Evaluate(PatientRuleState, IReadOnlyList{VitalReading}, AlarmThresholds, TimeZoneInfo, DateTimeOffset)"/>
    public static RuleOutcome Evaluate(
        PatientRuleState state, VitalReading reading, AlarmThresholds thresholds, TimeZoneInfo clinicTimeZone, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(reading);
        return Evaluate(state, [reading], thresholds, clinicTimeZone, now);
    }

    /// <summary>
    /// Evaluates the readings of one message (one SenML pack) in order of their own time, so a
    /// backlog sent newest first is still read oldest first.
    /// </summary>
    /// <param name="state">The patient's rule state (<see cref="PatientRuleState.Empty"/> for a new patient).</param>
    /// <param name="pack">The pack's readings for this patient.</param>
    /// <param name="thresholds">The patient's effective thresholds.</param>
    /// <param name="clinicTimeZone">The clinic's time zone: persistent fever counts its calendar days.</param>
    /// <param name="now">When the message arrived at the hub.</param>
    public static RuleOutcome Evaluate(
        PatientRuleState state,
        IReadOnlyList<VitalReading> pack,
        AlarmThresholds thresholds,
        TimeZoneInfo clinicTimeZone,
        DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(pack);
        ArgumentNullException.ThrowIfNull(thresholds);
        ArgumentNullException.ThrowIfNull(clinicTimeZone);

        var decisions = new List<AlarmDecision>();
        // The pack's new fingerprints are collected here and added to the state once, at the end:
        // one copy of the redelivery memory per message, not per reading.
        var recent = state.RecentFingerprints;
        Span<ulong> fresh = pack.Count <= ReadingFingerprints.Capacity ? stackalloc ulong[pack.Count] : new ulong[pack.Count];
        var freshCount = 0;
        var ordered = InTimeOrder(pack);
        for (var i = 0; i < ordered.Count; i++)
        {
            var reading = ordered[i];
            if (!HasRule(reading.Metric) || !IsPlausible(reading)
                || (reading.Metric == VitalMetric.Spo2 && Spo2LowRule.IsLikelyMotionArtefact(reading, pack)))
            {
                continue;
            }

            var fingerprint = ReadingKey.Of(reading).Fingerprint;
            if (recent.Contains(fingerprint, fresh[..freshCount]))
            {
                continue;
            }

            fresh[freshCount++] = fingerprint;

            var late = IsLate(reading.At, now, thresholds);
            state = reading.Metric switch
            {
                VitalMetric.Spo2 => state with { Spo2 = Spo2LowRule.Apply(state.Spo2, reading, thresholds, late, decisions) },
                VitalMetric.Temperature => state with
                {
                    Fever = FeverRule.Apply(state.Fever, reading, thresholds, late, decisions),
                    PersistentFever = PersistentFeverRule.Apply(
                        state.PersistentFever, reading, thresholds, clinicTimeZone, late, decisions),
                },
                VitalMetric.Battery => state with
                {
                    Batteries = BatteryLowRule.Apply(state.Batteries, reading, thresholds, late, decisions),
                },
                _ => state,
            };
        }

        if (freshCount > 0)
        {
            state = state with { RecentFingerprints = recent.Append(fresh[..freshCount]) };
        }

        return new RuleOutcome(state, decisions);
    }

    /// <summary>
    /// The pack oldest first (stable for equal times). A pack is nearly always in order already (one
    /// reading, or a device's readings as it took them): then it is used as it is, without a sort.
    /// </summary>
    private static IReadOnlyList<VitalReading> InTimeOrder(IReadOnlyList<VitalReading> pack)
    {
        for (var i = 1; i < pack.Count; i++)
        {
            if (pack[i].At < pack[i - 1].At)
            {
                return [.. pack.OrderBy(item => item.At)];
            }
        }

        return pack;
    }

    /// <summary>
    /// <c>symptom_reported</c>: every report raises (the lifecycle folds it into the open alarm).
    /// High: each symptom is a referral trigger, 001_c1a4964215f4f1e9.txt, 二(二)2(1) and
    /// 003_b7fae3b13c0d2460.txt, 新冠病毒感染者居家治疗指南 三(二)2(1)(3)(4)(5). A report has no
    /// "normal" counterpart, so the condition never clears by itself: a clinician resolves it.
    /// </summary>
    public static RuleOutcome Evaluate(
        PatientRuleState state, SymptomReport report, AlarmThresholds thresholds, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(thresholds);

        var fingerprint = ReadingKey.Of(report).Fingerprint;
        if (state.RecentFingerprints.Contains(fingerprint))
        {
            return new RuleOutcome(state, []);
        }

        state = state with { RecentFingerprints = state.RecentFingerprints.Append(fingerprint) };

        var raise = new Raise(
            AlarmKind.SymptomReported,
            AlarmCatalog.PriorityOf(AlarmKind.SymptomReported),
            null,
            null,
            AlarmWireNames.Of(report.Symptom),
            report.At,
            IsLate(report.At, now, thresholds));
        return new RuleOutcome(state, [raise]);
    }

    /// <summary>
    /// <c>device_silent</c> for a device of this patient that <see cref="SilenceWatch.CollectSilent"/>
    /// reported. The patient has one such alarm while any of their devices is silent.
    /// </summary>
    public static RuleOutcome DeviceSilent(PatientRuleState state, SilentDevice silent)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(silent);

        if (state.SilentDevices.Contains(silent.DeviceId, StringComparer.Ordinal))
        {
            return new RuleOutcome(state, []);
        }

        var silentDevices = state.SilentDevices.Append(silent.DeviceId).Order(StringComparer.Ordinal).ToList();
        var detail = string.Join(", ", silentDevices);
        AlarmDecision decision = state.SilentDevices.Count == 0
            ? new Raise(AlarmKind.DeviceSilent, AlarmCatalog.PriorityOf(AlarmKind.DeviceSilent), null,
                silent.SilentAfter.TotalMinutes, detail, silent.SilentAt, false)
            : new Update(AlarmKind.DeviceSilent, null, silent.SilentAfter.TotalMinutes, detail, silent.SilentAt, false);
        return new RuleOutcome(state with { SilentDevices = silentDevices }, [decision]);
    }

    /// <summary>
    /// A silent device was heard again (<see cref="SilenceWatch.Observe"/> returned a
    /// <see cref="ConditionCleared"/>): the condition clears when none of the patient's devices is silent.
    /// </summary>
    public static RuleOutcome DeviceResumed(PatientRuleState state, string deviceId, DateTimeOffset heardAt)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentException.ThrowIfNullOrEmpty(deviceId);

        if (!state.SilentDevices.Contains(deviceId, StringComparer.Ordinal))
        {
            return new RuleOutcome(state, []);
        }

        var silentDevices = state.SilentDevices.Where(id => !string.Equals(id, deviceId, StringComparison.Ordinal)).ToList();
        IReadOnlyList<AlarmDecision> decisions = silentDevices.Count == 0
            ? [new ConditionCleared(AlarmKind.DeviceSilent, heardAt)]
            : [];
        return new RuleOutcome(state with { SilentDevices = silentDevices }, decisions);
    }

    /// <summary>A reading is late when it arrived strictly more than <see cref="AlarmThresholds.LateAfterMinutes"/> after its own time.</summary>
    public static bool IsLate(DateTimeOffset takenAt, DateTimeOffset arrivedAt, AlarmThresholds thresholds)
    {
        ArgumentNullException.ThrowIfNull(thresholds);
        return arrivedAt - takenAt > TimeSpan.FromMinutes(thresholds.LateAfterMinutes);
    }

    private static bool HasRule(VitalMetric metric) =>
        metric is VitalMetric.Spo2 or VitalMetric.Temperature or VitalMetric.Battery;

    private static bool IsPlausible(VitalReading reading) => reading.Metric switch
    {
        VitalMetric.Spo2 => PlausibilityLimits.Spo2Percent.Contains(reading.Value),
        VitalMetric.Temperature => PlausibilityLimits.TemperatureCelsius.Contains(reading.Value),
        VitalMetric.Battery => PlausibilityLimits.BatteryPercent.Contains(reading.Value),
        _ => false,
    };
}
