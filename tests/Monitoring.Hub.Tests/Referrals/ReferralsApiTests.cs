using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Monitoring.Domain.Alarms;
using Monitoring.Hub.FollowUps;
using Monitoring.Hub.Referrals.Stalling;
using Monitoring.Hub.Tests.FollowUps;
using Monitoring.Hub.Tests.Infrastructure;

namespace Monitoring.Hub.Tests.Referrals;

/// <summary>Referrals through the API against the real PostgreSQL, in fake time (issue 18, docs/referrals.md).</summary>
public sealed class ReferralsApiTests(FollowUpFixture hub) : IClassFixture<FollowUpFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task<(Guid Clinic, TestUser Nurse, Guid Patient)> PatientInTreatmentAsync(string tier = "green")
    {
        var clinic = await hub.CreateClinicAsync();
        var nurse = await hub.CreateNurseAsync(clinic);
        var patient = await hub.PatientAsync(clinic, tier);
        await hub.StartEpisodeAsync(patient);
        return (clinic, nurse, patient);
    }

    /// <summary>A high-priority alarm through the alarm engine's own path (as a reading or a sweep would raise it).</summary>
    private async Task<Guid> AlarmAsync(Guid patient, AlarmKind kind = AlarmKind.Spo2Low)
    {
        await hub.Factory.Services.GetRequiredService<IReminderAlarms>().RaiseAsync(patient, kind, "SpO2 91 %", hub.Now, Ct);
        return Assert.Single(await hub.AlarmsAsync(patient, AlarmWireNames.Of(kind))).GetProperty("id").GetGuid();
    }

    private static async Task GetProblemAsync(HttpClient client, string path, HttpStatusCode status)
    {
        using var response = await client.GetResponseAsync(path);
        await response.AssertProblemAsync(status);
    }

    private static async Task GetInvalidAsync(HttpClient client, string path, string field)
    {
        using var response = await client.GetResponseAsync(path);
        await response.AssertValidationProblemAsync(field);
    }

    private static object Body(Guid? alarmId = null, string transport = "ambulance_120", string level = "designated") =>
        new { reason = "SpO2 91 % at rest, dyspnoea", alarmId, destinationLevel = level, destination = "市第一人民医院", transport, note = "family informed" };

    private static async Task<JsonElement> CreateAsync(HttpClient client, Guid patient, object body)
    {
        using var response = await client.PostJsonAsync($"/api/patients/{patient}/referrals", body);
        var json = await response.ReadJsonAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"creating a referral answered {(int)response.StatusCode}: {json}");
        return json;
    }

    private static async Task<(HttpStatusCode Status, JsonElement Body)> StepAsync(HttpClient client, Guid referral, string state, DateTimeOffset? at = null)
    {
        using var response = await client.PostJsonAsync($"/api/referrals/{referral}/events", new { state, at, note = $"{state} noted" });
        return (response.StatusCode, await response.ReadJsonAsync());
    }

    [Fact]
    public async Task AReferralStartedFromAnAlarmIsLinkedOwnedSuggestedAndAudited()
    {
        var (clinic, nurse, patient) = await PatientInTreatmentAsync();
        var alarm = await AlarmAsync(patient);

        var suggestion = await nurse.Client.GetJsonAsync($"/api/patients/{patient}/referrals/suggestion?alarmId={alarm}");
        Assert.Equal("designated", suggestion.GetProperty("level").GetString());
        Assert.Contains("二(二)2(3)", suggestion.GetProperty("basis").GetString(), StringComparison.Ordinal);

        var referral = await CreateAsync(nurse.Client, patient, Body(alarm, level: "sub_designated"));
        var id = referral.GetProperty("id").GetGuid();
        Assert.Equal("requested", referral.GetProperty("state").GetString());
        Assert.Equal(nurse.Username, referral.GetProperty("ownerUsername").GetString());
        Assert.Equal(nurse.Id, referral.GetProperty("ownerId").GetGuid());
        Assert.Equal((alarm, "spo2_low"), (referral.GetProperty("alarmId").GetGuid(), referral.GetProperty("alarmKind").GetString()));
        // The clinician's choice is kept beside what the hub suggested.
        Assert.Equal(("sub_designated", "designated"), (referral.GetProperty("destinationLevel").GetString(), referral.GetProperty("suggestedLevel").GetString()));
        Assert.Equal(["transport_dispatched", "declined", "cancelled"], referral.GetProperty("nextStates").EnumerateArray().Select(s => s.GetString()));
        Assert.Equal(clinic, referral.GetProperty("clinicId").GetGuid());

        // The alarm shows its referral.
        var byAlarm = await nurse.Client.GetJsonAsync($"/api/referrals?alarmId={alarm}");
        Assert.Equal(id, Assert.Single(byAlarm.EnumerateArray()).GetProperty("id").GetGuid());

        var audit = Assert.Single(await hub.AuditAsync("referral", id.ToString()));
        Assert.Equal(("referral.requested", nurse.Username, clinic), (audit.Action, audit.ActorUsername, audit.ClinicId));
        Assert.Equal("requested", audit.After!.Value.GetProperty("state").GetString());
    }

    [Fact]
    public async Task StepsFollowTheOrderAndAdmissionEndsHomeTreatmentWithReasonReferred()
    {
        var (_, nurse, patient) = await PatientInTreatmentAsync();
        Assert.NotNull(await hub.OpenFollowUpAsync(patient));
        var id = (await CreateAsync(nurse.Client, patient, Body())).GetProperty("id").GetGuid();

        var (skipped, problem) = await StepAsync(nurse.Client, id, "departed");
        Assert.Equal(HttpStatusCode.Conflict, skipped);
        Assert.Contains("transport_dispatched", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);

        var requestedAt = hub.Now;
        var dispatchedAt = requestedAt.AddMinutes(5);
        hub.AdvanceTo(requestedAt.AddMinutes(40));
        Assert.Equal(HttpStatusCode.OK, (await StepAsync(nurse.Client, id, "transport_dispatched", dispatchedAt)).Status);
        Assert.Equal(HttpStatusCode.OK, (await StepAsync(nurse.Client, id, "departed")).Status);
        Assert.Equal(HttpStatusCode.OK, (await StepAsync(nurse.Client, id, "arrived")).Status);
        var (status, admitted) = await StepAsync(nurse.Client, id, "admitted");
        Assert.Equal(HttpStatusCode.OK, status);

        Assert.Equal("admitted", admitted.GetProperty("state").GetString());
        Assert.False(admitted.GetProperty("open").GetBoolean());
        Assert.Empty(admitted.GetProperty("nextStates").EnumerateArray());
        var events = admitted.GetProperty("events").EnumerateArray().ToList();
        Assert.Equal(["requested", "transport_dispatched", "departed", "arrived", "admitted"], events.Select(e => e.GetProperty("state").GetString()));
        Assert.All(events, e => Assert.Equal(nurse.Username, e.GetProperty("by").GetString()));
        // A step given its own time keeps it; the time it was recorded is kept beside it.
        Assert.Equal(dispatchedAt, events[1].GetProperty("at").GetDateTimeOffset());
        Assert.Equal(hub.Now, events[1].GetProperty("recordedAt").GetDateTimeOffset());

        var episode = (await nurse.Client.GetJsonAsync($"/api/patients/{patient}/episodes")).EnumerateArray().First();
        Assert.Equal("referred", episode.GetProperty("endReason").GetString());
        Assert.Null(await hub.OpenFollowUpAsync(patient));

        Assert.Equal(HttpStatusCode.Conflict, (await StepAsync(nurse.Client, id, "declined")).Status);
        var audit = await hub.AuditAsync("referral", id.ToString());
        Assert.Equal(["referral.requested", "referral.transport_dispatched", "referral.departed", "referral.arrived", "referral.admitted"],
            audit.Select(a => a.Action));
        Assert.All(audit, a => Assert.Equal(nurse.Username, a.ActorUsername));
        Assert.Equal("arrived", audit[^1].Before!.Value.GetProperty("state").GetString());
        Assert.Equal(1, await hub.CountAsync("SELECT count(*) FROM audit_log WHERE entity = 'episode' AND action = 'episode.ended' AND after->>'endReason' = 'referred' AND after->>'patientId' = @p", ("p", patient.ToString())));
    }

    [Fact]
    public async Task AnotherClinicSeesNoneOfItAndCannotChangeIt()
    {
        var (clinic, nurse, patient) = await PatientInTreatmentAsync();
        var alarm = await AlarmAsync(patient);
        var id = (await CreateAsync(nurse.Client, patient, Body(alarm))).GetProperty("id").GetGuid();
        var other = await hub.CreateDoctorAsync(await hub.CreateClinicAsync());

        await GetProblemAsync(other.Client, $"/api/referrals/{id}", HttpStatusCode.NotFound);
        using (var step = await other.Client.PostJsonAsync($"/api/referrals/{id}/events", new { state = "cancelled" }))
        {
            await step.AssertProblemAsync(HttpStatusCode.NotFound);
        }

        using (var create = await other.Client.PostJsonAsync($"/api/patients/{patient}/referrals", Body()))
        {
            await create.AssertProblemAsync(HttpStatusCode.NotFound);
        }

        await GetProblemAsync(other.Client, $"/api/patients/{patient}/referrals/suggestion", HttpStatusCode.NotFound);
        Assert.Empty((await other.Client.GetJsonAsync("/api/referrals")).EnumerateArray());
        Assert.Empty((await other.Client.GetJsonAsync($"/api/referrals?clinicId={clinic}&alarmId={alarm}")).EnumerateArray());

        Assert.Equal("requested", (await nurse.Client.GetJsonAsync($"/api/referrals/{id}")).GetProperty("state").GetString());
        Assert.Single(await hub.AuditAsync("referral", id.ToString()));
        Assert.Contains((await (await hub.AdminAsync()).GetJsonAsync($"/api/referrals?clinicId={clinic}")).EnumerateArray(), r => r.GetProperty("id").GetGuid() == id);
    }

    [Fact]
    public async Task BadInputIsRefusedNamingTheFieldAndStoresNothing()
    {
        var (_, nurse, patient) = await PatientInTreatmentAsync();
        var (_, _, otherPatient) = await PatientInTreatmentAsync();
        var othersAlarm = await AlarmAsync(otherPatient);

        using (var empty = await nurse.Client.PostJsonAsync($"/api/patients/{patient}/referrals", new { }))
        {
            var errors = (await empty.AssertProblemAsync(HttpStatusCode.BadRequest)).GetProperty("errors");
            Assert.All(["reason", "destinationLevel", "destination", "transport"], f => Assert.True(errors.TryGetProperty(f, out _), $"{f}: {errors}"));
        }

        using (var wrongLevel = await nurse.Client.PostRawAsync($"/api/patients/{patient}/referrals",
                   """{"reason":"x","destinationLevel":"icu","destination":"y","transport":"self"}"""))
        {
            await wrongLevel.AssertValidationProblemAsync("destinationLevel");
        }

        using (var foreignAlarm = await nurse.Client.PostJsonAsync($"/api/patients/{patient}/referrals", Body(othersAlarm)))
        {
            await foreignAlarm.AssertValidationProblemAsync("alarmId");
        }

        Assert.Equal(0, await hub.CountAsync("SELECT count(*) FROM referrals WHERE patient_id = @p", ("p", patient)));

        var id = (await CreateAsync(nurse.Client, patient, Body(transport: "self"))).GetProperty("id").GetGuid();
        using (var second = await nurse.Client.PostJsonAsync($"/api/patients/{patient}/referrals", Body()))
        {
            await second.AssertProblemAsync(HttpStatusCode.Conflict);
        }

        using (var early = await nurse.Client.PostJsonAsync($"/api/referrals/{id}/events", new { state = "departed", at = hub.Now.AddHours(-1) }))
        {
            await early.AssertValidationProblemAsync("at");
        }

        using (var future = await nurse.Client.PostJsonAsync($"/api/referrals/{id}/events", new { state = "departed", at = hub.Now.AddHours(1) }))
        {
            await future.AssertValidationProblemAsync("at");
        }

        using (var unknown = await nurse.Client.PostRawAsync($"/api/referrals/{id}/events", """{"state":"teleported"}"""))
        {
            await unknown.AssertValidationProblemAsync("state");
        }

        using (var restart = await nurse.Client.PostJsonAsync($"/api/referrals/{id}/events", new { state = "requested" }))
        {
            await restart.AssertValidationProblemAsync("state");
        }

        await GetInvalidAsync(nurse.Client, "/api/referrals?state=pending", "state");
        await GetInvalidAsync(nurse.Client, "/api/referrals?pageSize=501", "pageSize");
        await GetInvalidAsync(nurse.Client, "/api/referrals?sort=destination", "sort");

        Assert.Equal(1, await hub.CountAsync("SELECT count(*) FROM referral_events WHERE referral_id = @r", ("r", id)));
        Assert.Equal(1, await hub.CountAsync("SELECT count(*) FROM referrals WHERE patient_id = @p", ("p", patient)));
    }

    [Fact]
    public async Task AReferralHeldTooLongInOneStateRaisesReferralStalledOncePerStateUntilItMovesOn()
    {
        var (_, nurse, patient) = await PatientInTreatmentAsync();
        var id = (await CreateAsync(nurse.Client, patient, Body())).GetProperty("id").GetGuid();
        var sweep = hub.Factory.Services.GetRequiredService<ReferralStalledSweep>();

        // Other tests' referrals share the database: count this patient's alarms, not the sweep's.
        hub.AdvanceTo(hub.Now.AddMinutes(29));
        await sweep.SweepAsync(hub.Now, Ct);
        Assert.Equal(0, await hub.AlarmCountAsync(patient, "referral_stalled"));
        hub.AdvanceTo(hub.Now.AddMinutes(2));
        Assert.True(await sweep.SweepAsync(hub.Now, Ct) >= 1);
        var stalled = Assert.Single(await hub.AlarmsAsync(patient, "referral_stalled"));
        Assert.Equal(("active", "medium"), (stalled.GetProperty("state").GetString(), stalled.GetProperty("priority").GetString()));
        Assert.Contains(id.ToString(), stalled.GetProperty("detail").GetString(), StringComparison.Ordinal);
        await sweep.SweepAsync(hub.Now, Ct);
        Assert.Equal(1, await hub.AlarmCountAsync(patient, "referral_stalled"));

        // The step resolves the alarm at once; the next state stalls on its own limit (60 min).
        Assert.Equal(HttpStatusCode.OK, (await StepAsync(nurse.Client, id, "transport_dispatched")).Status);
        var resolved = Assert.Single(await hub.AlarmsAsync(patient, "referral_stalled"));
        Assert.Equal(("resolved", "system"), (resolved.GetProperty("state").GetString(), resolved.GetProperty("resolvedBy").GetString()));
        hub.AdvanceTo(hub.Now.AddMinutes(59));
        await sweep.SweepAsync(hub.Now, Ct);
        Assert.Equal(1, await hub.AlarmCountAsync(patient, "referral_stalled"));
        hub.AdvanceTo(hub.Now.AddMinutes(2));
        await sweep.SweepAsync(hub.Now, Ct);
        Assert.Equal(2, await hub.AlarmCountAsync(patient, "referral_stalled"));
        Assert.Equal([$"{id}/requested", $"{id}/transport_dispatched"], await hub.RemindersAsync(patient, "referral_stalled"));

        // Closing it withdraws the alarm even without the step's own resolution (the sweep catches it).
        Assert.Equal(HttpStatusCode.OK, (await StepAsync(nurse.Client, id, "cancelled")).Status);
        await sweep.SweepAsync(hub.Now, Ct);
        Assert.DoesNotContain(await hub.AlarmsAsync(patient, "referral_stalled"), a => a.GetProperty("state").GetString() != "resolved");
    }

    [Fact]
    public async Task TheListFiltersOpenAndClosedAndPagesWhenAskedTo()
    {
        var clinic = await hub.CreateClinicAsync();
        var nurse = await hub.CreateNurseAsync(clinic);
        var ids = new List<Guid>();
        for (var i = 0; i < 3; i++)
        {
            var patient = await hub.PatientAsync(clinic);
            ids.Add((await CreateAsync(nurse.Client, patient, Body(transport: "self"))).GetProperty("id").GetGuid());
            hub.AdvanceTo(hub.Now.AddSeconds(1));
        }

        Assert.Equal(HttpStatusCode.OK, (await StepAsync(nurse.Client, ids[0], "cancelled")).Status);

        var all = await nurse.Client.GetJsonAsync($"/api/referrals?clinicId={clinic}");
        Assert.Equal([ids[2], ids[1], ids[0]], all.EnumerateArray().Select(r => r.GetProperty("id").GetGuid()));
        var open = await nurse.Client.GetJsonAsync($"/api/referrals?clinicId={clinic}&state=open");
        Assert.Equal([ids[2], ids[1]], open.EnumerateArray().Select(r => r.GetProperty("id").GetGuid()));
        var closed = await nurse.Client.GetJsonAsync($"/api/referrals?clinicId={clinic}&state=closed");
        Assert.Equal([ids[0]], closed.EnumerateArray().Select(r => r.GetProperty("id").GetGuid()));

        var page = await nurse.Client.GetJsonAsync($"/api/referrals?clinicId={clinic}&page=2&pageSize=2&sort=requestedAt&order=asc");
        Assert.Equal((3, 2, 2), (page.GetProperty("total").GetInt32(), page.GetProperty("page").GetInt32(), page.GetProperty("pageSize").GetInt32()));
        Assert.Equal([ids[2]], page.GetProperty("items").EnumerateArray().Select(r => r.GetProperty("id").GetGuid()));
        var firstPage = await nurse.Client.GetJsonAsync($"/api/referrals?clinicId={clinic}&pageSize=2");
        Assert.Equal((3, 1), (firstPage.GetProperty("total").GetInt32(), firstPage.GetProperty("page").GetInt32()));
        Assert.Equal([ids[2], ids[1]], firstPage.GetProperty("items").EnumerateArray().Select(r => r.GetProperty("id").GetGuid()));
    }
}
