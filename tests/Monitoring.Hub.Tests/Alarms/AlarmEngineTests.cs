using System.Net;
using System.Text.Json;
using Monitoring.Hub.Tests.Infrastructure;

namespace Monitoring.Hub.Tests.Alarms;

/// <summary>
/// The alarm engine against real PostgreSQL with a fake clock: readings go in where ingestion hands
/// them over, alarms come out through the API, and every transition leaves its audit row.
/// </summary>
public sealed class AlarmEngineTests(AlarmFixture fixture) : IClassFixture<AlarmFixture>
{
    [Fact]
    public async Task SustainedDesaturationRaisesOneHighAlarmThatRepeatsUpdate()
    {
        var patient = await fixture.MonitoredPatientAsync();

        await fixture.SendAsync(patient, ("spo2", 92.9, TimeSpan.FromSeconds(3)));
        Assert.Empty(await fixture.AlarmsAsync(patient.PatientId));

        await fixture.SendAsync(patient, ("spo2", 92.0, TimeSpan.FromSeconds(2)));
        await fixture.SendAsync(patient, ("spo2", 89.5, TimeSpan.FromSeconds(1)));
        await fixture.SendAsync(patient, ("spo2", 90.5, TimeSpan.Zero));

        var alarm = await fixture.SingleAlarmAsync(patient.PatientId, "spo2_low");
        Assert.Equal("high", alarm.GetProperty("priority").GetString());
        Assert.Equal("active", alarm.GetProperty("state").GetString());
        Assert.Equal(patient.ClinicId, alarm.GetProperty("clinicId").GetGuid());
        Assert.Equal(90.5, alarm.GetProperty("value").GetDouble());
        Assert.Equal(89.5, alarm.GetProperty("worstValue").GetDouble());
        Assert.Equal(93, alarm.GetProperty("threshold").GetDouble());
        Assert.Equal(3, alarm.GetProperty("count").GetInt32());
        Assert.False(alarm.GetProperty("late").GetBoolean());
        Assert.False(alarm.GetProperty("escalated").GetBoolean());
        Assert.False(string.IsNullOrEmpty(alarm.GetProperty("patientName").GetString()));
        Assert.Equal("green", alarm.GetProperty("patientTier").GetString());
        // Repeats are counted on the alarm, not audited one by one.
        Assert.Equal(["alarm.opened"], await fixture.AuditActionsAsync(alarm.GetProperty("id").GetGuid()));
    }

    [Fact]
    public async Task SpO2Of93IsNotLowAndNeitherIsOneLowReading()
    {
        var patient = await fixture.MonitoredPatientAsync();

        await fixture.SendAsync(patient, ("spo2", 93.0, TimeSpan.FromSeconds(4)), ("spo2", 93.0, TimeSpan.FromSeconds(3)));
        await fixture.SendAsync(patient, ("spo2", 92.9, TimeSpan.FromSeconds(2)), ("spo2", 93.0, TimeSpan.FromSeconds(1)));

        Assert.Empty(await fixture.AlarmsAsync(patient.PatientId));
    }

    [Fact]
    public async Task HighPriorityAlarmLatchesUntilResolvedWithANote()
    {
        var patient = await fixture.MonitoredPatientAsync();
        var nurse = await fixture.CreateNurseAsync(patient.ClinicId);
        await fixture.DesaturateAsync(patient);

        await fixture.SendAsync(patient, ("spo2", 97, TimeSpan.Zero));
        await fixture.TickAfterAsync(TimeSpan.FromHours(2));

        var alarm = await fixture.SingleAlarmAsync(patient.PatientId, "spo2_low");
        var id = alarm.GetProperty("id").GetGuid();
        Assert.Equal("active", alarm.GetProperty("state").GetString());
        Assert.True(alarm.GetProperty("conditionCleared").GetBoolean());

        using (var noNote = await nurse.Client.PostJsonAsync($"/api/alarms/{id}/resolve", new { }))
        {
            await noNote.AssertValidationProblemAsync("note");
        }

        using (var blankNote = await nurse.Client.PostJsonAsync($"/api/alarms/{id}/resolve", new { note = "   " }))
        {
            await blankNote.AssertValidationProblemAsync("note");
        }

        using var resolve = await nurse.Client.PostJsonAsync($"/api/alarms/{id}/resolve", new { note = "Phoned: probe had slipped; 97 % on re-check." });
        var resolved = await resolve.ReadJsonAsync();
        Assert.True(resolve.StatusCode == HttpStatusCode.OK, $"resolve answered {(int)resolve.StatusCode}: {resolved}");
        Assert.Equal("resolved", resolved.GetProperty("state").GetString());
        Assert.Equal(nurse.Username, resolved.GetProperty("resolvedBy").GetString());
        Assert.Equal("Phoned: probe had slipped; 97 % on re-check.", resolved.GetProperty("resolutionNote").GetString());
        Assert.Equal(fixture.Now, resolved.GetProperty("resolvedAt").GetDateTimeOffset());

        var audit = await fixture.AuditAsync("alarm", id.ToString());
        Assert.Equal(["alarm.opened", "alarm.condition_cleared", "alarm.escalated", "alarm.reminder", "alarm.resolved"], audit.Select(a => a.Action));
        Assert.All(audit.Take(4), a => Assert.Equal("system", a.ActorUsername));
        Assert.Equal((nurse.Username, nurse.Id), (audit[^1].ActorUsername, audit[^1].ActorUserId));
        Assert.All(audit, a => Assert.Equal(patient.ClinicId, a.ClinicId));
        Assert.Equal("active", audit[^1].Before!.Value.GetProperty("state").GetString());
        Assert.Equal("resolved", audit[^1].After!.Value.GetProperty("state").GetString());
    }

    [Fact]
    public async Task MediumAlarmResolvesItselfOnceTheConditionStayedClearForTheConfiguredTime()
    {
        var patient = await fixture.MonitoredPatientAsync();
        await fixture.SendAsync(patient, ("temp", 38.6, TimeSpan.Zero));
        var id = (await fixture.SingleAlarmAsync(patient.PatientId, "fever")).GetProperty("id").GetGuid();
        Assert.Equal("medium", (await fixture.AlarmAsync(id)).GetProperty("priority").GetString());

        fixture.Clock.Advance(TimeSpan.FromMinutes(30));
        await fixture.SendAsync(patient, ("temp", 37.2, TimeSpan.Zero));
        var clearedAt = fixture.Now;
        await fixture.TickAfterAsync(TimeSpan.FromMinutes(9));
        Assert.Equal("active", (await fixture.AlarmAsync(id)).GetProperty("state").GetString());

        await fixture.TickAfterAsync(TimeSpan.FromMinutes(1));

        var alarm = await fixture.AlarmAsync(id);
        Assert.Equal("resolved", alarm.GetProperty("state").GetString());
        Assert.Equal("system", alarm.GetProperty("resolvedBy").GetString());
        Assert.Equal(clearedAt.AddMinutes(10), alarm.GetProperty("resolvedAt").GetDateTimeOffset());
        Assert.Equal(["alarm.opened", "alarm.condition_cleared", "alarm.auto_resolved"], await fixture.AuditActionsAsync(id));
    }

    [Fact]
    public async Task UnacknowledgedHighAlarmEscalatesAfterTwoMinutesAndIsRemindedUntilAcknowledged()
    {
        var patient = await fixture.MonitoredPatientAsync();
        var nurse = await fixture.CreateNurseAsync(patient.ClinicId);
        await fixture.SymptomAsync(patient, "dyspnea");
        var alarm = await fixture.SingleAlarmAsync(patient.PatientId, "symptom_reported");
        var id = alarm.GetProperty("id").GetGuid();
        Assert.Equal("dyspnea", alarm.GetProperty("detail").GetString());

        Assert.Empty(await fixture.TickAfterAsync(TimeSpan.FromSeconds(119), patient.PatientId));
        var escalated = Assert.Single(await fixture.TickAfterAsync(TimeSpan.FromSeconds(1), patient.PatientId));
        Assert.True(escalated.Escalated);
        Assert.Equal("supervisor", escalated.EscalationLevel);
        Assert.Empty(await fixture.TickAfterAsync(TimeSpan.FromMinutes(2), patient.PatientId));
        var reminded = Assert.Single(await fixture.TickAfterAsync(TimeSpan.FromMinutes(1), patient.PatientId));
        Assert.Equal(1, reminded.RemindersSent);
        Assert.Equal(2, Assert.Single(await fixture.TickAfterAsync(TimeSpan.FromMinutes(5), patient.PatientId)).RemindersSent);

        using var ack = await nurse.Client.PostJsonAsync($"/api/alarms/{id}/acknowledge", new { note = "Calling the patient now" });
        var acknowledged = await ack.ReadJsonAsync();
        Assert.True(ack.StatusCode == HttpStatusCode.OK, $"acknowledge answered {(int)ack.StatusCode}: {acknowledged}");
        Assert.Empty(await fixture.TickAfterAsync(TimeSpan.FromMinutes(30), patient.PatientId));

        Assert.Equal(
            ["alarm.opened", "alarm.escalated", "alarm.reminder", "alarm.reminder", "alarm.acknowledged"],
            await fixture.AuditActionsAsync(id));
        var stored = await fixture.AlarmAsync(id);
        Assert.Equal("acknowledged", stored.GetProperty("state").GetString());
        Assert.True(stored.GetProperty("escalated").GetBoolean());
        Assert.Equal(nurse.Username, stored.GetProperty("acknowledgedBy").GetString());
        Assert.Equal("Calling the patient now", stored.GetProperty("acknowledgeNote").GetString());
    }

    [Fact]
    public async Task ClinicEscalationLadderDecidesWhenAndWhomAnAlarmEscalatesTo()
    {
        var patient = await fixture.MonitoredPatientAsync();
        var doctor = await fixture.CreateDoctorAsync(patient.ClinicId);
        using (var put = await doctor.Client.PutJsonAsync($"/api/clinics/{patient.ClinicId}/escalation",
            new { steps = new object[] { new { afterMinutes = 3, notifyLevel = "doctor_on_call" }, new { afterMinutes = 1, notifyLevel = "charge_nurse" } } }))
        {
            Assert.True(put.StatusCode == HttpStatusCode.OK, $"escalation answered {(int)put.StatusCode}: {await put.ReadJsonAsync()}");
        }

        await fixture.DesaturateAsync(patient);

        Assert.Equal("charge_nurse", Assert.Single(await fixture.TickAfterAsync(TimeSpan.FromMinutes(1), patient.PatientId)).EscalationLevel);
        Assert.Empty(await fixture.TickAfterAsync(TimeSpan.FromMinutes(1), patient.PatientId));
        var second = Assert.Single(await fixture.TickAfterAsync(TimeSpan.FromMinutes(1), patient.PatientId));
        Assert.Equal(("doctor_on_call", 2), (second.EscalationLevel, second.EscalationSteps));
    }

    [Fact]
    public async Task AcknowledgingIsNotResolvingAcknowledgingTwiceChangesNothingAndInvalidTransitionsAreConflicts()
    {
        var patient = await fixture.MonitoredPatientAsync();
        var nurse = await fixture.CreateNurseAsync(patient.ClinicId);
        await fixture.SendAsync(patient, ("bat", 12, TimeSpan.Zero));
        var id = (await fixture.SingleAlarmAsync(patient.PatientId, "battery_low")).GetProperty("id").GetGuid();

        using (var ack = await nurse.Client.PostJsonAsync($"/api/alarms/{id}/acknowledge", new { }))
        {
            var body = await ack.ReadJsonAsync();
            Assert.True(ack.StatusCode == HttpStatusCode.OK, $"acknowledge answered {(int)ack.StatusCode}: {body}");
            Assert.Equal("acknowledged", body.GetProperty("state").GetString());
            Assert.Equal(fixture.Now, body.GetProperty("acknowledgedAt").GetDateTimeOffset());
            Assert.Equal(JsonValueKind.Null, body.GetProperty("resolvedAt").ValueKind);
        }

        Assert.Single(await fixture.AlarmsAsync(patient.PatientId, "state=open"));
        var colleague = await fixture.CreateNurseAsync(patient.ClinicId);
        using (var again = await colleague.Client.PostJsonAsync($"/api/alarms/{id}/acknowledge", new { note = "on my way" }))
        {
            var body = await again.ReadJsonAsync();
            Assert.True(again.StatusCode == HttpStatusCode.OK, $"second acknowledge answered {(int)again.StatusCode}: {body}");
            Assert.Equal("acknowledged", body.GetProperty("state").GetString());
            Assert.Equal(nurse.Username, body.GetProperty("acknowledgedBy").GetString());
        }

        // Low priority: no note needed.
        using (var resolve = await nurse.Client.PostJsonAsync($"/api/alarms/{id}/resolve", new { }))
        {
            Assert.Equal(HttpStatusCode.OK, resolve.StatusCode);
        }

        foreach (var action in new[] { "acknowledge", "resolve" })
        {
            using var late = await nurse.Client.PostJsonAsync($"/api/alarms/{id}/{action}", new { note = "again" });
            await late.AssertProblemAsync(HttpStatusCode.Conflict);
        }

        Assert.Empty(await fixture.AlarmsAsync(patient.PatientId, "state=open"));
        Assert.Equal(["alarm.opened", "alarm.acknowledged", "alarm.resolved"], await fixture.AuditActionsAsync(id));
    }

    [Fact]
    public async Task AnotherClinicsAlarmIsNotFoundAndNotListed()
    {
        var patient = await fixture.MonitoredPatientAsync();
        await fixture.DesaturateAsync(patient);
        var id = (await fixture.SingleAlarmAsync(patient.PatientId, "spo2_low")).GetProperty("id").GetGuid();
        var otherNurse = await fixture.CreateNurseAsync(await fixture.CreateClinicAsync());

        await otherNurse.Client.GetJsonAsync($"/api/alarms/{id}", HttpStatusCode.NotFound);
        using (var ack = await otherNurse.Client.PostJsonAsync($"/api/alarms/{id}/acknowledge", new { }))
        {
            await ack.AssertProblemAsync(HttpStatusCode.NotFound);
        }

        using (var resolve = await otherNurse.Client.PostJsonAsync($"/api/alarms/{id}/resolve", new { note = "not mine" }))
        {
            await resolve.AssertProblemAsync(HttpStatusCode.NotFound);
        }

        Assert.Empty((await otherNurse.Client.GetJsonAsync($"/api/alarms?patientId={patient.PatientId}")).EnumerateArray());
        Assert.Empty((await otherNurse.Client.GetJsonAsync($"/api/alarms?clinicId={patient.ClinicId}")).EnumerateArray());
        Assert.Equal("active", (await fixture.AlarmAsync(id)).GetProperty("state").GetString());
    }

    [Fact]
    public async Task ARedeliveredMessageRaisesNothingNew()
    {
        var patient = await fixture.MonitoredPatientAsync();
        var now = fixture.Now;
        var message = new[]
        {
            AlarmFixture.Reading(patient, "spo2", 91, now.AddSeconds(-2), now),
            AlarmFixture.Reading(patient, "spo2", 90, now.AddSeconds(-1), now),
            AlarmFixture.Reading(patient, "temp", 38.9, now.AddSeconds(-1), now),
        };

        await fixture.SendAsync(message);
        await fixture.SendAsync(message);

        var alarms = await fixture.AlarmsAsync(patient.PatientId);
        Assert.Equal(["fever", "spo2_low"], alarms.Select(a => a.GetProperty("kind").GetString()).Order());
        Assert.All(alarms, a => Assert.Equal(1, a.GetProperty("count").GetInt32()));
    }

    [Fact]
    public async Task PostgreSqlRefusesASecondOpenAlarmOfAKindForAPatient()
    {
        var patient = await fixture.MonitoredPatientAsync();
        await fixture.DesaturateAsync(patient);
        var id = (await fixture.SingleAlarmAsync(patient.PatientId, "spo2_low")).GetProperty("id").GetGuid();

        // A copy of the open alarm under a new id, as a second writer would insert it.
        var copy = $"INSERT INTO alarms SELECT '{Guid.NewGuid()}'::uuid, patient_id, clinic_id, kind, priority, state, raised_at, active_since, "
            + "first_observed_at, last_observed_at, value, worst_value, threshold, detail, late, count, last_updated_at, condition_cleared, "
            + "condition_cleared_at, escalated, escalation_steps_fired, escalation_level, reminders_sent, acknowledged_by, acknowledged_at, "
            + "acknowledge_note, resolved_by, resolved_at, resolution_note FROM alarms WHERE id = @id";
        await using (var duplicate = fixture.Database.DataSource.CreateCommand(copy))
        {
            duplicate.Parameters.Add(new Npgsql.NpgsqlParameter("id", id));
            var refused = await Assert.ThrowsAsync<Npgsql.PostgresException>(() => duplicate.ExecuteNonQueryAsync(TestContext.Current.CancellationToken));
            Assert.Equal(("23505", "alarms_one_open_per_patient_kind"), (refused.SqlState, refused.ConstraintName));
        }

        // Once it is resolved, a new alarm of the kind may open.
        var admin = await fixture.AdminAsync();
        using (var resolve = await admin.PostJsonAsync($"/api/alarms/{id}/resolve", new { note = "re-checked, fine" }))
        {
            Assert.Equal(HttpStatusCode.OK, resolve.StatusCode);
        }

        await fixture.SendAsync(patient, ("spo2", 88, TimeSpan.Zero));
        var alarms = await fixture.AlarmsAsync(patient.PatientId);
        Assert.Equal(["active", "resolved"], alarms.Select(a => a.GetProperty("state").GetString()).Order());
    }

    [Fact]
    public async Task ReadingsOfAPatientNotInHomeTreatmentAreNotAlarmedOn()
    {
        var patient = await fixture.MonitoredPatientAsync(startEpisode: false);
        await fixture.DesaturateAsync(patient);
        Assert.Empty(await fixture.AlarmsAsync(patient.PatientId));

        await fixture.StartEpisodeAsync(patient.PatientId);
        await fixture.DesaturateAsync(patient, 90, 89);
        Assert.Single(await fixture.AlarmsAsync(patient.PatientId));

        var admin = await fixture.AdminAsync();
        using (var end = await admin.PostJsonAsync($"/api/patients/{patient.PatientId}/episodes/current/end", new { reason = "recovered" }))
        {
            Assert.Equal(HttpStatusCode.OK, end.StatusCode);
        }

        await fixture.SendAsync(patient, ("temp", 39.5, TimeSpan.Zero), ("bat", 5, TimeSpan.Zero));
        var alarm = Assert.Single(await fixture.AlarmsAsync(patient.PatientId));
        Assert.Equal("spo2_low", alarm.GetProperty("kind").GetString());
    }

    [Fact]
    public async Task ALateReadingRaisesALateAlarm()
    {
        var patient = await fixture.MonitoredPatientAsync();

        await fixture.SendAsync(patient, ("temp", 39.1, TimeSpan.FromMinutes(20)));

        var alarm = await fixture.SingleAlarmAsync(patient.PatientId, "fever");
        Assert.True(alarm.GetProperty("late").GetBoolean());
        Assert.Equal(fixture.Now.AddMinutes(-20), alarm.GetProperty("lastObservedAt").GetDateTimeOffset());
    }

    [Fact]
    public async Task ListingFiltersByStateKindAndSinceAndRefusesBadFilters()
    {
        var patient = await fixture.MonitoredPatientAsync();
        await fixture.SendAsync(patient, ("temp", 38.8, TimeSpan.Zero));
        var before = fixture.Now;
        fixture.Clock.Advance(TimeSpan.FromMinutes(1));
        await fixture.DesaturateAsync(patient);
        var admin = await fixture.AdminAsync();
        var fever = (await fixture.SingleAlarmAsync(patient.PatientId, "fever")).GetProperty("id").GetGuid();
        using (var ack = await admin.PostJsonAsync($"/api/alarms/{fever}/acknowledge", new { }))
        {
            Assert.Equal(HttpStatusCode.OK, ack.StatusCode);
        }

        Assert.Equal(["spo2_low"], Kinds(await fixture.AlarmsAsync(patient.PatientId, "state=active")));
        Assert.Equal(["fever"], Kinds(await fixture.AlarmsAsync(patient.PatientId, "state=acknowledged")));
        Assert.Equal(2, (await fixture.AlarmsAsync(patient.PatientId, "state=open")).Count);
        Assert.Equal(["spo2_low", "fever"], Kinds(await fixture.AlarmsAsync(patient.PatientId)));
        Assert.Equal(["fever"], Kinds(await fixture.AlarmsAsync(patient.PatientId, "kind=fever")));
        Assert.Single(await fixture.AlarmsAsync(patient.PatientId, "limit=1"));
        var since = Uri.EscapeDataString(before.AddSeconds(1).ToString("O"));
        Assert.Equal(["spo2_low", "fever"], Kinds(await fixture.AlarmsAsync(patient.PatientId, $"since={since}")));

        foreach (var (query, field) in new[] { ("state=closed", "state"), ("limit=0", "limit"), ("since=yesterday", "since"), ("patientId=42", "patientId"), ("kind=cough", "kind") })
        {
            using var response = await admin.GetAsync(new Uri($"/api/alarms?{query}", UriKind.Relative), TestContext.Current.CancellationToken);
            await response.AssertValidationProblemAsync(field);
        }

        static List<string?> Kinds(IReadOnlyList<JsonElement> alarms) => [.. alarms.Select(a => a.GetProperty("kind").GetString())];
    }

    [Fact]
    public async Task ASilentDeviceRaisesALowAlarmThatClearsWhenItIsHeardAgain()
    {
        var patient = await fixture.MonitoredPatientAsync();
        var seed = new RegistrySeed(await fixture.AdminAsync());
        var (deviceId, _) = await seed.RegisterDeviceAsync(patient.ClinicId);
        await seed.AssignAsync(deviceId, patient.PatientId);
        var device = patient with { DeviceId = deviceId };
        await fixture.SendAsync(device, ("spo2", 97, TimeSpan.Zero), ("bat", 14, TimeSpan.Zero));

        await fixture.TickAfterAsync(TimeSpan.FromMinutes(14));
        Assert.Equal(["battery_low"], (await fixture.AlarmsAsync(patient.PatientId)).Select(a => a.GetProperty("kind").GetString()));
        await fixture.TickAfterAsync(TimeSpan.FromMinutes(1));

        var silent = await fixture.SingleAlarmAsync(patient.PatientId, "device_silent");
        Assert.Equal(("low", deviceId), (silent.GetProperty("priority").GetString(), silent.GetProperty("detail").GetString()));
        var inventory = await (await fixture.AdminAsync()).GetJsonAsync($"/api/clinics/{patient.ClinicId}/inventory");
        Assert.Equal((1, 1, true), (inventory.GetProperty("silent").GetInt32(), inventory.GetProperty("lowBattery").GetInt32(),
            inventory.GetProperty("liveStatusTracked").GetBoolean()));

        await fixture.SendAsync(device, ("spo2", 96, TimeSpan.Zero), ("bat", 80, TimeSpan.Zero));
        var id = silent.GetProperty("id").GetGuid();
        Assert.True((await fixture.AlarmAsync(id)).GetProperty("conditionCleared").GetBoolean());
        await fixture.TickAfterAsync(TimeSpan.FromMinutes(10));

        Assert.Empty(await fixture.AlarmsAsync(patient.PatientId, "state=open"));
        inventory = await (await fixture.AdminAsync()).GetJsonAsync($"/api/clinics/{patient.ClinicId}/inventory");
        Assert.Equal((0, 0), (inventory.GetProperty("silent").GetInt32(), inventory.GetProperty("lowBattery").GetInt32()));
        Assert.Equal(["alarm.opened", "alarm.condition_cleared", "alarm.auto_resolved"], await fixture.AuditActionsAsync(id));
    }
}
