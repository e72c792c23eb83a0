using Microsoft.Extensions.Time.Testing;
using System.Net;
using System.Net.Http.Headers;
using Microsoft.Extensions.DependencyInjection;
using Monitoring.Hub.Alarms.Grains;
using Monitoring.Hub.Database;
using Monitoring.Hub.FollowUps;
using Monitoring.Hub.Referrals.Stalling;
using Monitoring.Hub.Reports.Scheduling;
using Monitoring.Hub.Scheduling;
using Monitoring.Hub.Tests.Infrastructure;
using Quartz;

namespace Monitoring.Hub.Tests.FollowUps;

/// <summary>
/// Follow-ups live in PostgreSQL, not in a hub's memory; reminders are keyed in SQL, so two hubs (or a
/// restarted one) raise each once; and Quartz really fires the sweeps through its clustered PostgreSQL store.
/// </summary>
public sealed class FollowUpDurabilityTests
{
    /// <summary>Every sweep job the hub schedules.</summary>
    private static readonly string[] Jobs =
        [FollowUpOverdueJob.Key.Name, ContactCadenceJob.Key.Name, TemperatureCheckJob.Key.Name, EndOfTreatmentJob.Key.Name, BoosterDueJob.Key.Name,
         ReferralStalledJob.Key.Name, DailyReportJob.Key.Name];

    private static HubFactory Hub(
        TestDatabase database, FakeTimeProvider? clock, bool scheduling = false, SweepFirings? firings = null, string overdueInterval = "00:00:01") => new(
        new Dictionary<string, string?>
        {
            ["Database:ConnectionString"] = database.ConnectionString,
            ["Alarms:TickerEnabled"] = "false",
            ["Scheduling:Enabled"] = scheduling ? "true" : "false",
            ["Scheduling:FollowUpOverdueInterval"] = overdueInterval,
            ["Scheduling:ClusterCheckinInterval"] = "00:00:07",
        },
        services =>
        {
            if (clock is not null)
            {
                services.AddSingleton<TimeProvider>(new FakeWallClock(clock));
            }

            if (firings is not null)
            {
                services.ConfigureAllQuartzSchedulers(quartz => quartz.AddJobListener(firings, [GroupMatcher<JobKey>.AnyGroup()]));
            }
        });

    /// <summary>The stored triggers' next fire times (Quartz keeps them as UTC ticks).</summary>
    private static async Task<Dictionary<string, DateTimeOffset>> NextFireTimesAsync(TestDatabase database)
    {
        await using var command = database.DataSource.CreateCommand($"SELECT trigger_name, next_fire_time FROM {SchedulingSetup.TablePrefix}triggers");
        await using var reader = await command.ExecuteReaderAsync(TestContext.Current.CancellationToken);
        var times = new Dictionary<string, DateTimeOffset>();
        while (await reader.ReadAsync(TestContext.Current.CancellationToken))
        {
            times[reader.GetString(0)] = new DateTimeOffset(reader.GetInt64(1), TimeSpan.Zero);
        }

        return times;
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition, string what)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(90);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"{what} within 90 s");
            await Task.Delay(100, TestContext.Current.CancellationToken);
        }
    }

    /// <summary>
    /// Waits until each sweep fired once on the frozen clock and its trigger then waits for a later time:
    /// nothing more can fire until the clock moves, so the counts below are final.
    /// </summary>
    private static Task SettledAsync(TestDatabase database, SweepFirings firings, DateTimeOffset now) =>
        WaitUntilAsync(async () => Jobs.All(job => firings.Count(job) >= 1)
            && (await NextFireTimesAsync(database)) is var next && Jobs.All(job => next.TryGetValue(job, out var at) && at > now),
            "every sweep fires and its trigger moves past the frozen clock");

    private static async Task<HttpClient> AdminAsync(HubFactory factory)
    {
        using var anonymous = factory.CreateClient();
        using var response = await anonymous.PostJsonAsync("/api/auth/login", new { username = HubFactory.AdminUsername, password = HubFactory.AdminPassword });
        var body = await response.ReadJsonAsync();
        var client = factory.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", body.GetProperty("token").GetString());
        return client;
    }

    private static async Task<Guid> MonitoredPatientAsync(HubFactory factory)
    {
        var admin = await AdminAsync(factory);
        using var clinic = await admin.PostJsonAsync("/api/clinics", new { name = $"Clinic {HubFixture.Unique()}", timeZone = "Asia/Shanghai" });
        var clinicId = (await clinic.ReadJsonAsync()).GetProperty("id").GetGuid();
        var patient = (await HubFixture.CreatePatientAsync(admin, clinicId)).GetProperty("id").GetGuid();
        using var episode = await admin.PostJsonAsync($"/api/patients/{patient}/episodes", new { });
        Assert.Equal(HttpStatusCode.Created, episode.StatusCode);
        return patient;
    }

    private static async Task<long> CountAsync(TestDatabase database, string sql, Guid? patient = null)
    {
        await using var command = database.DataSource.CreateCommand(sql);
        if (patient is { } p)
        {
            command.Parameters.AddWithValue("p", p);
        }

        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    private static async Task<HubFactory> StartedAsync(HubFactory factory)
    {
        _ = factory.Server;
        await factory.Services.GetRequiredService<AlarmEngineStartup>().Ready.WaitAsync(TimeSpan.FromSeconds(60));
        return factory;
    }

    [Fact]
    public async Task FollowUpsSurviveARestartAndTwoHubsSweepingRaiseTheOverdueReminderOnce()
    {
        await using var database = await TestDatabase.CreateAsync();
        var clock = new FakeTimeProvider(StoredTime.Truncate(DateTimeOffset.UtcNow));
        Guid patient;
        await using (var first = await StartedAsync(Hub(database, clock)))
        {
            patient = await MonitoredPatientAsync(first);
        }

        clock.Advance(TimeSpan.FromDays(2));
        await using var second = await StartedAsync(Hub(database, clock));
        await using var third = await StartedAsync(Hub(database, clock));
        Assert.Equal(1, await CountAsync(database, "SELECT count(*) FROM followups WHERE patient_id = @p AND status = 'due'", patient));

        var ct = TestContext.Current.CancellationToken;
        var now = clock.GetUtcNow();
        var raised = await Task.WhenAll(
            second.Services.GetRequiredService<FollowUpOverdueSweep>().SweepAsync(now, ct),
            third.Services.GetRequiredService<FollowUpOverdueSweep>().SweepAsync(now, ct),
            second.Services.GetRequiredService<FollowUpOverdueSweep>().SweepAsync(now, ct),
            third.Services.GetRequiredService<FollowUpOverdueSweep>().SweepAsync(now, ct));
        Assert.Equal(1, raised.Sum());
        Assert.Equal(1, await CountAsync(database, "SELECT count(*) FROM alarms WHERE patient_id = @p AND kind = 'followup_overdue'", patient));
        Assert.Equal(1, await CountAsync(database, "SELECT count(*) FROM reminders_sent WHERE patient_id = @p", patient));
    }

    [Fact]
    public async Task StoppedHubsSchedulesStayStoredARestartFiresNothingEarlyAndAfterADayDownEachSweepFiresOnce()
    {
        await using var database = await TestDatabase.CreateAsync();
        // Quartz runs on the hub's TimeProvider. This clock never moves by itself, so "now" is only what
        // the test sets, and a trigger whose next fire time is ahead of it cannot fire.
        var clock = new FakeTimeProvider(StoredTime.Truncate(DateTimeOffset.UtcNow));
        var started = clock.GetUtcNow();
        var intervals = new Dictionary<string, TimeSpan>
        {
            [FollowUpOverdueJob.Key.Name] = TimeSpan.FromMinutes(5), // set below; the others are the defaults
            [ContactCadenceJob.Key.Name] = TimeSpan.FromMinutes(15),
            [TemperatureCheckJob.Key.Name] = TimeSpan.FromMinutes(5),
            [EndOfTreatmentJob.Key.Name] = TimeSpan.FromMinutes(5),
            [BoosterDueJob.Key.Name] = TimeSpan.FromHours(1),
            [ReferralStalledJob.Key.Name] = TimeSpan.FromMinutes(2),
            [DailyReportJob.Key.Name] = TimeSpan.FromMinutes(15),
        };
        Assert.Equal(Jobs.Order(), intervals.Keys.Order());

        Guid patient;
        var first = new SweepFirings("first");
        await using (var hub = await StartedAsync(Hub(database, clock, scheduling: true, firings: first, overdueInterval: "00:05:00")))
        {
            patient = await MonitoredPatientAsync(hub);
            await SettledAsync(database, first, started);
            Assert.All(Jobs, job => Assert.Equal(1, first.Count(job)));
        }

        // Stopped: the schedule is in PostgreSQL, not in the process.
        var stored = await NextFireTimesAsync(database);
        Assert.Equal(Jobs.Order(), stored.Keys.Order());
        Assert.All(Jobs, job => Assert.Equal(started + intervals[job], stored[job]));
        Assert.Equal(Jobs.Length, await CountAsync(database, $"SELECT count(*) FROM {SchedulingSetup.TablePrefix}job_details WHERE job_group IN ('followups', 'referrals', 'reports')"));
        Assert.Equal(1, await CountAsync(database, "SELECT count(*) FROM followups WHERE patient_id = @p AND status = 'due'", patient));

        // Back a minute later: the declared triggers replace the stored ones but keep their history, so
        // nothing fires before its interval is up (a fresh StartNow trigger would fire at once).
        clock.Advance(TimeSpan.FromMinutes(1));
        var early = new SweepFirings("early");
        await using (var hub = await StartedAsync(Hub(database, clock, scheduling: true, firings: early, overdueInterval: "00:05:00")))
        {
            await WaitUntilAsync(() => Task.FromResult(hub.Services.GetRequiredService<SchedulerHost>().Started), "the scheduler starts");
            var next = await NextFireTimesAsync(database);
            Assert.All(Jobs, job => Assert.Equal(started + intervals[job], next[job]));
            Assert.Empty(early.Fired);
        }

        // Down for a day: 288 five-minute overdue sweeps were missed. Each trigger misfired, fires once
        // now and keeps its interval (NowWithExistingCount): no storm, and the overdue follow-up is reminded once.
        clock.Advance(TimeSpan.FromDays(1));
        var now = clock.GetUtcNow();
        var back = new SweepFirings("back");
        await using (var hub = await StartedAsync(Hub(database, clock, scheduling: true, firings: back, overdueInterval: "00:05:00")))
        {
            await SettledAsync(database, back, now);
            var next = await NextFireTimesAsync(database);
            Assert.All(Jobs, job => Assert.Equal(1, back.Count(job)));
            Assert.All(Jobs, job => Assert.Equal(now + intervals[job], next[job]));
            await WaitUntilAsync(async () => await CountAsync(database, "SELECT count(*) FROM alarms WHERE patient_id = @p AND kind = 'followup_overdue'", patient) == 1,
                "the overdue sweep's reminder is stored");
        }

        Assert.Empty(first.Failures.Concat(early.Failures).Concat(back.Failures));

        Assert.Equal(1, await CountAsync(database, "SELECT count(*) FROM reminders_sent WHERE patient_id = @p AND kind = 'followup_overdue'", patient));
    }

    [Fact]
    public async Task TwoHubsOnOneJobStoreExecuteEachFiringOnceAndTheOverdueReminderOnce()
    {
        await using var database = await TestDatabase.CreateAsync();
        Guid patient;
        await using (var setup = await StartedAsync(Hub(database, clock: null)))
        {
            patient = await MonitoredPatientAsync(setup);
        }

        // Make the open follow-up two days overdue (real clock here: two schedulers firing a 1 s sweep).
        await using (var command = database.DataSource.CreateCommand("UPDATE followups SET due_on = due_on - 2 WHERE patient_id = @p"))
        {
            command.Parameters.AddWithValue("p", patient);
            await command.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
        }

        var firingsOne = new SweepFirings("one");
        var firingsTwo = new SweepFirings("two");
        await using var one = await StartedAsync(Hub(database, clock: null, scheduling: true, firings: firingsOne));
        await using var two = await StartedAsync(Hub(database, clock: null, scheduling: true, firings: firingsTwo));
        await WaitUntilAsync(() => Task.FromResult(one.Services.GetRequiredService<SchedulerHost>().Started && two.Services.GetRequiredService<SchedulerHost>().Started),
            "both schedulers start");
        // From here both nodes run. (A node that starts replaces the declared triggers, which can run a
        // firing that was in flight at that moment once more; the sweeps are idempotent for that.)
        var bothIn = DateTimeOffset.UtcNow;
        await WaitUntilAsync(async () => await CountAsync(database,
                $"SELECT count(*) FROM {SchedulingSetup.TablePrefix}scheduler_state WHERE checkin_interval = 7000") == 2,
            "both hubs check in to the cluster, every Scheduling:ClusterCheckinInterval (7 s)");

        // Let the 1 s overdue sweep fire several times with both nodes in: every firing runs on one node, once.
        List<(string Job, DateTimeOffset ScheduledFireTime, string Node)> Steady() =>
            [.. firingsOne.Fired.Concat(firingsTwo.Fired).Where(f => f.ScheduledFireTime >= bothIn)];
        await WaitUntilAsync(() => Task.FromResult(Steady().Count(f => f.Job == FollowUpOverdueJob.Key.Name) >= 5), "five overdue sweeps fire");

        var twice = Steady().GroupBy(f => (f.Job, f.ScheduledFireTime)).Where(g => g.Count() > 1)
            .Select(g => $"{g.Key.Job} at {g.Key.ScheduledFireTime:O} on {string.Join(", ", g.Select(f => f.Node))}").ToList();
        Assert.True(twice.Count == 0, $"fired more than once: {string.Join("; ", twice)}");
        Assert.Empty(firingsOne.Failures.Concat(firingsTwo.Failures));
        Assert.Equal(1, await CountAsync(database, $"SELECT count(*) FROM {SchedulingSetup.TablePrefix}triggers WHERE trigger_name = 'followup-overdue'"));
        Assert.Equal(1, await CountAsync(database, "SELECT count(*) FROM alarms WHERE patient_id = @p AND kind = 'followup_overdue'", patient));
        Assert.Equal(1, await CountAsync(database, "SELECT count(*) FROM reminders_sent WHERE patient_id = @p", patient));
    }
}
