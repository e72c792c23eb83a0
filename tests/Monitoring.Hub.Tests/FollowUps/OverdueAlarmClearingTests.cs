using System.Net;
using Monitoring.Hub.Tests.Infrastructure;
using Monitoring.Hub.Tests.Realtime;

namespace Monitoring.Hub.Tests.FollowUps;

/// <summary>A followup_overdue alarm is resolved by the system once there is no overdue follow-up any more.</summary>
public sealed class OverdueAlarmClearingTests(FollowUpFixture hub) : IClassFixture<FollowUpFixture>
{
    private async Task<(Guid Clinic, Guid Patient, Guid FollowUp, Guid Alarm)> OverdueAsync()
    {
        var clinic = await hub.CreateClinicAsync(timeZone: "Asia/Shanghai");
        var patient = await hub.PatientAsync(clinic, "yellow");
        await hub.StartEpisodeAsync(patient);
        var followUp = (await hub.OpenFollowUpAsync(patient))!.Value.GetProperty("id").GetGuid();
        var dueOn = hub.LocalToday(FollowUpFixture.Shanghai);
        hub.AdvanceTo(Monitoring.Domain.FollowUps.FollowUpPolicy.EndOfDay(dueOn, FollowUpFixture.Shanghai));
        Assert.True(await hub.SweepOverdueAsync() >= 1);
        var alarm = Assert.Single(await hub.AlarmsAsync(patient, "followup_overdue"));
        Assert.Equal("active", alarm.GetProperty("state").GetString());
        return (clinic, patient, followUp, alarm.GetProperty("id").GetGuid());
    }

    [Fact]
    public async Task CompletingAnOverdueFollowUpResolvesItsAlarmAsTheSystemAuditedAndPushed()
    {
        var (clinic, patient, followUp, alarmId) = await OverdueAsync();
        var nurse = await hub.CreateNurseAsync(clinic);
        await using var wall = await SignalRTestClient.ConnectAsync(hub.Factory, RealtimeFixture.TokenOf(nurse.Client), nurse.Username);
        var snapshot = await wall.WaitForAsync("snapshot");
        Assert.Contains(snapshot.GetProperty("alarms").EnumerateArray(), a => a.GetProperty("id").GetGuid() == alarmId);

        using (var done = await nurse.Client.PostJsonAsync($"/api/followups/{followUp}/complete", new { channel = "phone", outcome = "no warning signs" }))
        {
            Assert.Equal(HttpStatusCode.OK, done.StatusCode);
        }

        var alarm = Assert.Single(await hub.AlarmsAsync(patient, "followup_overdue"));
        Assert.Equal(alarmId, alarm.GetProperty("id").GetGuid());
        Assert.Equal("resolved", alarm.GetProperty("state").GetString());
        Assert.Equal("system", alarm.GetProperty("resolvedBy").GetString());
        Assert.Contains(nurse.Username, alarm.GetProperty("resolutionNote").GetString(), StringComparison.Ordinal);

        var audit = await hub.AuditAsync("alarm", alarmId.ToString());
        Assert.Equal(["alarm.opened", "alarm.resolved"], audit.Select(a => a.Action));
        Assert.Equal("system", audit[^1].ActorUsername);
        Assert.Null(audit[^1].ActorUserId);
        Assert.Equal("resolved", audit[^1].After!.Value.GetProperty("state").GetString());

        var pushed = await wall.WaitForAsync("alarmChanged", a => a.GetProperty("id").GetGuid() == alarmId);
        Assert.Equal("resolved", pushed.GetProperty("state").GetString());

        // The next follow-up is three days on: nothing overdue, nothing raised or resolved again.
        Assert.Equal(0, await hub.SweepOverdueAsync());
        Assert.Single(await hub.AlarmsAsync(patient, "followup_overdue"));
        Assert.Equal(2, (await hub.AuditAsync("alarm", alarmId.ToString())).Count);
    }

    [Fact]
    public async Task TheSweepResolvesAnOverdueAlarmWhoseFollowUpWasCancelledByTheEndOfHomeTreatment()
    {
        var (_, patient, _, alarmId) = await OverdueAsync();
        var (_, stillOverdue, _, stillOpen) = await OverdueAsync();

        // Ending home treatment cancels the follow-up in the registry's transaction; the alarm engine is
        // not part of it, so the overdue sweep withdraws the alarm, as it does for anything completion missed.
        await hub.EndEpisodeAsync(patient);
        Assert.Equal("active", Assert.Single(await hub.AlarmsAsync(patient, "followup_overdue")).GetProperty("state").GetString());
        Assert.Equal(0, await hub.SweepOverdueAsync());

        var resolved = Assert.Single(await hub.AlarmsAsync(patient, "followup_overdue"));
        Assert.Equal((alarmId, "resolved", "system"),
            (resolved.GetProperty("id").GetGuid(), resolved.GetProperty("state").GetString(), resolved.GetProperty("resolvedBy").GetString()));
        var other = Assert.Single(await hub.AlarmsAsync(stillOverdue, "followup_overdue"));
        Assert.Equal((stillOpen, "active"), (other.GetProperty("id").GetGuid(), other.GetProperty("state").GetString()));
    }
}
