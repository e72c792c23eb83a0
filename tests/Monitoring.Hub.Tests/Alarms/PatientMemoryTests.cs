using Monitoring.Domain.Alarms;
using Monitoring.Hub.Alarms.Engine;
using Monitoring.Hub.Alarms.Engine.Changes;
using Monitoring.Hub.Alarms.Storage;

namespace Monitoring.Hub.Tests.Alarms;

/// <summary>A grain's memory of its one patient: what it takes from a load, what it ignores, and that it refuses another patient.</summary>
public sealed class PatientMemoryTests
{
    private static readonly DateTimeOffset At = new(2026, 12, 7, 8, 0, 0, TimeSpan.Zero);

    [Fact]
    public void ALoadGivesThePatientItsStateAndOnlyItsOwnOpenAlarms()
    {
        var patient = Guid.NewGuid();
        var other = Guid.NewGuid();
        var memory = new PatientMemory(patient);
        var episode = Guid.NewGuid();
        var state = PatientRuleState.Empty with { SilentDevices = ["ox-1"] };

        var (missing, unknown) = memory.Missing([patient]);
        Assert.Equal([patient], missing);
        Assert.Equal([patient], unknown);
        Assert.False(memory.IsLoaded(patient));

        var mine = Alarm(patient, AlarmKind.Spo2Low);
        memory.Take(missing, new() { [patient] = (state, episode), [other] = (PatientRuleState.Empty, null) }, [mine, Alarm(other, AlarmKind.Spo2Low)]);

        Assert.True(memory.IsLoaded(patient));
        Assert.True(memory.TryGet(patient, out var entry));
        Assert.Same(state, entry.State);
        Assert.Equal(episode, entry.EpisodeId);
        Assert.Same(mine, Assert.Single(entry.Open).Value);
        Assert.Same(mine, memory.FindOpen(patient, mine.Id));
        Assert.Null(memory.FindOpen(patient, Guid.NewGuid()));
        var (again, _) = memory.Missing([patient]);
        Assert.Empty(again);
    }

    [Fact]
    public void AnotherPatientsIdIsRefusedAndForgettingReadsThePatientAgain()
    {
        var patient = Guid.NewGuid();
        var memory = new PatientMemory(patient);
        memory.Take([patient], [], []);

        Assert.Throws<ArgumentException>(() => memory.Entry(Guid.NewGuid()));
        Assert.Throws<ArgumentException>(() => memory.Missing([Guid.NewGuid()]));
        Assert.False(memory.TryGet(Guid.NewGuid(), out _));
        Assert.Same(PatientRuleState.Empty, memory.Entry(patient).State);

        memory.Forget(patient);

        Assert.False(memory.IsLoaded(patient));
        Assert.Empty(memory.All);
        var (missing, unknown) = memory.Missing([patient]);
        Assert.Equal([patient], missing);
        Assert.Equal([patient], unknown);
    }

    [Fact]
    public void ADraftCopiesTheOpenAlarmsOnlyWhenItChangesOneAndMemoryTakesThemAtCommit()
    {
        var patient = Guid.NewGuid();
        var entry = new PatientAlarms(patient);
        Assert.Empty(entry.Open);

        var draft = new PatientDraft(entry);
        var raised = Alarm(patient, AlarmKind.Fever);
        draft.SetOpen(raised);

        Assert.Empty(entry.Open); // memory is as stored until the transaction commits
        Assert.Same(raised, draft.Open[AlarmKind.Fever]);

        draft.Commit();
        Assert.Same(raised, entry.Open[AlarmKind.Fever]);

        var closing = new PatientDraft(entry);
        closing.RemoveOpen(AlarmKind.Fever);
        Assert.Single(entry.Open);
        closing.Commit();
        Assert.Empty(entry.Open);
    }

    private static StoredAlarm Alarm(Guid patientId, AlarmKind kind) =>
        new(Guid.NewGuid(), patientId, Guid.NewGuid(), new AlarmRecord
        {
            Kind = kind,
            Priority = AlarmPriority.High,
            State = AlarmState.Active,
            RaisedAt = At,
            ActiveSince = At,
            FirstObservedAt = At,
            LastObservedAt = At,
            LastUpdatedAt = At,
        });
}
