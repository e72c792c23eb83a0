using System.Net;
using System.Text.Json;
using ClosedXML.Excel;
using Microsoft.Extensions.DependencyInjection;
using Monitoring.Domain.Alarms;
using Monitoring.Domain.FollowUps;
using Monitoring.Hub.FollowUps;
using Monitoring.Hub.Reports.Scheduling;
using Monitoring.Hub.Tests.FollowUps;
using Monitoring.Hub.Tests.Infrastructure;

namespace Monitoring.Hub.Tests.Reports;

/// <summary>
/// The daily status report (004 §19) in fake time across a clinic-local midnight, in two zones: its figures
/// equal counts the test computes itself from the rows in PostgreSQL, and the morning sweep keeps the
/// previous day's report once the clinic's 06:00 has come.
/// </summary>
public sealed class DailyReportTests(FollowUpFixture hub) : IClassFixture<FollowUpFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private void AdvanceToNextLocal(TimeOnly time, TimeZoneInfo zone)
    {
        var date = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(hub.Now, zone).DateTime);
        var next = ClinicWeek.LocalInstant(date, time, zone);
        hub.AdvanceTo(next > hub.Now ? next : ClinicWeek.LocalInstant(date.AddDays(1), time, zone));
    }

    private async Task<Guid> RaiseAndAcknowledgeAsync(TestUser nurse, Guid patient, AlarmKind kind, TimeSpan after)
    {
        await hub.Factory.Services.GetRequiredService<IReminderAlarms>().RaiseAsync(patient, kind, "test", hub.Now, Ct);
        var alarm = (await hub.AlarmsAsync(patient, AlarmWireNames.Of(kind)))[0].GetProperty("id").GetGuid();
        hub.AdvanceTo(hub.Now + after);
        using var ack = await nurse.Client.PostJsonAsync($"/api/alarms/{alarm}/acknowledge", new { });
        Assert.Equal(HttpStatusCode.OK, ack.StatusCode);
        return alarm;
    }

    private async Task StepAsync(TestUser nurse, Guid referral, string state)
    {
        using var response = await nurse.Client.PostJsonAsync($"/api/referrals/{referral}/events", new { state });
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{state}: {await response.ReadJsonAsync()}");
    }

    [Theory]
    [InlineData("Asia/Shanghai")]
    [InlineData("America/New_York")]
    public async Task TheReportsOfTwoDaysSplitAtTheClinicsMidnightAndEqualCountsFromTheDatabase(string timeZone)
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById(timeZone);
        var clinic = await hub.CreateClinicAsync(timeZone: timeZone);

        // Day D, 23:30 local: a yellow patient starts home treatment, an alarm is acknowledged after 10 minutes, a referral is requested.
        AdvanceToNextLocal(new TimeOnly(23, 30), zone);
        var day = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(hub.Now, zone).DateTime);
        var nurse = await hub.CreateNurseAsync(clinic);
        var yellow = await hub.PatientAsync(clinic, "yellow");
        await hub.StartEpisodeAsync(yellow);
        await RaiseAndAcknowledgeAsync(nurse, yellow, AlarmKind.Spo2Low, TimeSpan.FromMinutes(10));
        using var create = await nurse.Client.PostJsonAsync($"/api/patients/{yellow}/referrals",
            new { reason = "SpO2 91 %", destinationLevel = "tertiary", destination = "省立医院", transport = "self" });
        var referral = (await create.ReadJsonAsync()).GetProperty("id").GetGuid();
        var requestedAt = hub.Now;

        // Day D+1, just after midnight: a green patient starts, an alarm is acknowledged after 5 minutes, the referral reaches admission.
        AdvanceToNextLocal(new TimeOnly(0, 15), zone);
        var green = await hub.PatientAsync(clinic, "green");
        await hub.StartEpisodeAsync(green);
        await RaiseAndAcknowledgeAsync(nurse, green, AlarmKind.FeverPersistent, TimeSpan.FromMinutes(5));
        await StepAsync(nurse, referral, "departed");
        hub.AdvanceTo(hub.Now.AddMinutes(20));
        await StepAsync(nurse, referral, "arrived");
        hub.AdvanceTo(hub.Now.AddMinutes(20));
        await StepAsync(nurse, referral, "admitted");
        var admissionMinutes = (hub.Now - requestedAt).TotalMinutes;

        // The morning sweep keeps day D's report only once the clinic's 06:00 has come.
        var sweep = hub.Factory.Services.GetRequiredService<DailyReportSweep>();
        AdvanceToNextLocal(new TimeOnly(5, 59), zone);
        await sweep.SweepAsync(hub.Now, Ct);
        Assert.Equal(0, await hub.CountAsync("SELECT count(*) FROM daily_reports WHERE clinic_id = @c", ("c", clinic)));
        hub.AdvanceTo(hub.Now.AddMinutes(2));
        Assert.True(await sweep.SweepAsync(hub.Now, Ct) >= 1);
        Assert.Equal(1, await hub.CountAsync("SELECT count(*) FROM daily_reports WHERE clinic_id = @c AND day = @d", ("c", clinic), ("d", day)));

        // The clock jumped hours ahead: log in again (the first token has expired).
        nurse = nurse with { Client = await hub.LoginAsync(nurse.Username, nurse.Password) };
        var first = await nurse.Client.GetJsonAsync($"/api/reports/daily?date={day:yyyy-MM-dd}");
        var second = await nurse.Client.GetJsonAsync($"/api/reports/daily?clinicId={clinic}&date={day.AddDays(1):yyyy-MM-dd}");
        Assert.True(first.GetProperty("complete").GetBoolean());
        Assert.False(second.GetProperty("complete").GetBoolean());

        // What happened, as the scenario made it.
        Assert.Equal((1, 1, 0, 1, 0), Patients(first));
        Assert.Equal((2, 1, 1, 1, 1), Patients(second));
        Assert.Equal(1, second.GetProperty("patients").GetProperty("endedReferred").GetInt32());
        Assert.Equal(10.0, first.GetProperty("alarms").GetProperty("medianMinutesToAcknowledge").GetDouble(), 3);
        Assert.Equal(5.0, second.GetProperty("alarms").GetProperty("medianMinutesToAcknowledge").GetDouble(), 3);
        Assert.Equal(1, first.GetProperty("referrals").GetProperty("byState").GetProperty("requested").GetInt32());
        Assert.Equal(1, second.GetProperty("referrals").GetProperty("byState").GetProperty("admitted").GetInt32());
        Assert.Equal(admissionMinutes, second.GetProperty("referrals").GetProperty("medianMinutesToAdmission").GetDouble(), 3);

        // And the same figures counted by the test from the rows, with its own day bounds.
        foreach (var (date, report) in new[] { (day, first), (day.AddDays(1), second) })
        {
            var from = new DateTimeOffset(date.ToDateTime(TimeOnly.MinValue), zone.GetUtcOffset(date.ToDateTime(TimeOnly.MinValue)));
            var to = new DateTimeOffset(date.AddDays(1).ToDateTime(TimeOnly.MinValue), zone.GetUtcOffset(date.AddDays(1).ToDateTime(TimeOnly.MinValue)));
            Assert.Equal(await IndependentAsync(clinic, from, to), Figures(report));
        }
    }

    [Fact]
    public async Task TheReportIsClinicIsolatedRefusesBadInputAndDownloadsAsAWorkbook()
    {
        var clinic = await hub.CreateClinicAsync();
        var nurse = await hub.CreateNurseAsync(clinic);
        var stranger = await hub.CreateNurseAsync(await hub.CreateClinicAsync());
        var today = hub.LocalToday(FollowUpFixture.Shanghai);

        using (var foreign = await stranger.Client.GetResponseAsync($"/api/reports/daily?clinicId={clinic}&date={today:yyyy-MM-dd}"))
        {
            await foreign.AssertProblemAsync(HttpStatusCode.NotFound);
        }

        using (var foreignTrend = await stranger.Client.GetResponseAsync($"/api/reports/daily/trend?clinicId={clinic}"))
        {
            await foreignTrend.AssertProblemAsync(HttpStatusCode.NotFound);
        }

        foreach (var (query, field) in new[]
                 {
                     ($"clinicId={clinic}", "date"),
                     ($"clinicId={clinic}&date=2026-13-01", "date"),
                     ($"clinicId={clinic}&date={today.AddDays(2):yyyy-MM-dd}", "date"),
                     ($"clinicId={clinic}&date={today:yyyy-MM-dd}&format=pdf", "format"),
                 })
        {
            using var bad = await nurse.Client.GetResponseAsync($"/api/reports/daily?{query}");
            await bad.AssertValidationProblemAsync(field);
        }

        using (var admin = await (await hub.AdminAsync()).GetResponseAsync($"/api/reports/daily?date={today:yyyy-MM-dd}"))
        {
            await admin.AssertValidationProblemAsync("clinicId");
        }

        var patient = await hub.PatientAsync(clinic);
        using (var create = await nurse.Client.PostJsonAsync($"/api/patients/{patient}/referrals",
                   new { reason = "dyspnoea", destinationLevel = "designated", destination = "市第一人民医院", transport = "grid_vehicle" }))
        {
            Assert.Equal(HttpStatusCode.Created, create.StatusCode);
        }

        using var xlsx = await nurse.Client.GetResponseAsync($"/api/reports/daily?date={today:yyyy-MM-dd}&format=xlsx");
        Assert.Equal(HttpStatusCode.OK, xlsx.StatusCode);
        Assert.Equal("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", xlsx.Content.Headers.ContentType?.MediaType);
        using var workbook = new XLWorkbook(await xlsx.Content.ReadAsStreamAsync(Ct));
        var rows = workbook.Worksheet(1).RowsUsed().ToDictionary(r => r.Cell(1).GetString(), r => r.Cell(2).GetString());
        Assert.Equal("1", rows["新转诊 Referrals requested"]);
        Assert.Equal("1", rows["  转诊状态 referrals requested"]);

        var trend = await nurse.Client.GetJsonAsync("/api/reports/daily/trend");
        Assert.Equal(14, trend.GetArrayLength());
        Assert.Equal(today.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), trend[13].GetProperty("date").GetString());
        Assert.Equal(1, trend[13].GetProperty("referrals").GetProperty("requested").GetInt32());
    }

    private static (int Monitored, int Yellow, int Green, int Admitted, int Ended) Patients(JsonElement report)
    {
        var p = report.GetProperty("patients");
        return (p.GetProperty("monitored").GetInt32(), p.GetProperty("yellow").GetInt32(), p.GetProperty("green").GetInt32(),
            p.GetProperty("admitted").GetInt32(), p.GetProperty("ended").GetInt32());
    }

    private static int[] Figures(JsonElement r) =>
    [
        r.GetProperty("patients").GetProperty("monitored").GetInt32(),
        r.GetProperty("patients").GetProperty("admitted").GetInt32(),
        r.GetProperty("patients").GetProperty("ended").GetInt32(),
        r.GetProperty("alarms").GetProperty("raised").GetInt32(),
        r.GetProperty("alarms").GetProperty("acknowledged").GetInt32(),
        r.GetProperty("alarms").GetProperty("openAtDayEnd").GetInt32(),
        r.GetProperty("followUps").GetProperty("done").GetInt32(),
        r.GetProperty("followUps").GetProperty("contacts").GetInt32(),
        r.GetProperty("referrals").GetProperty("requested").GetInt32(),
        r.GetProperty("devices").GetProperty("issued").GetInt32(),
    ];

    /// <summary>The same figures from the clinic's raw rows, filtered here in C# with the test's own day bounds.</summary>
    private async Task<int[]> IndependentAsync(Guid clinic, DateTimeOffset from, DateTimeOffset to)
    {
        bool In(DateTimeOffset? t) => t is { } v && v >= from && v < to;
        var episodes = await RowsAsync<(DateTimeOffset Start, DateTimeOffset? End)>(
            "SELECT e.started_at, e.ended_at FROM episodes e JOIN patients p ON p.id = e.patient_id WHERE p.clinic_id = @c", clinic);
        var alarms = await RowsAsync<(DateTimeOffset Raised, DateTimeOffset? Acknowledged, DateTimeOffset? Resolved)>(
            "SELECT raised_at, acknowledged_at, resolved_at FROM alarms WHERE clinic_id = @c", clinic);
        var followUps = await RowsAsync<DateTimeOffset?>("SELECT f.completed_at FROM followups f JOIN patients p ON p.id = f.patient_id WHERE p.clinic_id = @c", clinic);
        var contacts = await RowsAsync<DateTimeOffset>("SELECT c.at FROM contacts c JOIN patients p ON p.id = c.patient_id WHERE p.clinic_id = @c", clinic);
        var referrals = await RowsAsync<DateTimeOffset>("SELECT requested_at FROM referrals WHERE clinic_id = @c", clinic);
        var issued = await RowsAsync<(DateTimeOffset From, DateTimeOffset? To)>(
            "SELECT a.from_at, a.to_at FROM device_assignments a JOIN devices d ON d.id = a.device_id WHERE d.clinic_id = @c", clinic);
        return
        [
            episodes.Count(e => e.Start < to && (e.End is null || e.End >= from)),
            episodes.Count(e => In(e.Start)),
            episodes.Count(e => In(e.End)),
            alarms.Count(a => In(a.Raised)),
            alarms.Count(a => In(a.Acknowledged)),
            alarms.Count(a => a.Raised < to && (a.Resolved is null || a.Resolved >= to)),
            followUps.Count(In),
            contacts.Count(c => In(c)),
            referrals.Count(r => In(r)),
            issued.Count(a => a.From < to && (a.To is null || a.To >= to)),
        ];
    }

    private async Task<List<T>> RowsAsync<T>(string sql, Guid clinic)
    {
        await using var connection = await hub.Database.DataSource.OpenConnectionAsync(Ct);
        return [.. await Dapper.SqlMapper.QueryAsync<T>(connection, sql, new { c = clinic })];
    }
}
