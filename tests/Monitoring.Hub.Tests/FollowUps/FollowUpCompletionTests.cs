using System.Net;
using Monitoring.Hub.Tests.Infrastructure;

namespace Monitoring.Hub.Tests.FollowUps;

// Its own class, so its own database: the overdue sweep counts every clinic's follow-ups, and a
// neighbour test's open follow-up would otherwise change the totals depending on test order.
public sealed class FollowUpCompletionTests(FollowUpFixture hub) : IClassFixture<FollowUpFixture>
{
    [Fact]
    public async Task CompletingIsValidatedAuditedAndLimitedToTheClinic()
    {
        var clinic = await hub.CreateClinicAsync();
        var other = await hub.CreateClinicAsync();
        var patient = await hub.PatientAsync(clinic);
        await hub.StartEpisodeAsync(patient);
        var id = (await hub.OpenFollowUpAsync(patient))!.Value.GetProperty("id").GetGuid();
        var nurse = await hub.CreateNurseAsync(clinic);
        var stranger = await hub.CreateNurseAsync(other);

        using (var bad = await nurse.Client.PostJsonAsync($"/api/followups/{id}/complete", new { channel = "fax", outcome = "x" }))
        {
            Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        }

        using (var missing = await nurse.Client.PostJsonAsync($"/api/followups/{id}/complete", new { channel = "phone" }))
        {
            Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
            Assert.True((await missing.ReadJsonAsync()).GetProperty("errors").TryGetProperty("outcome", out _));
        }

        using (var hidden = await stranger.Client.PostJsonAsync($"/api/followups/{id}/complete", new { channel = "phone", outcome = "ok" }))
        {
            Assert.Equal(HttpStatusCode.NotFound, hidden.StatusCode);
        }

        Assert.DoesNotContain((await stranger.Client.GetJsonAsync("/api/followups")).EnumerateArray(), f => f.GetProperty("id").GetGuid() == id);
        using (var ok = await nurse.Client.PostJsonAsync($"/api/followups/{id}/complete", new { channel = "visit", outcome = "improving", note = "home visit" }))
        {
            Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        }

        using (var again = await nurse.Client.PostJsonAsync($"/api/followups/{id}/complete", new { channel = "visit", outcome = "improving" }))
        {
            Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        }

        var audit = Assert.Single(await hub.AuditAsync("followup", id.ToString()));
        Assert.Equal("followup.completed", audit.Action);
        Assert.Equal(nurse.Username, audit.ActorUsername);
        Assert.Equal("visit", audit.After!.Value.GetProperty("channel").GetString());
        var done = await nurse.Client.GetJsonAsync($"/api/followups?status=done&clinicId={clinic}");
        Assert.Contains(done.EnumerateArray(), f => f.GetProperty("id").GetGuid() == id);
        using (var badStatus = await nurse.Client.GetResponseAsync("/api/followups?status=late"))
        {
            Assert.Equal(HttpStatusCode.BadRequest, badStatus.StatusCode);
        }
    }
}
