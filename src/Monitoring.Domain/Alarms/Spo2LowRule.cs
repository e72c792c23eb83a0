using System.Globalization;
using Monitoring.Domain.Thresholds;

namespace Monitoring.Domain.Alarms;

/// <summary>
/// <c>spo2_low</c>: SpO2 strictly below <see cref="AlarmThresholds.Spo2LowBelow"/>, sustained.
/// 001_c1a4964215f4f1e9.txt, 二(二)2(1): "如出现持续高热、呼吸困难、指氧饱和度&lt;93%等情况尽快转诊".
/// </summary>
/// <remarks>
/// Sustained means a run of consecutive readings below the threshold that has either
/// <see cref="AlarmThresholds.Spo2SustainReadings"/> readings or spans
/// <see cref="AlarmThresholds.Spo2SustainSeconds"/> of reading time, whichever comes first; a
/// reading at or above the threshold ends the run. Out-of-order readings:
/// <list type="bullet">
/// <item>a reading older than the newest but newer than the newest normal one belongs to the
/// current run and extends it;</item>
/// <item>a reading older than the newest normal one belongs to the past: such readings (a backlog
/// upload) form their own sequence, and a sustained run in it is raised (late, as a rule) and
/// cleared at once, since a newer normal reading exists; while the current run is alarming it only
/// updates the open alarm;</item>
/// <item>an out-of-order normal reading inside the current run is ignored: it is older than the
/// newest reading, which is below the threshold, so it says nothing about the present.</item>
/// </list>
/// </remarks>
internal static class Spo2LowRule
{
    /// <summary>
    /// Hook for motion artefacts: a low perfusion index (<c>pi</c>) recorded at the same time in the
    /// same SenML pack suggests the probe moved and the SpO2 value is unreliable (monitoring
    /// practice). No limit has been agreed with the clinicians, so nothing is filtered yet; when one
    /// is, it goes here (and into <see cref="AlarmThresholds"/>), and the pack is already at hand.
    /// </summary>
    internal static bool IsLikelyMotionArtefact(VitalReading spo2, IReadOnlyList<VitalReading> pack) => false;

    public static Spo2RuleState Apply(
        Spo2RuleState state, VitalReading reading, AlarmThresholds thresholds, bool late, List<AlarmDecision> decisions)
    {
        var below = reading.Value < thresholds.Spo2LowBelow;
        if (state.LastAt is not { } lastAt || reading.At >= lastAt)
        {
            return InOrder(state, reading, below, thresholds, late, decisions);
        }

        if (state.LastNormalAt is not { } lastNormalAt || reading.At > lastNormalAt)
        {
            return InsideCurrentRun(state, reading, below, thresholds, late, decisions);
        }

        return Backfill(state, reading, below, lastNormalAt, thresholds, late, decisions);
    }

    private static Spo2RuleState InOrder(
        Spo2RuleState state, VitalReading reading, bool below, AlarmThresholds thresholds, bool late, List<AlarmDecision> decisions)
    {
        if (!below)
        {
            if (state.Alarming)
            {
                decisions.Add(new ConditionCleared(AlarmKind.Spo2Low, reading.At));
            }

            return state with { LastAt = reading.At, LastNormalAt = reading.At, Run = null, Alarming = false };
        }

        var run = state.Run is null ? new Spo2Run(reading.At, 1) : state.Run with { Count = state.Run.Count + 1 };
        var next = state with { LastAt = reading.At, Run = run };
        return Decide(next, run, reading.At, reading, thresholds, late, decisions);
    }

    private static Spo2RuleState InsideCurrentRun(
        Spo2RuleState state, VitalReading reading, bool below, AlarmThresholds thresholds, bool late, List<AlarmDecision> decisions)
    {
        // The newest reading is below the threshold here (else it would be the newest normal one),
        // so a current run exists.
        if (!below || state.Run is null)
        {
            return state;
        }

        var run = new Spo2Run(Min(state.Run.StartedAt, reading.At), state.Run.Count + 1);
        return Decide(state with { Run = run }, run, state.LastAt!.Value, reading, thresholds, late, decisions);
    }

    private static Spo2RuleState Decide(
        Spo2RuleState state,
        Spo2Run run,
        DateTimeOffset runEndsAt,
        VitalReading reading,
        AlarmThresholds thresholds,
        bool late,
        List<AlarmDecision> decisions)
    {
        if (state.Alarming)
        {
            decisions.Add(new Update(AlarmKind.Spo2Low, reading.Value, thresholds.Spo2LowBelow, null, reading.At, late));
            return state;
        }

        if (!IsSustained(run, runEndsAt, thresholds))
        {
            return state;
        }

        decisions.Add(RaiseFor(reading, run, runEndsAt, thresholds, late));
        return state with { Alarming = true };
    }

    private static Spo2RuleState Backfill(
        Spo2RuleState state,
        VitalReading reading,
        bool below,
        DateTimeOffset lastNormalAt,
        AlarmThresholds thresholds,
        bool late,
        List<AlarmDecision> decisions)
    {
        // A backlog arrives oldest first; a reading not after the previous backlog reading starts a new sequence.
        var continues = state.BackfillLastAt is { } backfillLastAt && reading.At > backfillLastAt;
        if (!below)
        {
            return state with { BackfillLastAt = reading.At, BackfillRun = null, BackfillReported = false };
        }

        var reported = continues && state.BackfillReported;
        var run = continues && state.BackfillRun is { } previous
            ? previous with { Count = previous.Count + 1 }
            : new Spo2Run(reading.At, 1);
        var next = state with { BackfillLastAt = reading.At, BackfillRun = run, BackfillReported = reported };
        if (reported || !IsSustained(run, reading.At, thresholds))
        {
            return next;
        }

        if (state.Alarming)
        {
            // The patient is below the threshold now too: the open alarm takes the backlog's value.
            decisions.Add(new Update(AlarmKind.Spo2Low, reading.Value, thresholds.Spo2LowBelow, null, reading.At, late));
        }
        else
        {
            decisions.Add(RaiseFor(reading, run, reading.At, thresholds, late));
            // A newer reading was normal, so this episode was over by then at the latest.
            decisions.Add(new ConditionCleared(AlarmKind.Spo2Low, lastNormalAt));
        }

        return next with { BackfillReported = true };
    }

    private static bool IsSustained(Spo2Run run, DateTimeOffset runEndsAt, AlarmThresholds thresholds) =>
        run.Count >= thresholds.Spo2SustainReadings
        || runEndsAt - run.StartedAt >= TimeSpan.FromSeconds(thresholds.Spo2SustainSeconds);

    private static Raise RaiseFor(
        VitalReading reading, Spo2Run run, DateTimeOffset runEndsAt, AlarmThresholds thresholds, bool late) =>
        new(
            AlarmKind.Spo2Low,
            AlarmCatalog.PriorityOf(AlarmKind.Spo2Low),
            reading.Value,
            thresholds.Spo2LowBelow,
            string.Create(CultureInfo.InvariantCulture,
                $"{run.Count} consecutive readings below {thresholds.Spo2LowBelow} % over {(runEndsAt - run.StartedAt).TotalSeconds} s"),
            reading.At,
            late);

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a <= b ? a : b;
}
