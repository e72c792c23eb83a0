using Monitoring.Domain.Alarms;
using Monitoring.Domain.Thresholds;
using static Monitoring.Domain.Tests.Alarms.AlarmTestData;

namespace Monitoring.Domain.Tests.Alarms;

// All times are fake: T plus offsets. Defaults: escalate after 2 min, remind every 5 min,
// auto-resolve after 10 min (AlarmThresholds).
public sealed class AlarmLifecycleTests
{
    private static readonly DateTimeOffset T = MondayEvening;
    private static readonly AlarmPolicy Policy = AlarmPolicy.FromThresholds(AlarmThresholds.Default);

    private static Raise Spo2Raise(double value, DateTimeOffset at, bool late = false) =>
        new(AlarmKind.Spo2Low, AlarmPriority.High, value, 93, null, at, late);

    private static Raise FeverRaise(double value, DateTimeOffset at) =>
        new(AlarmKind.Fever, AlarmPriority.Medium, value, 38.5, null, at, false);

    private static AlarmRecord Opened(Raise raise, DateTimeOffset now) => AlarmLifecycle.Apply(null, raise, now).Alarm!;

    [Fact]
    public void RaiseWithNoOpenAlarmOpensAnActiveOne()
    {
        var result = AlarmLifecycle.Apply(null, Spo2Raise(91, T, late: true), T.AddSeconds(2));

        var alarm = Assert.IsType<AlarmRecord>(result.Alarm);
        Assert.Equal(AlarmKind.Spo2Low, alarm.Kind);
        Assert.Equal(AlarmPriority.High, alarm.Priority);
        Assert.Equal(AlarmState.Active, alarm.State);
        Assert.Equal(T.AddSeconds(2), alarm.RaisedAt);
        Assert.Equal(T, alarm.FirstObservedAt);
        Assert.Equal(91, alarm.Value);
        Assert.Equal(93, alarm.Threshold);
        Assert.True(alarm.Late);
        Assert.Equal(1, alarm.Count);
        Assert.Equal(
            new AlarmEffect(AlarmEffectType.Opened, AlarmKind.Spo2Low, null, AlarmState.Active, T.AddSeconds(2), AlarmEffect.SystemActor),
            Assert.Single(result.Effects));
    }

    [Fact]
    public void RepeatsKeepTheLatestValueTheLowestSpo2AndTheCount()
    {
        var alarm = Opened(Spo2Raise(92, T), T);

        alarm = AlarmLifecycle.Apply(alarm, new Update(AlarmKind.Spo2Low, 88, 93, null, T.AddSeconds(1), false), T.AddSeconds(1)).Alarm!;
        var result = AlarmLifecycle.Apply(alarm, new Update(AlarmKind.Spo2Low, 90, 93, null, T.AddSeconds(2), false), T.AddSeconds(2));

        Assert.Equal(90, result.Alarm!.Value);
        Assert.Equal(88, result.Alarm.WorstValue);
        Assert.Equal(3, result.Alarm.Count);
        Assert.Equal(T.AddSeconds(2), result.Alarm.LastObservedAt);
        Assert.Equal(T.AddSeconds(2), result.Alarm.LastUpdatedAt);
        Assert.Equal(AlarmEffectType.Repeated, Assert.Single(result.Effects).Type);
    }

    [Fact]
    public void WorstTemperatureIsTheHighest()
    {
        var alarm = Opened(FeverRaise(38.6, T), T);

        alarm = AlarmLifecycle.Apply(alarm, FeverRaise(39.4, T.AddHours(4)), T.AddHours(4)).Alarm!;
        alarm = AlarmLifecycle.Apply(alarm, FeverRaise(38.9, T.AddHours(8)), T.AddHours(8)).Alarm!;

        Assert.Equal(38.9, alarm.Value);
        Assert.Equal(39.4, alarm.WorstValue);
    }

    [Fact]
    public void OlderRepeatDoesNotReplaceTheLatestValue()
    {
        var alarm = Opened(Spo2Raise(91, T.AddMinutes(5)), T.AddMinutes(5));

        alarm = AlarmLifecycle.Apply(alarm, new Update(AlarmKind.Spo2Low, 85, 93, null, T, true), T.AddMinutes(6)).Alarm!;

        Assert.Equal(91, alarm.Value);
        Assert.Equal(85, alarm.WorstValue);
        Assert.Equal(T.AddMinutes(5), alarm.LastObservedAt);
    }

    [Fact]
    public void HighPriorityAlarmLatchesWhenItsConditionClears()
    {
        var alarm = Opened(Spo2Raise(91, T), T);
        alarm = AlarmLifecycle.Acknowledge(alarm, "nurse.li", T.AddMinutes(1)).Alarm;

        var cleared = AlarmLifecycle.Apply(alarm, new ConditionCleared(AlarmKind.Spo2Low, T.AddMinutes(3)), T.AddMinutes(3));

        Assert.True(cleared.Alarm!.ConditionCleared);
        Assert.Equal(T.AddMinutes(3), cleared.Alarm.ConditionClearedAt);
        Assert.Equal(AlarmState.Acknowledged, cleared.Alarm.State);
        var effect = Assert.Single(cleared.Effects);
        Assert.Equal((AlarmEffectType.ConditionCleared, AlarmState.Acknowledged, AlarmState.Acknowledged), (effect.Type, effect.From, effect.To));
        var later = AlarmLifecycle.Tick(cleared.Alarm, Policy, T.AddDays(2));
        Assert.Empty(later.Effects);
        Assert.Equal(AlarmState.Acknowledged, later.Alarm!.State);
    }

    [Fact]
    public void MediumAlarmResolvesItselfTenMinutesAfterItsConditionCleared()
    {
        var alarm = Opened(FeverRaise(38.6, T), T);
        alarm = AlarmLifecycle.Apply(alarm, new ConditionCleared(AlarmKind.Fever, T.AddHours(4)), T.AddHours(4)).Alarm!;

        Assert.Empty(AlarmLifecycle.Tick(alarm, Policy, T.AddHours(4).AddMinutes(10).AddTicks(-1)).Effects);
        var result = AlarmLifecycle.Tick(alarm, Policy, T.AddHours(4).AddMinutes(12));

        Assert.Equal(AlarmState.Resolved, result.Alarm!.State);
        Assert.Equal(AlarmEffect.SystemActor, result.Alarm.ResolvedBy);
        Assert.Equal(T.AddHours(4).AddMinutes(10), result.Alarm.ResolvedAt);
        Assert.Equal(
            new AlarmEffect(AlarmEffectType.AutoResolved, AlarmKind.Fever, AlarmState.Active, AlarmState.Resolved,
                T.AddHours(4).AddMinutes(10), AlarmEffect.SystemActor),
            Assert.Single(result.Effects));
    }

    [Fact]
    public void AutoResolveTimeIsTheClinicsSetting()
    {
        var policy = AlarmPolicy.FromThresholds(AlarmThresholds.Default with { AutoResolveAfterMinutes = 30 });
        var alarm = Opened(new Raise(AlarmKind.BatteryLow, AlarmPriority.Low, 12, 15, Oximeter, T, false), T);
        alarm = AlarmLifecycle.Apply(alarm, new ConditionCleared(AlarmKind.BatteryLow, T.AddMinutes(5)), T.AddMinutes(5)).Alarm!;

        Assert.Empty(AlarmLifecycle.Tick(alarm, policy, T.AddMinutes(34)).Effects);
        Assert.Equal(AlarmState.Resolved, AlarmLifecycle.Tick(alarm, policy, T.AddMinutes(35)).Alarm!.State);
    }

    [Fact]
    public void ConditionBackBeforeAutoResolveKeepsTheAlarmOpen()
    {
        var alarm = Opened(FeverRaise(38.6, T), T);
        alarm = AlarmLifecycle.Apply(alarm, new ConditionCleared(AlarmKind.Fever, T.AddMinutes(1)), T.AddMinutes(1)).Alarm!;
        alarm = AlarmLifecycle.Apply(alarm, FeverRaise(38.8, T.AddMinutes(5)), T.AddMinutes(5)).Alarm!;

        var result = AlarmLifecycle.Tick(alarm, Policy, T.AddMinutes(30));

        Assert.False(alarm.ConditionCleared);
        Assert.Empty(result.Effects);
        Assert.Equal(AlarmState.Active, result.Alarm!.State);
    }

    // A late alarm on an old episode stays on the wall for the auto-resolve time after it was raised.
    [Fact]
    public void LateAlarmAutoResolvesNoSoonerThanTheSettingAfterItWasRaised()
    {
        var now = T.AddHours(3);
        var alarm = Opened(FeverRaise(39.0, T), now);
        alarm = AlarmLifecycle.Apply(alarm, new ConditionCleared(AlarmKind.Fever, T.AddHours(1)), now).Alarm!;

        Assert.Empty(AlarmLifecycle.Tick(alarm, Policy, now.AddMinutes(9)).Effects);
        Assert.Equal(AlarmState.Resolved, AlarmLifecycle.Tick(alarm, Policy, now.AddMinutes(10)).Alarm!.State);
    }

    [Fact]
    public void UnacknowledgedHighAlarmEscalatesAfterTwoMinutesAndIsRemindedEveryFive()
    {
        var alarm = Opened(Spo2Raise(90, T), T);
        var effects = new List<AlarmEffect>();

        // A tick every 30 s for 16 minutes, in fake time.
        for (var seconds = 30; seconds <= 16 * 60; seconds += 30)
        {
            var result = AlarmLifecycle.Tick(alarm, Policy, T.AddSeconds(seconds));
            alarm = result.Alarm!;
            effects.AddRange(result.Effects);
        }

        Assert.Collection(
            effects,
            escalated =>
            {
                Assert.Equal(AlarmEffectType.Escalated, escalated.Type);
                Assert.Equal(T.AddMinutes(2), escalated.At);
                Assert.Equal(1, escalated.EscalationStep);
                Assert.Equal(EscalationStep.DefaultNotifyLevel, escalated.NotifyLevel);
            },
            reminder => Assert.Equal((AlarmEffectType.Reminder, T.AddMinutes(5), 1), (reminder.Type, reminder.At, reminder.ReminderNumber)),
            reminder => Assert.Equal((AlarmEffectType.Reminder, T.AddMinutes(10), 2), (reminder.Type, reminder.At, reminder.ReminderNumber)),
            reminder => Assert.Equal((AlarmEffectType.Reminder, T.AddMinutes(15), 3), (reminder.Type, reminder.At, reminder.ReminderNumber)));
        Assert.True(alarm.Escalated);
        Assert.Equal(AlarmState.Active, alarm.State);
    }

    [Fact]
    public void AcknowledgingStopsReminders()
    {
        var alarm = Opened(Spo2Raise(90, T), T);
        alarm = AlarmLifecycle.Tick(alarm, Policy, T.AddMinutes(3)).Alarm!;
        alarm = AlarmLifecycle.Acknowledge(alarm, "nurse.li", T.AddMinutes(4)).Alarm;

        Assert.Empty(AlarmLifecycle.Tick(alarm, Policy, T.AddMinutes(30)).Effects);
        Assert.True(alarm.Escalated);
    }

    // A clinic's own ladder; ticks missed for 12 minutes: each due step fires once, only the latest reminder is sent.
    [Fact]
    public void ClinicLadderFiresEveryDueStepOnce()
    {
        var policy = AlarmPolicy.FromThresholds(
            AlarmThresholds.Default,
            [new EscalationStep(10, "doctor_on_call"), new EscalationStep(2, "supervisor")]);
        var alarm = Opened(new Raise(AlarmKind.SymptomReported, AlarmPriority.High, null, null, "dyspnea", T, false), T);

        var result = AlarmLifecycle.Tick(alarm, policy, T.AddMinutes(12));

        Assert.Equal(
            [
                (AlarmEffectType.Escalated, T.AddMinutes(2), "supervisor"),
                (AlarmEffectType.Reminder, T.AddMinutes(10), null),
                (AlarmEffectType.Escalated, T.AddMinutes(10), "doctor_on_call"),
            ],
            result.Effects.Select(effect => (effect.Type, effect.At, effect.NotifyLevel)).OrderBy(e => e.At).ThenBy(e => e.NotifyLevel));
        Assert.Equal(2, result.Alarm!.EscalationStepsFired);
        Assert.Equal(2, result.Alarm.RemindersSent);
        Assert.Empty(AlarmLifecycle.Tick(result.Alarm, policy, T.AddMinutes(14)).Effects);
    }

    [Fact]
    public void MediumAndLowAlarmsDoNotEscalate()
    {
        var alarm = Opened(FeverRaise(39, T), T);

        Assert.Empty(AlarmLifecycle.Tick(alarm, Policy, T.AddHours(1)).Effects);
    }

    [Fact]
    public void AcknowledgedAlarmWhoseConditionComesBackIsActiveAgain()
    {
        var alarm = Opened(Spo2Raise(90, T), T);
        alarm = AlarmLifecycle.Tick(alarm, Policy, T.AddMinutes(3)).Alarm!;
        alarm = AlarmLifecycle.Acknowledge(alarm, "nurse.li", T.AddMinutes(4)).Alarm;
        alarm = AlarmLifecycle.Apply(alarm, new ConditionCleared(AlarmKind.Spo2Low, T.AddMinutes(5)), T.AddMinutes(5)).Alarm!;

        var result = AlarmLifecycle.Apply(alarm, Spo2Raise(89, T.AddHours(2)), T.AddHours(2));

        Assert.Equal(AlarmState.Active, result.Alarm!.State);
        Assert.Equal(T.AddHours(2), result.Alarm.ActiveSince);
        Assert.False(result.Alarm.Escalated);
        Assert.Null(result.Alarm.AcknowledgedBy);
        Assert.Equal(2, result.Alarm.Count);
        var effect = Assert.Single(result.Effects);
        Assert.Equal((AlarmEffectType.Reactivated, AlarmState.Acknowledged, AlarmState.Active), (effect.Type, effect.From, effect.To));
        Assert.Equal(AlarmEffectType.Escalated, Assert.Single(AlarmLifecycle.Tick(result.Alarm, Policy, T.AddHours(2).AddMinutes(2)).Effects).Type);
    }

    [Fact]
    public void UpdateWithNoOpenAlarmOpensANewOne()
    {
        var result = AlarmLifecycle.Apply(null, new Update(AlarmKind.FeverPersistent, 39.0, 38.5, null, T, false), T);

        Assert.Equal(AlarmPriority.High, result.Alarm!.Priority);
        Assert.Equal(AlarmEffectType.Opened, Assert.Single(result.Effects).Type);
    }

    [Fact]
    public void ResolvedRecordCountsAsNoOpenAlarm()
    {
        var alarm = Opened(FeverRaise(39, T), T);
        alarm = AlarmLifecycle.Resolve(alarm, "dr.wang", null, T.AddMinutes(1)).Alarm;

        var result = AlarmLifecycle.Apply(alarm, FeverRaise(39.2, T.AddMinutes(2)), T.AddMinutes(2));

        Assert.Equal(AlarmState.Active, result.Alarm!.State);
        Assert.Equal(1, result.Alarm.Count);
        Assert.Equal(AlarmEffectType.Opened, Assert.Single(result.Effects).Type);
    }

    [Fact]
    public void ConditionClearedWithNoOpenAlarmDoesNothing()
    {
        var result = AlarmLifecycle.Apply(null, new ConditionCleared(AlarmKind.BatteryLow, T), T);

        Assert.Null(result.Alarm);
        Assert.Empty(result.Effects);
    }

    [Fact]
    public void DecisionOfAnotherKindIsAProgrammingError()
    {
        var alarm = Opened(FeverRaise(39, T), T);

        Assert.Throws<ArgumentException>(() => AlarmLifecycle.Apply(alarm, new ConditionCleared(AlarmKind.Spo2Low, T), T));
    }

    [Fact]
    public void AcknowledgeRecordsWhoAndWhen()
    {
        var alarm = Opened(Spo2Raise(90, T), T);

        var result = AlarmLifecycle.Acknowledge(alarm, "nurse.li", T.AddMinutes(1), "calling the patient");

        Assert.True(result.Succeeded);
        Assert.Equal(AlarmState.Acknowledged, result.Alarm.State);
        Assert.Equal("nurse.li", result.Alarm.AcknowledgedBy);
        Assert.Equal(T.AddMinutes(1), result.Alarm.AcknowledgedAt);
        Assert.Equal(
            new AlarmEffect(AlarmEffectType.Acknowledged, AlarmKind.Spo2Low, AlarmState.Active, AlarmState.Acknowledged, T.AddMinutes(1), "nurse.li")
            {
                Note = "calling the patient",
            },
            result.Effect);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("  ")]
    public void AcknowledgeNeedsAUser(string? user)
    {
        var alarm = Opened(Spo2Raise(90, T), T);

        var result = AlarmLifecycle.Acknowledge(alarm, user, T.AddMinutes(1));

        Assert.False(result.Succeeded);
        Assert.Equal(AlarmTransitionErrorCode.UserRequired, result.Error.Code);
        Assert.Same(alarm, result.Alarm);
    }

    [Fact]
    public void AcknowledgeNeedsAnActiveAlarm()
    {
        var acknowledged = AlarmLifecycle.Acknowledge(Opened(Spo2Raise(90, T), T), "nurse.li", T.AddMinutes(1)).Alarm;
        var resolved = AlarmLifecycle.Resolve(acknowledged, "dr.wang", "referred", T.AddMinutes(2)).Alarm;

        Assert.Equal(AlarmTransitionErrorCode.AlreadyAcknowledged, AlarmLifecycle.Acknowledge(acknowledged, "nurse.zhao", T.AddMinutes(3)).Error?.Code);
        Assert.Equal(AlarmTransitionErrorCode.AlreadyResolved, AlarmLifecycle.Acknowledge(resolved, "nurse.zhao", T.AddMinutes(3)).Error?.Code);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void HighPriorityAlarmCannotBeResolvedWithoutANote(string? note)
    {
        var alarm = Opened(Spo2Raise(90, T), T);

        var result = AlarmLifecycle.Resolve(alarm, "dr.wang", note, T.AddMinutes(5));

        Assert.False(result.Succeeded);
        Assert.Equal(AlarmTransitionErrorCode.NoteRequired, result.Error.Code);
        Assert.Null(result.Effect);
        Assert.Equal(AlarmState.Active, result.Alarm.State);
    }

    [Fact]
    public void HighPriorityAlarmIsResolvedWithANoteFromActiveOrAcknowledged()
    {
        var alarm = Opened(Spo2Raise(90, T), T);

        var result = AlarmLifecycle.Resolve(alarm, "dr.wang", "  referred to county hospital  ", T.AddMinutes(5));

        Assert.True(result.Succeeded);
        Assert.Equal(AlarmState.Resolved, result.Alarm.State);
        Assert.Equal("dr.wang", result.Alarm.ResolvedBy);
        Assert.Equal("referred to county hospital", result.Alarm.ResolutionNote);
        Assert.Equal(
            (AlarmEffectType.Resolved, AlarmState.Active, AlarmState.Resolved, "dr.wang", "referred to county hospital"),
            (result.Effect.Type, result.Effect.From, result.Effect.To, result.Effect.Actor, result.Effect.Note));
    }

    [Fact]
    public void LowPriorityAlarmIsResolvedWithoutANote()
    {
        var alarm = Opened(new Raise(AlarmKind.DeviceSilent, AlarmPriority.Low, null, 15, Oximeter, T, false), T);

        Assert.True(AlarmLifecycle.Resolve(alarm, "nurse.li", null, T.AddMinutes(1)).Succeeded);
    }

    [Fact]
    public void ResolvingTwiceIsRefused()
    {
        var resolved = AlarmLifecycle.Resolve(Opened(FeverRaise(39, T), T), "nurse.li", null, T.AddMinutes(1)).Alarm;

        var again = AlarmLifecycle.Resolve(resolved, "nurse.zhao", "again", T.AddMinutes(2));

        Assert.Equal(AlarmTransitionErrorCode.AlreadyResolved, again.Error?.Code);
        Assert.Same(resolved, again.Alarm);
        Assert.Empty(AlarmLifecycle.Tick(resolved, Policy, T.AddHours(1)).Effects);
    }

    [Fact]
    public void AlarmRecordRoundTripsThroughJson()
    {
        var alarm = AlarmLifecycle.Acknowledge(Opened(Spo2Raise(90, T), T), "nurse.li", T.AddMinutes(1)).Alarm;

        var json = System.Text.Json.JsonSerializer.Serialize(alarm);

        Assert.Equal(alarm, System.Text.Json.JsonSerializer.Deserialize<AlarmRecord>(json));
        Assert.Contains("\"spo2_low\"", json, StringComparison.Ordinal);
        Assert.Contains("\"acknowledged\"", json, StringComparison.Ordinal);
    }
}
