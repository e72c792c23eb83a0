using System.Net;
using Monitoring.Hub.Tests.Alarms;
using Monitoring.Hub.Tests.Infrastructure;

namespace Monitoring.Hub.Tests.Thresholds;

/// <summary>
/// Clinic and patient thresholds through the API: who may change them, validation with the
/// domain's rules (a 400 naming the field, nothing stored), audit, and effect on the very next
/// evaluation without a restart.
/// </summary>
public sealed class ThresholdsApiTests(AlarmFixture fixture) : IClassFixture<AlarmFixture>
{
    [Fact]
    public async Task APatientOverrideChangesTheNextEvaluationWithoutARestart()
    {
        var patient = await fixture.MonitoredPatientAsync();
        var doctor = await fixture.CreateDoctorAsync(patient.ClinicId);

        // A COPD patient whose baseline is about 91 % (clinical-rules §2): alarm only below 90.
        using (var put = await doctor.Client.PutJsonAsync($"/api/patients/{patient.PatientId}/thresholds", new { spo2LowBelow = 90.0 }))
        {
            var body = await put.ReadJsonAsync();
            Assert.True(put.StatusCode == HttpStatusCode.OK, $"PUT answered {(int)put.StatusCode}: {body}");
            Assert.Equal(90.0, body.GetProperty("spo2LowBelow").GetDouble());
        }

        await fixture.DesaturateAsync(patient, 91.5, 91.5);
        Assert.Empty(await fixture.AlarmsAsync(patient.PatientId));

        var effective = await doctor.Client.GetJsonAsync($"/api/patients/{patient.PatientId}/thresholds/effective");
        Assert.Equal(90.0, effective.GetProperty("thresholds").GetProperty("spo2LowBelow").GetDouble());
        Assert.Equal("patient", effective.GetProperty("sources").GetProperty("spo2LowBelow").GetString());
        Assert.Equal("default", effective.GetProperty("sources").GetProperty("feverAbove").GetString());
        Assert.Equal(38.5, effective.GetProperty("thresholds").GetProperty("feverAbove").GetDouble());

        await fixture.SendAsync(patient, ("spo2", 89.9, TimeSpan.FromSeconds(1)), ("spo2", 89.5, TimeSpan.Zero));
        var alarm = await fixture.SingleAlarmAsync(patient.PatientId, "spo2_low");
        Assert.Equal(90.0, alarm.GetProperty("threshold").GetDouble());

        var audit = Assert.Single(await fixture.AuditAsync("patient_thresholds", patient.PatientId.ToString()));
        Assert.Equal(("thresholds.patient_changed", doctor.Username, patient.ClinicId), (audit.Action, audit.ActorUsername, audit.ClinicId));
        Assert.Equal(90.0, audit.After!.Value.GetProperty("spo2LowBelow").GetDouble());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, audit.Before!.Value.GetProperty("spo2LowBelow").ValueKind);
    }

    [Fact]
    public async Task AClinicOverrideAppliesToItsPatientsAndAPatientOverrideWins()
    {
        var patient = await fixture.MonitoredPatientAsync();
        var other = await fixture.MonitoredPatientAsync(patient.ClinicId);
        var admin = await fixture.AdminAsync();
        using (var clinic = await admin.PutJsonAsync($"/api/clinics/{patient.ClinicId}/thresholds", new { feverAbove = 39.0 }))
        {
            Assert.Equal(HttpStatusCode.OK, clinic.StatusCode);
        }

        using (var own = await admin.PutJsonAsync($"/api/patients/{other.PatientId}/thresholds", new { feverAbove = 38.0 }))
        {
            Assert.Equal(HttpStatusCode.OK, own.StatusCode);
        }

        await fixture.SendAsync(patient, ("temp", 38.8, TimeSpan.Zero));
        await fixture.SendAsync(other, ("temp", 38.2, TimeSpan.Zero));

        Assert.Empty(await fixture.AlarmsAsync(patient.PatientId));
        Assert.Equal(38.0, (await fixture.SingleAlarmAsync(other.PatientId, "fever")).GetProperty("threshold").GetDouble());
        var clinicThresholds = await admin.GetJsonAsync($"/api/clinics/{patient.ClinicId}/thresholds");
        Assert.Equal(39.0, clinicThresholds.GetProperty("feverAbove").GetDouble());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, clinicThresholds.GetProperty("spo2LowBelow").ValueKind);
        var effective = await admin.GetJsonAsync($"/api/patients/{patient.PatientId}/thresholds/effective");
        Assert.Equal("clinic", effective.GetProperty("sources").GetProperty("feverAbove").GetString());
    }

    [Fact]
    public async Task NursesReadThresholdsButOnlyDoctorsAndAdministratorsChangeThem()
    {
        var patient = await fixture.MonitoredPatientAsync();
        var nurse = await fixture.CreateNurseAsync(patient.ClinicId);

        await nurse.Client.GetJsonAsync($"/api/clinics/{patient.ClinicId}/thresholds");
        await nurse.Client.GetJsonAsync($"/api/patients/{patient.PatientId}/thresholds");
        await nurse.Client.GetJsonAsync($"/api/patients/{patient.PatientId}/thresholds/effective");
        await nurse.Client.GetJsonAsync($"/api/clinics/{patient.ClinicId}/escalation");
        foreach (var path in new[] { $"/api/clinics/{patient.ClinicId}/thresholds", $"/api/patients/{patient.PatientId}/thresholds" })
        {
            using var response = await nurse.Client.PutJsonAsync(path, new { spo2LowBelow = 91.0 });
            await response.AssertProblemAsync(HttpStatusCode.Forbidden);
        }

        using (var ladder = await nurse.Client.PutJsonAsync($"/api/clinics/{patient.ClinicId}/escalation", new { steps = Array.Empty<object>() }))
        {
            await ladder.AssertProblemAsync(HttpStatusCode.Forbidden);
        }

        Assert.Empty(await fixture.AuditAsync("patient_thresholds", patient.PatientId.ToString()));
        Assert.Empty(await fixture.AuditAsync("clinic_thresholds", patient.ClinicId.ToString()));
    }

    [Fact]
    public async Task AnotherClinicsThresholdsAreNotFound()
    {
        var patient = await fixture.MonitoredPatientAsync();
        var doctor = await fixture.CreateDoctorAsync(await fixture.CreateClinicAsync());

        foreach (var path in new[]
                 {
                     $"/api/clinics/{patient.ClinicId}/thresholds", $"/api/patients/{patient.PatientId}/thresholds",
                     $"/api/patients/{patient.PatientId}/thresholds/effective", $"/api/clinics/{patient.ClinicId}/escalation",
                 })
        {
            await doctor.Client.GetJsonAsync(path, HttpStatusCode.NotFound);
        }

        using var put = await doctor.Client.PutJsonAsync($"/api/patients/{patient.PatientId}/thresholds", new { spo2LowBelow = 91.0 });
        await put.AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData("""{"spo2LowBelow": 120}""", "spo2LowBelow")]
    [InlineData("""{"spo2LowBelow": "low"}""", "spo2LowBelow")]
    [InlineData("""{"spo2SustainReadings": 0}""", "spo2SustainReadings")]
    [InlineData("""{"batteryLowAtOrBelow": 101}""", "batteryLowAtOrBelow")]
    [InlineData("""{"spo2LowBellow": 90}""", "spo2LowBellow")]
    [InlineData("""{"morningCheckWindow": {"start": "11:00", "end": "10:00"}}""", "morningCheckWindow")]
    [InlineData("""[90]""", "body")]
    public async Task AnUnusableOverrideIsRefusedNamingTheFieldAndNothingIsStored(string json, string field)
    {
        var patient = await fixture.MonitoredPatientAsync();
        var admin = await fixture.AdminAsync();

        foreach (var path in new[] { $"/api/clinics/{patient.ClinicId}/thresholds", $"/api/patients/{patient.PatientId}/thresholds" })
        {
            using var response = await admin.PutRawAsync(path, json);
            await response.AssertValidationProblemAsync(field);
        }

        Assert.Equal(System.Text.Json.JsonValueKind.Null,
            (await admin.GetJsonAsync($"/api/patients/{patient.PatientId}/thresholds")).GetProperty("spo2LowBelow").ValueKind);
        Assert.Empty(await fixture.AuditAsync("patient_thresholds", patient.PatientId.ToString()));
    }

    [Fact]
    public async Task TheEscalationLadderIsValidatedAndDefaultsToOneStepAfterTwoMinutes()
    {
        var patient = await fixture.MonitoredPatientAsync();
        var admin = await fixture.AdminAsync();

        var ladder = await admin.GetJsonAsync($"/api/clinics/{patient.ClinicId}/escalation");
        var step = Assert.Single(ladder.GetProperty("steps").EnumerateArray());
        Assert.Equal((2, "supervisor", false), (step.GetProperty("afterMinutes").GetInt32(), step.GetProperty("notifyLevel").GetString(), ladder.GetProperty("custom").GetBoolean()));

        using (var bad = await admin.PutRawAsync($"/api/clinics/{patient.ClinicId}/escalation", """{"steps": [{"afterMinutes": -1, "notifyLevel": "Head Nurse"}]}"""))
        {
            await bad.AssertValidationProblemAsync("steps[0].afterMinutes");
        }

        using (var missing = await admin.PutRawAsync($"/api/clinics/{patient.ClinicId}/escalation", """{"steps": [{"afterMinutes": 5}]}"""))
        {
            await missing.AssertValidationProblemAsync("steps[0].notifyLevel");
        }

        using var good = await admin.PutRawAsync($"/api/clinics/{patient.ClinicId}/escalation", """{"steps": [{"afterMinutes": 4, "notifyLevel": "doctor_on_call"}]}""");
        var stored = await good.ReadJsonAsync();
        Assert.True(good.StatusCode == HttpStatusCode.OK, $"PUT answered {(int)good.StatusCode}: {stored}");
        Assert.True(stored.GetProperty("custom").GetBoolean());
        Assert.Equal(["thresholds.escalation_changed"], (await fixture.AuditAsync("clinic_escalation", patient.ClinicId.ToString())).Select(a => a.Action));
    }
}
