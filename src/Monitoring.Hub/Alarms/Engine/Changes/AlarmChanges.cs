using Monitoring.Domain.Alarms;
using Monitoring.Hub.Alarms.Storage;
using Monitoring.Hub.Audit;

namespace Monitoring.Hub.Alarms.Engine.Changes;

/// <summary>
/// What one batch of the alarm worker changes: patients' drafts (rule state, open alarms) and the
/// alarms changed with their effects. It applies <see cref="AlarmLifecycle"/> and keeps the
/// one-open-alarm-per-patient-and-kind map of each draft in step.
/// </summary>
internal sealed class AlarmChanges
{
    private Dictionary<Guid, AlarmChange>? _byId;

    // One patient's draft in a field: a grain's changes concern its own patient (10,000s of calls a
    // second); only a merged round of several grains' changes needs the dictionary.
    private PatientDraft? _first;
    private Dictionary<Guid, PatientDraft>? _more;

    public IEnumerable<PatientDraft> Drafts => _more is not null ? _more.Values : _first is null ? [] : [_first];

    /// <summary>Changed alarms, in the order they were first changed.</summary>
    public List<AlarmChange> Alarms { get; } = [];

    public bool HasWrites => Alarms.Count > 0 || Drafts.Any(d => d.SavesState);

    public PatientDraft Draft(PatientAlarms entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        if (_first is { } first && first.PatientId == entry.PatientId)
        {
            return first;
        }

        if (_more is not null && _more.TryGetValue(entry.PatientId, out var draft))
        {
            return draft;
        }

        draft = new PatientDraft(entry);
        Take(draft);
        return draft;
    }

    /// <summary>Another batch's draft, into this one (rounds merge grains' changes: one draft per patient).</summary>
    public void Take(PatientDraft draft)
    {
        ArgumentNullException.ThrowIfNull(draft);
        if (_first is null && _more is null)
        {
            _first = draft;
            return;
        }

        if (_more is null)
        {
            _more = new Dictionary<Guid, PatientDraft> { [_first!.PatientId] = _first };
        }

        _more[draft.PatientId] = draft;
    }

    /// <summary>A rule's outcome for the draft: its new rule state, and each decision applied.</summary>
    public void Decide(PatientDraft draft, PatientContext context, RuleOutcome outcome, DateTimeOffset now, DateTimeOffset? receivedAt)
    {
        draft.State = outcome.State;
        foreach (var decision in outcome.Decisions)
        {
            Apply(draft, context, decision, now, receivedAt);
        }
    }

    /// <summary>Applies a rule's decision to the draft's open alarm of that kind.</summary>
    public void Apply(PatientDraft draft, PatientContext context, AlarmDecision decision, DateTimeOffset now, DateTimeOffset? receivedAt)
    {
        draft.Open.TryGetValue(decision.Kind, out var open);
        var result = AlarmLifecycle.Apply(open?.Record, decision, now);
        if (result.Alarm is null || result.Effects.Count == 0)
        {
            return;
        }

        var after = open is null
            ? new StoredAlarm(Guid.CreateVersion7(now), draft.PatientId, context.ClinicId, result.Alarm)
            : open with { Record = result.Alarm };
        after = after with { PatientName = context.Name, PatientTier = context.Tier };
        Record(draft, open, after, result.Effects, AuditActor.System, receivedAt);
    }

    /// <summary>Records a lifecycle result (from a decision, a tick or a clinician) for an alarm of the draft.</summary>
    public void Record(PatientDraft draft, StoredAlarm? before, StoredAlarm after, IReadOnlyList<AlarmEffect> effects, AuditActor actor, DateTimeOffset? receivedAt)
    {
        foreach (var effect in effects)
        {
            after = effect.Type switch
            {
                AlarmEffectType.Reactivated => after with { AcknowledgeNote = null, EscalationLevel = null },
                AlarmEffectType.Acknowledged => after with { AcknowledgeNote = effect.Note },
                AlarmEffectType.Escalated => after with { EscalationLevel = effect.NotifyLevel },
                _ => after,
            };
        }

        if (after.Record.IsOpen)
        {
            draft.SetOpen(after);
        }
        else
        {
            draft.RemoveOpen(after.Record.Kind);
        }

        _byId ??= [];
        if (!_byId.TryGetValue(after.Id, out var change))
        {
            change = new AlarmChange(before, after);
            _byId.Add(after.Id, change);
            Alarms.Add(change);
        }

        change.Current = after;
        if (receivedAt is not null)
        {
            change.ReceivedAt = receivedAt;
        }

        foreach (var effect in effects.Where(e => e.Type != AlarmEffectType.Repeated))
        {
            change.Audits.Add(new AuditedEffect(effect, actor, before, after));
        }
    }
}
