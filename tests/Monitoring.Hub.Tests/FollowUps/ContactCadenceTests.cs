using Monitoring.Domain.FollowUps;
using Monitoring.Hub.Tests.Infrastructure;

namespace Monitoring.Hub.Tests.FollowUps;

/// <summary>004 §8: yellow at least 2, red at least 3 contacts per clinic-local ISO week.</summary>
public sealed class ContactCadenceTests(FollowUpFixture hub) : IClassFixture<FollowUpFixture>
{
    [Fact]
    public async Task ShanghaiWeekBoundaryDecidesWhichContactsCountAndOnlyTheShortPatientIsReminded()
    {
        var zone = FollowUpFixture.Shanghai;
        hub.AdvanceToNext(DayOfWeek.Monday, new TimeOnly(9, 0), zone);
        var clinic = await hub.CreateClinicAsync(timeZone: "Asia/Shanghai");
        var yellow = await hub.PatientAsync(clinic, "yellow");
        var red = await hub.PatientAsync(clinic, "red");
        var green = await hub.PatientAsync(clinic, "green");

        // Registered mid-week: the first week does not count against them.
        hub.AdvanceToNext(DayOfWeek.Monday, new TimeOnly(9, 0), zone);
        Assert.Equal(0, await hub.SweepCadenceAsync());
        var week = ClinicWeek.Containing(hub.Now, zone);

        await hub.ContactAsync(red, "phone");
        await hub.ContactAsync(red, "video");
        hub.AdvanceTo(week.End.AddMinutes(-30)); // Sunday 23:30 Shanghai (15:30 UTC)
        await hub.ContactAsync(red, "visit");
        await hub.ContactAsync(yellow, "wechat");

        // Before the week ends the worklist shows who is behind; no alarm yet.
        var worklist = await (await hub.AdminAsync()).GetJsonAsync($"/api/worklist?clinicId={clinic}");
        var entries = worklist.EnumerateArray().ToDictionary(e => e.GetProperty("patientId").GetGuid(), e => e.GetProperty("cadence"));
        Assert.Equal(1, entries[yellow].GetProperty("contacts").GetInt32());
        Assert.Equal(2, entries[yellow].GetProperty("required").GetInt32());
        Assert.True(entries[yellow].GetProperty("behind").GetBoolean());
        Assert.False(entries[red].GetProperty("behind").GetBoolean());
        Assert.False(entries.ContainsKey(green));
        Assert.Equal(red, worklist[0].GetProperty("patientId").GetGuid());
        Assert.Equal(0, await hub.SweepCadenceAsync());

        // Monday 00:10 Shanghai (Sunday 16:10 UTC): a contact now belongs to the next week.
        hub.AdvanceTo(week.End.AddMinutes(10));
        await hub.ContactAsync(yellow, "phone");
        Assert.Equal(1, await hub.SweepCadenceAsync());
        Assert.Equal(0, await hub.SweepCadenceAsync());
        Assert.Equal([week.Key], await hub.RemindersAsync(yellow, "contact_cadence_missed"));
        Assert.Equal(1, await hub.AlarmCountAsync(yellow, "contact_cadence_missed"));
        Assert.Equal(0, await hub.AlarmCountAsync(red, "contact_cadence_missed"));
        Assert.Equal(0, await hub.AlarmCountAsync(green, "contact_cadence_missed"));
    }
}
