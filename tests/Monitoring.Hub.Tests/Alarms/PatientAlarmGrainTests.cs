using Monitoring.Hub.Tests.Infrastructure;

namespace Monitoring.Hub.Tests.Alarms;

/// <summary>
/// The alarm engine as one grain per patient: every patient is evaluated by its own grain, commands
/// find the alarm's patient's grain, and what crosses patients (a message with two patients'
/// readings, a device handed from one patient to another) reaches the right one.
/// </summary>
public sealed class PatientAlarmGrainTests(AlarmFixture fixture) : IClassFixture<AlarmFixture>
{
    [Fact]
    public async Task SeveralPatientsRaiseTheirOwnAlarmAndNurseCommandsReachEachGrain()
    {
        var clinic = await fixture.CreateClinicAsync();
        var nurse = await fixture.CreateNurseAsync(clinic);
        var patients = new List<MonitoredPatient>();
        for (var i = 0; i < 3; i++)
        {
            patients.Add(await fixture.MonitoredPatientAsync(clinic));
        }

        foreach (var patient in patients)
        {
            await fixture.DesaturateAsync(patient);
        }

        foreach (var patient in patients)
        {
            var id = (await fixture.SingleAlarmAsync(patient.PatientId, "spo2_low")).GetProperty("id").GetGuid();
            using var acknowledged = await nurse.Client.PostJsonAsync($"/api/alarms/{id}/acknowledge", new { note = "called the patient" });
            Assert.Equal(System.Net.HttpStatusCode.OK, acknowledged.StatusCode);
            using var resolved = await nurse.Client.PostJsonAsync($"/api/alarms/{id}/resolve", new { note = "SpO2 back to 97 % at rest" });
            Assert.Equal(System.Net.HttpStatusCode.OK, resolved.StatusCode);
            Assert.Equal(["alarm.opened", "alarm.acknowledged", "alarm.resolved"], await fixture.AuditActionsAsync(id));
        }
    }

    [Fact]
    public async Task OneMessageWithTwoPatientsReadingsIsEvaluatedByEachPatientsGrain()
    {
        // A device's stored backlog that spans a hand-over: the first patient's readings, then the second's.
        var first = await fixture.MonitoredPatientAsync();
        var second = await fixture.MonitoredPatientAsync();
        var now = fixture.Now;
        var device = first.DeviceId;
        await fixture.SendAsync(
        [
            AlarmFixture.Reading(first, "spo2", 91, now.AddSeconds(-4), now),
            AlarmFixture.Reading(first, "spo2", 90, now.AddSeconds(-3), now),
            AlarmFixture.Reading(second with { DeviceId = device }, "spo2", 89, now.AddSeconds(-2), now),
            AlarmFixture.Reading(second with { DeviceId = device }, "spo2", 88, now.AddSeconds(-1), now),
        ]);

        Assert.Equal(90, (await fixture.SingleAlarmAsync(first.PatientId, "spo2_low")).GetProperty("worstValue").GetDouble());
        Assert.Equal(88, (await fixture.SingleAlarmAsync(second.PatientId, "spo2_low")).GetProperty("worstValue").GetDouble());
    }

    [Fact]
    public async Task ADeviceHandedToAnotherPatientFallsSilentForTheNewPatientOnly()
    {
        var before = await fixture.MonitoredPatientAsync();
        var after = await fixture.MonitoredPatientAsync(before.ClinicId);
        var seed = new RegistrySeed(await fixture.AdminAsync());
        var (deviceId, _) = await seed.RegisterDeviceAsync(before.ClinicId);
        await seed.AssignAsync(deviceId, before.PatientId);
        await fixture.SendAsync(before with { DeviceId = deviceId }, ("spo2", 97, TimeSpan.Zero));

        await seed.UnassignAsync(deviceId);
        await seed.AssignAsync(deviceId, after.PatientId);
        await fixture.SendAsync(after with { DeviceId = deviceId }, ("spo2", 96, TimeSpan.Zero));
        // Past the default 15 minutes of silence, and past the watch sweep that tells the first
        // patient's grain the device is no longer its patient's.
        await fixture.TickAfterAsync(TimeSpan.FromMinutes(16));
        await fixture.TickAfterAsync(TimeSpan.FromMinutes(1));

        Assert.DoesNotContain(await fixture.AlarmsAsync(before.PatientId), a => a.GetProperty("kind").GetString() == "device_silent");
        Assert.Equal(deviceId, (await fixture.SingleAlarmAsync(after.PatientId, "device_silent")).GetProperty("detail").GetString());
    }
}
