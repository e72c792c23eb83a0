using System.Net;
using System.Text.Json;
using Monitoring.Hub.Tests.Infrastructure;
using Monitoring.Hub.Tests.Ingestion;

namespace Monitoring.Hub.Tests.Realtime;

/// <summary>
/// From a device to the alarm wall, with real Mosquitto, PostgreSQL and InfluxDB: a desaturation
/// published with <c>mosquitto_pub</c> becomes an alarm in the API and an <c>alarmRaised</c> on every
/// connection of the patient's clinic (and the administrators'), never on another clinic's; an
/// acknowledgement reaches every connection of the clinic as <c>alarmChanged</c>.
/// </summary>
[Collection(IngestionCollection.Name)]
public sealed class AlarmHubTests(RealtimeFixture fixture) : IClassFixture<RealtimeFixture>
{
    private static bool IsFor(JsonElement payload, Guid patientId) =>
        payload.ValueKind == JsonValueKind.Object && payload.TryGetProperty("patientId", out var id) && id.GetGuid() == patientId;

    [Fact]
    public async Task ADesaturationReachesTheApiAndTheClinicsConnectionsOnlyAndItsAcknowledgementReachesThemAll()
    {
        var clinicA = await fixture.CreateClinicAsync();
        var clinicB = await fixture.CreateClinicAsync();
        var deviceA = await fixture.MonitoredDeviceAsync(clinicA);
        var deviceB = await fixture.MonitoredDeviceAsync(clinicB);
        var nurseA1 = await fixture.CreateNurseAsync(clinicA);
        var clinicianA2 = await fixture.CreateDoctorAsync(clinicA);
        var nurseB = await fixture.CreateNurseAsync(clinicB);
        await using var a1 = await fixture.ConnectAsync(nurseA1);
        await using var a2 = await fixture.ConnectAsync(clinicianA2);
        await using var b = await fixture.ConnectAsync(nurseB);
        await using var admin = await SignalRTestClient.ConnectAsync(fixture.Factory, RealtimeFixture.TokenOf(await fixture.AdminAsync()), "admin");
        foreach (var connection in new[] { a1, a2, b, admin })
        {
            await connection.WaitForAsync("snapshot");
            Assert.Equal("snapshot", connection.Events[0].Target);
        }

        await fixture.PublishAsync(deviceA, RealtimeFixture.Senml(deviceA.Id, ("spo2", 91), ("spo2", 90)));

        var raised = await a1.WaitForAsync("alarmRaised", a => IsFor(a, deviceA.PatientId));
        var alarmId = raised.GetProperty("id").GetGuid();
        Assert.Equal(("spo2_low", "high", "active", clinicA), (raised.GetProperty("kind").GetString(), raised.GetProperty("priority").GetString(),
            raised.GetProperty("state").GetString(), raised.GetProperty("clinicId").GetGuid()));
        Assert.Equal(90, raised.GetProperty("value").GetDouble());
        Assert.Equal(alarmId, (await a2.WaitForAsync("alarmRaised", a => IsFor(a, deviceA.PatientId))).GetProperty("id").GetGuid());
        Assert.Equal(alarmId, (await admin.WaitForAsync("alarmRaised", a => IsFor(a, deviceA.PatientId))).GetProperty("id").GetGuid());
        var listed = await nurseA1.Client.GetJsonAsync($"/api/alarms?state=open&patientId={deviceA.PatientId}");
        Assert.Equal(alarmId, Assert.Single(listed.EnumerateArray()).GetProperty("id").GetGuid());

        // Clinic B's own desaturation, published after A's: B's connection receives events in the
        // order they were sent, so once it has its own alarm, anything of A's sent to it would be there.
        await fixture.PublishAsync(deviceB, RealtimeFixture.Senml(deviceB.Id, ("spo2", 88), ("spo2", 87)));
        await b.WaitForAsync("alarmRaised", a => IsFor(a, deviceB.PatientId));
        await admin.WaitForAsync("alarmRaised", a => IsFor(a, deviceB.PatientId));
        Assert.DoesNotContain(b.Events, e => IsFor(e.Argument, deviceA.PatientId));

        using var ack = await nurseA1.Client.PostJsonAsync($"/api/alarms/{alarmId}/acknowledge", new { note = "on the phone with the patient" });
        Assert.Equal(HttpStatusCode.OK, ack.StatusCode);
        foreach (var connection in new[] { a1, a2, admin })
        {
            var changed = await connection.WaitForAsync("alarmChanged", a => a.GetProperty("id").GetGuid() == alarmId
                && a.GetProperty("state").GetString() == "acknowledged");
            Assert.Equal(nurseA1.Username, changed.GetProperty("acknowledgedBy").GetString());
        }

        Assert.DoesNotContain(a1.Events, e => IsFor(e.Argument, deviceB.PatientId));
        Assert.DoesNotContain(a2.Events, e => IsFor(e.Argument, deviceB.PatientId));
    }

    [Fact]
    public async Task TheSnapshotComesFirstWithTheClinicsOpenAlarmsAndLatestVitals()
    {
        var clinic = await fixture.CreateClinicAsync();
        var device = await fixture.MonitoredDeviceAsync(clinic);
        var nurse = await fixture.CreateNurseAsync(clinic);
        await using (var first = await fixture.ConnectAsync(nurse))
        {
            await fixture.PublishAsync(device, RealtimeFixture.Senml(device.Id, ("spo2", 92), ("pr", 101), ("spo2", 91.5)));
            await first.WaitForAsync("alarmRaised", a => IsFor(a, device.PatientId));
            await first.WaitForAsync("vitals", v => IsFor(v, device.PatientId) && v.TryGetProperty("spo2", out var s) && s.GetDouble() == 91.5);
        }

        await using var later = await fixture.ConnectAsync(nurse);

        var snapshot = await later.WaitForAsync("snapshot");
        Assert.Equal("snapshot", later.Events[0].Target);
        var alarm = Assert.Single(snapshot.GetProperty("alarms").EnumerateArray());
        Assert.Equal((device.PatientId, "spo2_low"), (alarm.GetProperty("patientId").GetGuid(), alarm.GetProperty("kind").GetString()));
        // The samples sent in the last minutes (here the one of the message), for the wall's sparklines.
        var vitals = snapshot.GetProperty("vitals").EnumerateArray().ToList();
        Assert.NotEmpty(vitals);
        Assert.All(vitals, v => Assert.Equal(device.PatientId, v.GetProperty("patientId").GetGuid()));
        Assert.Contains(vitals, v => v.TryGetProperty("spo2", out var spo2) && spo2.GetDouble() == 91.5);
        Assert.Contains(vitals, v => v.TryGetProperty("pr", out var pr) && pr.GetDouble() == 101);

        var invoked = await later.InvokeAsync("GetSnapshot");
        Assert.Equal(alarm.GetProperty("id").GetGuid(), Assert.Single(invoked.GetProperty("alarms").EnumerateArray()).GetProperty("id").GetGuid());
    }

    [Fact]
    public async Task VitalsArePushedWithTheLatestValuesOfEachPatient()
    {
        var clinic = await fixture.CreateClinicAsync();
        var device = await fixture.MonitoredDeviceAsync(clinic);
        var nurse = await fixture.CreateNurseAsync(clinic);
        await using var connection = await fixture.ConnectAsync(nurse);
        await connection.WaitForAsync("snapshot");

        await fixture.PublishAsync(device, RealtimeFixture.Senml(device.Id, ("spo2", 98), ("pr", 72), ("temp", 36.8)));
        await fixture.PublishAsync(device, RealtimeFixture.Senml(device.Id, ("spo2", 97), ("bat", 64)));

        // Coalesced per patient (at most about one event a second): whatever the grouping, the newest values arrive.
        await connection.WaitForAsync("vitals", v => IsFor(v, device.PatientId) && v.TryGetProperty("spo2", out var s) && s.GetDouble() == 97);
        var vitals = connection.Events.Where(e => e.Target == "vitals" && IsFor(e.Argument, device.PatientId)).Select(e => e.Argument).ToList();
        Assert.Contains(vitals, v => v.TryGetProperty("bat", out var bat) && bat.GetDouble() == 64);
        Assert.Contains(vitals, v => v.TryGetProperty("temp", out var temp) && temp.GetDouble() == 36.8);
        Assert.All(vitals, v => Assert.True(v.TryGetProperty("t", out _), $"no t in {v}"));
        Assert.DoesNotContain(connection.Events, e => e.Target == "alarmRaised");
    }

    [Fact]
    public async Task AConnectionWithoutAValidTokenIsRefused()
    {
        var refused = await Assert.ThrowsAnyAsync<Exception>(() => SignalRTestClient.ConnectAsync(fixture.Factory, "not-a-token", "anonymous"));
        Assert.Contains("401", refused.Message, StringComparison.Ordinal);
    }
}
