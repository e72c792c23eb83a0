using Monitoring.Domain.Alarms;
using Monitoring.Hub.Alarms;
using Monitoring.Hub.Alarms.Events;
using Monitoring.Hub.Auth;
using Monitoring.Hub.Tests.Infrastructure;

namespace Monitoring.Hub.Tests.Alarms;

/// <summary>
/// The alarm engine driven only through its port (<see cref="IAlarmEngine"/>) on a real hub and real
/// PostgreSQL, and watched only through its event stream: what a per-patient actor will have to
/// answer the same way. No fakes but the clock.
/// </summary>
public sealed class AlarmEnginePortTests(AlarmPortFixture fixture) : IClassFixture<AlarmPortFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ReadingsOfOnePatientRaiseOneStoredAlarmThatIsPublishedAfterItIsStored()
    {
        var patient = await fixture.MonitoredPatientAsync();
        var now = fixture.Now;

        await fixture.Port.TakeReadingsAsync(patient.PatientId,
        [
            AlarmFixture.Reading(patient, "spo2", 91, now.AddSeconds(-2), now),
            AlarmFixture.Reading(patient, "spo2", 90, now.AddSeconds(-1), now),
        ], Ct);
        await fixture.Engine.FlushAsync(Ct);

        var raised = Assert.Single(fixture.Recorder.ChangesOf(patient.PatientId));
        Assert.True(raised.Raised);
        Assert.Equal(AlarmKind.Spo2Low, raised.Alarm.Record.Kind);
        Assert.Equal(90, raised.Alarm.Record.WorstValue);
        Assert.Equal(now, raised.ReceivedAt);
        // What was published is what PostgreSQL holds.
        var stored = await fixture.SingleAlarmAsync(patient.PatientId, "spo2_low");
        Assert.Equal(raised.Alarm.Id, stored.GetProperty("id").GetGuid());
        Assert.Contains(fixture.Recorder.Events.OfType<VitalsObserved>(), v => v.Readings.Any(r => r.PatientId == patient.PatientId));
    }

    [Fact]
    public async Task AcknowledgeAndResolveThroughThePortChangeTheAlarmAuditItAndPublishEachChange()
    {
        var patient = await fixture.MonitoredPatientAsync();
        var nurse = await fixture.CreateNurseAsync(patient.ClinicId);
        var scope = new ClinicScope(nurse.Id, nurse.Username, UserRole.Nurse, patient.ClinicId);
        await fixture.DesaturateAsync(patient);
        var alarmId = Assert.Single(fixture.Recorder.ChangesOf(patient.PatientId)).Alarm.Id;

        var acknowledged = await fixture.Port.AcknowledgeAsync(patient.PatientId, new AlarmCommand(alarmId, scope, "on my way"), Ct);
        var resolved = await fixture.Port.ResolveAsync(patient.PatientId, new AlarmCommand(alarmId, scope, "SpO2 97 % after repositioning the probe"), Ct);

        Assert.Equal(AlarmTransitionStatus.Done, acknowledged.Status);
        Assert.Equal(AlarmState.Acknowledged, acknowledged.Alarm!.Record.State);
        Assert.Equal("on my way", acknowledged.Alarm.AcknowledgeNote);
        Assert.Equal(AlarmTransitionStatus.Done, resolved.Status);
        Assert.Equal(nurse.Username, resolved.Alarm!.Record.ResolvedBy);
        Assert.Equal(["alarm.opened", "alarm.acknowledged", "alarm.resolved"], await fixture.AuditActionsAsync(alarmId));
        Assert.Equal(
            [(true, AlarmState.Active), (false, AlarmState.Acknowledged), (false, AlarmState.Resolved)],
            fixture.Recorder.ChangesOf(patient.PatientId).Select(c => (c.Raised, c.Alarm.Record.State)));
    }

    [Fact]
    public async Task ACommandForAnotherPatientOrFromAnotherClinicFindsNothingAndChangesNothing()
    {
        var patient = await fixture.MonitoredPatientAsync();
        var other = await fixture.MonitoredPatientAsync();
        var nurse = await fixture.CreateNurseAsync(patient.ClinicId);
        var stranger = await fixture.CreateNurseAsync(other.ClinicId);
        await fixture.DesaturateAsync(patient);
        var alarmId = Assert.Single(fixture.Recorder.ChangesOf(patient.PatientId)).Alarm.Id;

        var wrongPatient = await fixture.Port.AcknowledgeAsync(
            other.PatientId, new AlarmCommand(alarmId, new ClinicScope(nurse.Id, nurse.Username, UserRole.Nurse, patient.ClinicId), null), Ct);
        var wrongClinic = await fixture.Port.AcknowledgeAsync(
            patient.PatientId, new AlarmCommand(alarmId, new ClinicScope(stranger.Id, stranger.Username, UserRole.Nurse, other.ClinicId), null), Ct);

        Assert.Equal(AlarmTransitionStatus.NotFound, wrongPatient.Status);
        Assert.Equal(AlarmTransitionStatus.NotFound, wrongClinic.Status);
        Assert.Equal(["alarm.opened"], await fixture.AuditActionsAsync(alarmId));
        Assert.Single(fixture.Recorder.ChangesOf(patient.PatientId));
    }

    [Fact]
    public async Task AReminderDecisionRaisesThroughThePortAndTheSystemWithdrawsItOnce()
    {
        var patient = await fixture.MonitoredPatientAsync();
        var raise = new Raise(AlarmKind.TemperatureCheckMissed, AlarmCatalog.PriorityOf(AlarmKind.TemperatureCheckMissed),
            Value: null, Threshold: null, "no temperature since this morning", fixture.Now, Late: false);

        var raised = await fixture.Port.ApplyDecisionAsync(patient.PatientId, raise, Ct);
        var withdrawn = await fixture.Port.ResolveBySystemAsync(patient.PatientId, AlarmKind.TemperatureCheckMissed, "temperature recorded", Ct);
        var again = await fixture.Port.ResolveBySystemAsync(patient.PatientId, AlarmKind.TemperatureCheckMissed, "temperature recorded", Ct);

        Assert.NotNull(raised);
        Assert.Equal(AlarmKind.TemperatureCheckMissed, raised.Record.Kind);
        Assert.Equal(raised.Id, withdrawn!.Id);
        Assert.Equal(AlarmEffect.SystemActor, withdrawn.Record.ResolvedBy);
        Assert.Null(again);
        Assert.Equal([true, false], fixture.Recorder.ChangesOf(patient.PatientId).Select(c => c.Raised));
    }

    [Fact]
    public async Task AfterTheEpisodeEndsTheNextReadingsAreNotEvaluated()
    {
        var patient = await fixture.MonitoredPatientAsync();
        // Seen once, so the engine holds the patient's context (in home treatment).
        await fixture.SendAsync(patient, ("spo2", 97, TimeSpan.Zero));
        var admin = await fixture.AdminAsync();
        using (var end = await admin.PostJsonAsync($"/api/patients/{patient.PatientId}/episodes/current/end", new { reason = "recovered" }))
        {
            Assert.True(end.IsSuccessStatusCode, $"ending home treatment answered {(int)end.StatusCode}");
        }

        // The registry's hook told the port; the engine does not wait for its context refresh.
        await fixture.DesaturateAsync(patient);

        Assert.Empty(fixture.Recorder.ChangesOf(patient.PatientId));
        Assert.Empty(await fixture.AlarmsAsync(patient.PatientId));
    }
}
