using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Monitoring.Domain.Alarms;
using Monitoring.Hub.FollowUps;
using Monitoring.Hub.Tests.FollowUps;
using Monitoring.Hub.Tests.Infrastructure;
using Monitoring.Hub.Tests.Realtime;

namespace Monitoring.Hub.Tests.Referrals;

/// <summary>
/// "Starting one from an alarm links them; the alarm shows it" (issue 18): the alarm's JSON in the API
/// and on the clinic's SignalR connections carries its referral, kept current step by step; another
/// clinic neither reads it nor receives it. Real PostgreSQL, fake time.
/// </summary>
public sealed class AlarmReferralTests(FollowUpFixture hub) : IClassFixture<FollowUpFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static bool IsAlarm(JsonElement payload, Guid alarmId) =>
        payload.ValueKind == JsonValueKind.Object && payload.TryGetProperty("id", out var id) && id.GetGuid() == alarmId;

    private static bool IsFor(JsonElement payload, Guid patientId) =>
        payload.ValueKind == JsonValueKind.Object && payload.TryGetProperty("patientId", out var id) && id.GetGuid() == patientId;

    private static string? ReferralState(JsonElement alarm) =>
        alarm.GetProperty("referral") is { ValueKind: JsonValueKind.Object } referral ? referral.GetProperty("state").GetString() : null;

    private async Task<(TestUser Nurse, Guid Patient, Guid Alarm)> AlarmedPatientAsync(Guid clinic)
    {
        var nurse = await hub.CreateNurseAsync(clinic);
        var patient = await hub.PatientAsync(clinic);
        await hub.StartEpisodeAsync(patient);
        await hub.Factory.Services.GetRequiredService<IReminderAlarms>().RaiseAsync(patient, AlarmKind.Spo2Low, "SpO2 91 %", hub.Now, Ct);
        var alarm = Assert.Single(await hub.AlarmsAsync(patient, "spo2_low")).GetProperty("id").GetGuid();
        return (nurse, patient, alarm);
    }

    private static async Task<JsonElement> CreateAsync(HttpClient client, Guid patient, Guid alarm, string transport)
    {
        using var response = await client.PostJsonAsync($"/api/patients/{patient}/referrals",
            new { reason = "SpO2 91 % at rest", alarmId = alarm, destinationLevel = "designated", destination = "市第一人民医院", transport });
        var json = await response.ReadJsonAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"creating a referral answered {(int)response.StatusCode}: {json}");
        return json;
    }

    private static async Task StepAsync(HttpClient client, Guid referral, string state)
    {
        using var response = await client.PostJsonAsync($"/api/referrals/{referral}/events", new { state });
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{state} answered {(int)response.StatusCode}: {await response.ReadJsonAsync()}");
    }

    [Fact]
    public async Task TheAlarmShowsItsReferralInTheApiAndOnItsClinicsWallStepByStepAndNowhereElse()
    {
        var clinicA = await hub.CreateClinicAsync();
        var clinicB = await hub.CreateClinicAsync();
        var (nurseA, patientA, alarm) = await AlarmedPatientAsync(clinicA);
        var nurseB = await hub.CreateNurseAsync(clinicB);
        var patientB = await hub.PatientAsync(clinicB);
        await hub.StartEpisodeAsync(patientB);
        await using var wallA = await SignalRTestClient.ConnectAsync(hub.Factory, RealtimeFixture.TokenOf(nurseA.Client), nurseA.Username);
        await using var wallB = await SignalRTestClient.ConnectAsync(hub.Factory, RealtimeFixture.TokenOf(nurseB.Client), nurseB.Username);
        await using var admin = await SignalRTestClient.ConnectAsync(hub.Factory, RealtimeFixture.TokenOf(await hub.AdminAsync()), "admin");
        foreach (var wall in new[] { wallA, wallB, admin })
        {
            await wall.WaitForAsync("snapshot");
        }

        Assert.Equal(JsonValueKind.Null, (await nurseA.Client.GetJsonAsync($"/api/alarms/{alarm}")).GetProperty("referral").ValueKind);

        var created = await CreateAsync(nurseA.Client, patientA, alarm, "self");
        var referral = created.GetProperty("id").GetGuid();
        var requested = await wallA.WaitForAsync("alarmChanged", a => IsAlarm(a, alarm) && ReferralState(a) == "requested");
        Assert.Equal((referral, "designated", true), (requested.GetProperty("referral").GetProperty("id").GetGuid(),
            requested.GetProperty("referral").GetProperty("destinationLevel").GetString(), requested.GetProperty("referral").GetProperty("open").GetBoolean()));
        Assert.Equal("active", requested.GetProperty("state").GetString());
        await admin.WaitForAsync("alarmChanged", a => IsAlarm(a, alarm) && ReferralState(a) == "requested");

        await StepAsync(nurseA.Client, referral, "departed");
        await wallA.WaitForAsync("alarmChanged", a => IsAlarm(a, alarm) && ReferralState(a) == "departed");
        Assert.Equal("departed", ReferralState(await nurseA.Client.GetJsonAsync($"/api/alarms/{alarm}")));
        var listed = await nurseA.Client.GetJsonAsync($"/api/alarms?state=open&patientId={patientA}");
        Assert.Equal("departed", ReferralState(Assert.Single(listed.EnumerateArray())));

        // A change the alarm engine makes afterwards (here an acknowledgement) keeps showing the referral.
        using (var acknowledged = await nurseA.Client.PostJsonAsync($"/api/alarms/{alarm}/acknowledge", new { note = "转诊中" }))
        {
            var body = await acknowledged.ReadJsonAsync();
            Assert.Equal(HttpStatusCode.OK, acknowledged.StatusCode);
            Assert.Equal("departed", ReferralState(body));
        }

        var changed = await wallA.WaitForAsync("alarmChanged", a => IsAlarm(a, alarm) && a.GetProperty("state").GetString() == "acknowledged");
        Assert.Equal("departed", ReferralState(changed));

        // A wall that connects later gets it in its snapshot, and on demand.
        await using (var later = await SignalRTestClient.ConnectAsync(hub.Factory, RealtimeFixture.TokenOf(nurseA.Client), nurseA.Username))
        {
            var snapshot = await later.WaitForAsync("snapshot");
            Assert.Equal("departed", ReferralState(snapshot.GetProperty("alarms").EnumerateArray().Single(a => IsAlarm(a, alarm))));
            var invoked = await later.InvokeAsync("GetSnapshot");
            Assert.Equal("departed", ReferralState(invoked.GetProperty("alarms").EnumerateArray().Single(a => IsAlarm(a, alarm))));
        }

        // Clinic B: the alarm and the referral are not found, and no event about them reached B's wall. B's own alarm,
        // raised after A's events, is the barrier: a connection receives events in the order they were sent.
        using (var read = await nurseB.Client.GetResponseAsync($"/api/alarms/{alarm}"))
        {
            await read.AssertProblemAsync(HttpStatusCode.NotFound);
        }

        using (var step = await nurseB.Client.PostJsonAsync($"/api/referrals/{referral}/events", new { state = "arrived" }))
        {
            await step.AssertProblemAsync(HttpStatusCode.NotFound);
        }

        await hub.Factory.Services.GetRequiredService<IReminderAlarms>().RaiseAsync(patientB, AlarmKind.Spo2Low, "SpO2 90 %", hub.Now, Ct);
        await wallB.WaitForAsync("alarmRaised", a => IsFor(a, patientB));
        Assert.DoesNotContain(wallB.Events, e => IsFor(e.Argument, patientA));
        Assert.Equal("departed", ReferralState(await nurseA.Client.GetJsonAsync($"/api/alarms/{alarm}")));
    }

    [Fact]
    public async Task AnAlarmShowsTheNewestReferralStartedFromItAndAnAlarmWithoutOneShowsNull()
    {
        var clinic = await hub.CreateClinicAsync();
        var (nurse, patient, alarm) = await AlarmedPatientAsync(clinic);
        await hub.Factory.Services.GetRequiredService<IReminderAlarms>().RaiseAsync(patient, AlarmKind.Fever, "38.9 °C", hub.Now, Ct);
        var fever = Assert.Single(await hub.AlarmsAsync(patient, "fever")).GetProperty("id").GetGuid();
        await using var wall = await SignalRTestClient.ConnectAsync(hub.Factory, RealtimeFixture.TokenOf(nurse.Client), nurse.Username);
        await wall.WaitForAsync("snapshot");

        var first = (await CreateAsync(nurse.Client, patient, alarm, "ambulance_120")).GetProperty("id").GetGuid();
        await StepAsync(nurse.Client, first, "cancelled");
        var cancelled = await wall.WaitForAsync("alarmChanged", a => IsAlarm(a, alarm) && ReferralState(a) == "cancelled");
        Assert.False(cancelled.GetProperty("referral").GetProperty("open").GetBoolean());

        var second = (await CreateAsync(nurse.Client, patient, alarm, "grid_vehicle")).GetProperty("id").GetGuid();
        await wall.WaitForAsync("alarmChanged", a => IsAlarm(a, alarm) && ReferralState(a) == "requested"
            && a.GetProperty("referral").GetProperty("id").GetGuid() == second);

        var alarms = (await nurse.Client.GetJsonAsync($"/api/alarms?patientId={patient}")).EnumerateArray().ToDictionary(a => a.GetProperty("id").GetGuid());
        Assert.Equal((second, "requested"), (alarms[alarm].GetProperty("referral").GetProperty("id").GetGuid(), ReferralState(alarms[alarm])));
        Assert.Equal(JsonValueKind.Null, alarms[fever].GetProperty("referral").ValueKind);
        Assert.DoesNotContain(wall.Events, e => e.Target == "alarmChanged" && IsAlarm(e.Argument, fever));
    }
}
