namespace Monitoring.Domain.Alarms;

/// <summary>
/// The alarm state machine, pure: active → acknowledged → resolved, one open alarm per patient and
/// kind (the service looks it up and passes it in). Every change returns an <see cref="AlarmEffect"/>
/// for the audit trail.
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item>Repeats update the open alarm: latest value, worst value, count.</item>
/// <item>High-priority alarms latch: when the condition clears they are flagged
/// <see cref="AlarmRecord.ConditionCleared"/> and stay open until a clinician resolves them, with a
/// note. Medium and low alarms resolve themselves once the condition has stayed clear for
/// <see cref="AlarmPolicy.AutoResolveAfter"/>, counted from when it cleared but not from before the
/// alarm was raised, so a late alarm on an old episode is on the wall for that long at least.</item>
/// <item>A high-priority alarm not acknowledged escalates along the clinic's ladder and is announced
/// again every <see cref="AlarmPolicy.ReminderEvery"/> until acknowledged, both counted from
/// <see cref="AlarmRecord.ActiveSince"/>. If ticks were missed, each due step fires once, but only
/// the latest due reminder is sent.</item>
/// <item>A condition that comes back after it cleared on an acknowledged alarm makes it active
/// again (escalation starts over): a new deterioration needs a new acknowledgement.</item>
/// <item>Silencing is not acknowledging and is not a state here: it is the dashboard's sound.</item>
/// </list>
/// </remarks>
public static class AlarmLifecycle
{
    /// <summary>Applies a rule's decision to the patient's open alarm of that kind.</summary>
    /// <param name="open">The open alarm of the decision's kind, or null (a resolved record counts as none).</param>
    /// <param name="decision">The rule's decision.</param>
    /// <param name="now">Hub time.</param>
    public static LifecycleResult Apply(AlarmRecord? open, AlarmDecision decision, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(decision);
        if (open is not null && open.Kind != decision.Kind)
        {
            throw new ArgumentException($"The open alarm is {open.Kind}, the decision is about {decision.Kind}.", nameof(open));
        }

        if (open is { IsOpen: false })
        {
            open = null;
        }

        return decision switch
        {
            Raise raise => open is null
                ? Open(raise.Kind, raise.Priority, raise.Value, raise.Threshold, raise.Detail, raise.ObservedAt, raise.Late, now)
                : Repeat(open, raise.Value, raise.Threshold, raise.Detail, raise.ObservedAt, now),
            Update update => open is null
                ? Open(update.Kind, AlarmCatalog.PriorityOf(update.Kind), update.Value, update.Threshold, update.Detail,
                    update.ObservedAt, update.Late, now)
                : Repeat(open, update.Value, update.Threshold, update.Detail, update.ObservedAt, now),
            ConditionCleared cleared => Clear(open, cleared, now),
            _ => throw new ArgumentException($"Unknown decision {decision.GetType().Name}.", nameof(decision)),
        };
    }

    /// <summary>
    /// What time alone changes: auto-resolution of medium and low alarms, escalation steps and
    /// reminders of unacknowledged high-priority ones. Call it for each open alarm, as often as the
    /// service likes; effects carry the time they were due.
    /// </summary>
    public static LifecycleResult Tick(AlarmRecord alarm, AlarmPolicy policy, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(alarm);
        ArgumentNullException.ThrowIfNull(policy);

        if (!alarm.IsOpen)
        {
            return new LifecycleResult(alarm, []);
        }

        if (alarm.Priority != AlarmPriority.High)
        {
            return AutoResolve(alarm, policy, now);
        }

        if (alarm.State != AlarmState.Active)
        {
            return new LifecycleResult(alarm, []);
        }

        var effects = new List<AlarmEffect>();
        var elapsed = now - alarm.ActiveSince;
        var fired = alarm.EscalationStepsFired;
        while (fired < policy.Escalation.Count && elapsed >= policy.Escalation[fired].After)
        {
            var step = policy.Escalation[fired];
            fired++;
            effects.Add(Effect(AlarmEffectType.Escalated, alarm, AlarmState.Active, alarm.ActiveSince + step.After) with
            {
                EscalationStep = fired,
                NotifyLevel = step.NotifyLevel,
            });
        }

        var remindersDue = elapsed < TimeSpan.Zero ? 0 : (int)(elapsed.Ticks / policy.ReminderEvery.Ticks);
        var reminders = alarm.RemindersSent;
        if (remindersDue > reminders)
        {
            reminders = remindersDue;
            effects.Add(Effect(AlarmEffectType.Reminder, alarm, AlarmState.Active, alarm.ActiveSince + (policy.ReminderEvery * reminders)) with
            {
                ReminderNumber = reminders,
            });
        }

        if (effects.Count == 0)
        {
            return new LifecycleResult(alarm, []);
        }

        var ticked = alarm with
        {
            Escalated = alarm.Escalated || fired > alarm.EscalationStepsFired,
            EscalationStepsFired = fired,
            RemindersSent = reminders,
            LastUpdatedAt = Later(alarm.LastUpdatedAt, now),
        };
        return new LifecycleResult(ticked, [.. effects.OrderBy(effect => effect.At)]);
    }

    /// <summary>A clinician acknowledges an active alarm ("I am on it"); it stays open.</summary>
    public static TransitionResult Acknowledge(AlarmRecord alarm, string? user, DateTimeOffset now, string? note = null)
    {
        ArgumentNullException.ThrowIfNull(alarm);
        if (string.IsNullOrWhiteSpace(user))
        {
            return TransitionResult.Refused(alarm, AlarmTransitionErrorCode.UserRequired, "Acknowledging an alarm needs the user who does it.");
        }

        switch (alarm.State)
        {
            case AlarmState.Resolved:
                return TransitionResult.Refused(alarm, AlarmTransitionErrorCode.AlreadyResolved,
                    $"The alarm was resolved by {alarm.ResolvedBy} at {alarm.ResolvedAt:O}.");
            case AlarmState.Acknowledged:
                return TransitionResult.Refused(alarm, AlarmTransitionErrorCode.AlreadyAcknowledged,
                    $"The alarm was acknowledged by {alarm.AcknowledgedBy} at {alarm.AcknowledgedAt:O}.");
        }

        var acknowledged = alarm with
        {
            State = AlarmState.Acknowledged,
            AcknowledgedBy = user,
            AcknowledgedAt = now,
            LastUpdatedAt = now,
        };
        return TransitionResult.Done(acknowledged,
            new AlarmEffect(AlarmEffectType.Acknowledged, alarm.Kind, alarm.State, AlarmState.Acknowledged, now, user) { Note = Trimmed(note) });
    }

    /// <summary>
    /// A clinician resolves an open alarm, active or acknowledged. A high-priority alarm needs a note
    /// (contract: <c>POST /api/alarms/{id}/resolve {note}</c>).
    /// </summary>
    public static TransitionResult Resolve(AlarmRecord alarm, string? user, string? note, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(alarm);
        if (string.IsNullOrWhiteSpace(user))
        {
            return TransitionResult.Refused(alarm, AlarmTransitionErrorCode.UserRequired, "Resolving an alarm needs the user who does it.");
        }

        if (!alarm.IsOpen)
        {
            return TransitionResult.Refused(alarm, AlarmTransitionErrorCode.AlreadyResolved,
                $"The alarm was resolved by {alarm.ResolvedBy} at {alarm.ResolvedAt:O}.");
        }

        var trimmed = Trimmed(note);
        if (alarm.Priority == AlarmPriority.High && trimmed is null)
        {
            return TransitionResult.Refused(alarm, AlarmTransitionErrorCode.NoteRequired,
                "A high-priority alarm can only be resolved with a note saying what was done.");
        }

        var resolved = alarm with
        {
            State = AlarmState.Resolved,
            ResolvedBy = user,
            ResolvedAt = now,
            ResolutionNote = trimmed,
            LastUpdatedAt = now,
        };
        return TransitionResult.Done(resolved,
            new AlarmEffect(AlarmEffectType.Resolved, alarm.Kind, alarm.State, AlarmState.Resolved, now, user) { Note = trimmed });
    }

    private static LifecycleResult Open(
        AlarmKind kind,
        AlarmPriority priority,
        double? value,
        double? threshold,
        string? detail,
        DateTimeOffset observedAt,
        bool late,
        DateTimeOffset now)
    {
        var alarm = new AlarmRecord
        {
            Kind = kind,
            Priority = priority,
            State = AlarmState.Active,
            RaisedAt = now,
            ActiveSince = now,
            FirstObservedAt = observedAt,
            LastObservedAt = observedAt,
            Value = value,
            WorstValue = value,
            Threshold = threshold,
            Detail = detail,
            Late = late,
            LastUpdatedAt = now,
        };
        return new LifecycleResult(alarm, [new AlarmEffect(AlarmEffectType.Opened, kind, null, AlarmState.Active, now, AlarmEffect.SystemActor)]);
    }

    private static LifecycleResult Repeat(
        AlarmRecord open, double? value, double? threshold, string? detail, DateTimeOffset observedAt, DateTimeOffset now)
    {
        var newest = observedAt >= open.LastObservedAt;
        var repeated = open with
        {
            Value = newest && value is not null ? value : open.Value,
            WorstValue = Worst(AlarmCatalog.Get(open.Kind).Worse, open.WorstValue, value),
            Threshold = threshold ?? open.Threshold,
            Detail = newest && detail is not null ? detail : open.Detail,
            Count = open.Count + 1,
            LastObservedAt = newest ? observedAt : open.LastObservedAt,
            LastUpdatedAt = now,
            ConditionCleared = false,
            ConditionClearedAt = null,
        };

        if (open.ConditionCleared && open.State == AlarmState.Acknowledged)
        {
            var reactivated = repeated with
            {
                State = AlarmState.Active,
                ActiveSince = now,
                AcknowledgedBy = null,
                AcknowledgedAt = null,
                Escalated = false,
                EscalationStepsFired = 0,
                RemindersSent = 0,
            };
            return new LifecycleResult(reactivated, [Effect(AlarmEffectType.Reactivated, open, AlarmState.Active, now)]);
        }

        return new LifecycleResult(repeated, [Effect(AlarmEffectType.Repeated, open, open.State, now)]);
    }

    private static LifecycleResult Clear(AlarmRecord? open, ConditionCleared cleared, DateTimeOffset now)
    {
        if (open is null || open.ConditionCleared)
        {
            return new LifecycleResult(open, []);
        }

        var alarm = open with { ConditionCleared = true, ConditionClearedAt = cleared.At, LastUpdatedAt = now };
        return new LifecycleResult(alarm, [Effect(AlarmEffectType.ConditionCleared, open, open.State, now)]);
    }

    private static LifecycleResult AutoResolve(AlarmRecord alarm, AlarmPolicy policy, DateTimeOffset now)
    {
        if (!alarm.ConditionCleared || alarm.ConditionClearedAt is not { } clearedAt)
        {
            return new LifecycleResult(alarm, []);
        }

        var due = Later(clearedAt, alarm.RaisedAt) + policy.AutoResolveAfter;
        if (now < due)
        {
            return new LifecycleResult(alarm, []);
        }

        var at = Later(due, alarm.LastUpdatedAt);
        var resolved = alarm with
        {
            State = AlarmState.Resolved,
            ResolvedBy = AlarmEffect.SystemActor,
            ResolvedAt = at,
            LastUpdatedAt = at,
        };
        return new LifecycleResult(resolved, [Effect(AlarmEffectType.AutoResolved, alarm, AlarmState.Resolved, at)]);
    }

    private static AlarmEffect Effect(AlarmEffectType type, AlarmRecord before, AlarmState to, DateTimeOffset at) =>
        new(type, before.Kind, before.State, to, at, AlarmEffect.SystemActor);

    private static double? Worst(WorseDirection direction, double? current, double? value) =>
        (direction, current, value) switch
        {
            (_, null, _) => value,
            (_, _, null) => current,
            (WorseDirection.Lower, { } a, { } b) => Math.Min(a, b),
            (WorseDirection.Higher, { } a, { } b) => Math.Max(a, b),
            _ => value,
        };

    private static DateTimeOffset Later(DateTimeOffset a, DateTimeOffset b) => a >= b ? a : b;

    private static string? Trimmed(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}
