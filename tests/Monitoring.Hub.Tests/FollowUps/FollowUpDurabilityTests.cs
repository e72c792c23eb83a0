using Microsoft.Extensions.Time.Testing;
using System.Net;
using System.Net.Http.Headers;
using Hangfire;
using Hangfire.Common;
using Hangfire.States;
using Hangfire.Storage;
using Microsoft.Extensions.DependencyInjection;
using Monitoring.Domain.FollowUps;
using Monitoring.Hub.Alarms.Grains;
using Monitoring.Hub.Database;
using Monitoring.Hub.FollowUps;
using Monitoring.Hub.Scheduling;
using Monitoring.Hub.Tests.Infrastructure;

namespace Monitoring.Hub.Tests.FollowUps;

/// <summary>
/// Follow-ups live in PostgreSQL, not in a hub's memory; reminders are keyed in SQL, so two hubs (or a
/// restarted one, or a job run twice) raise each once; and Hangfire really runs the sweeps and the
/// one-off due checks from its PostgreSQL storage, each job once across two hubs' servers.
/// </summary>
public sealed class FollowUpDurabilityTests
{
    private static HubFactory Hub(
        TestDatabase database, FakeTimeProvider? clock, bool scheduling = false, SweepFirings? firings = null, string overdueCron = "*/5 * * * *") => new(
        new Dictionary<string, string?>
        {
            ["Database:ConnectionString"] = database.ConnectionString,
            ["Alarms:TickerEnabled"] = "false",
            ["Scheduling:Enabled"] = scheduling ? "true" : "false",
            ["Scheduling:FollowUpOverdueCron"] = overdueCron,
            ["Scheduling:PollInterval"] = "00:00:01",
        },
        services =>
        {
            if (clock is not null)
            {
                services.AddSingleton<TimeProvider>(new FakeWallClock(clock));
            }

            if (firings is not null)
            {
                services.AddSingleton<IJobFilterProvider>(firings);
            }
        });

    private static async Task WaitUntilAsync(Func<Task<bool>> condition, string what)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(90);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"{what} within 90 s");
            await Task.Delay(100, TestContext.Current.CancellationToken);
        }
    }

    private static Task WaitUntilAsync(Func<bool> condition, string what) => WaitUntilAsync(() => Task.FromResult(condition()), what);

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

    private static async Task<long> CountAsync(TestDatabase database, string sql, Guid? patient = null, string? key = null)
    {
        await using var command = database.DataSource.CreateCommand(sql);
        if (patient is { } p)
        {
            command.Parameters.AddWithValue("p", p);
        }

        if (key is not null)
        {
            command.Parameters.AddWithValue("k", key);
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
    public async Task AHubDeclaresEverySweepAsOneRecurringJobInUtcOnItsConfiguredCron()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var hub = await StartedAsync(Hub(database, clock: null, scheduling: true, overdueCron: "*/7 * * * *"));
        var scheduler = hub.Services.GetRequiredService<SchedulerHost>();
        await WaitUntilAsync(() => scheduler.Started, "the job server starts");

        using var connection = hub.Services.GetRequiredService<JobStorage>().GetConnection();
        var stored = connection.GetRecurringJobs().ToDictionary(j => j.Id);
        var declared = RecurringSweep.Declare(new SchedulingOptions { FollowUpOverdueCron = "*/7 * * * *" });
        Assert.Equal(declared.Select(d => d.Id).Order(), stored.Keys.Order());
        Assert.All(declared, sweep =>
        {
            var job = stored[sweep.Id];
            Assert.Equal(sweep.Cron, job.Cron);
            Assert.Equal("UTC", job.TimeZoneId);
            Assert.Equal(sweep.JobType, job.Job.Type);
            Assert.Null(job.LoadException);
        });
        Assert.Equal("*/7 * * * *", stored[FollowUpOverdueSweep.JobId].Cron);
    }

    [Fact]
    public async Task TwoHubsServersOnOneStorageRunEachSweepOccurrenceOnceAndRaiseTheOverdueReminderOnce()
    {
        await using var database = await TestDatabase.CreateAsync();
        Guid patient;
        await using (var setup = await StartedAsync(Hub(database, clock: null)))
        {
            patient = await MonitoredPatientAsync(setup);
        }

        // Make the open follow-up two days overdue (real clock here: two servers running a sweep every second).
        await using (var command = database.DataSource.CreateCommand("UPDATE followups SET due_on = due_on - 2 WHERE patient_id = @p"))
        {
            command.Parameters.AddWithValue("p", patient);
            await command.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
        }

        var firingsOne = new SweepFirings("one");
        var firingsTwo = new SweepFirings("two");
        await using var one = await StartedAsync(Hub(database, clock: null, scheduling: true, firings: firingsOne, overdueCron: "* * * * * *"));
        await using var two = await StartedAsync(Hub(database, clock: null, scheduling: true, firings: firingsTwo, overdueCron: "* * * * * *"));
        await WaitUntilAsync(() => one.Services.GetRequiredService<SchedulerHost>().Started && two.Services.GetRequiredService<SchedulerHost>().Started,
            "both job servers start");

        List<SweepFirings.Firing> Overdue() =>
            [.. firingsOne.Fired.Concat(firingsTwo.Fired).Where(f => f.RecurringJobId == FollowUpOverdueSweep.JobId)];
        await WaitUntilAsync(() => Overdue().Count >= 8, "eight overdue sweeps run");

        var overdue = Overdue();
        Assert.All(overdue, f => Assert.NotNull(f.Occurrence));
        var twice = overdue.GroupBy(f => f.Occurrence).Where(g => g.Count() > 1)
            .Select(g => $"occurrence {g.Key} on {string.Join(", ", g.Select(f => f.Node))}").ToList();
        Assert.True(twice.Count == 0, $"an occurrence ran more than once: {string.Join("; ", twice)}");
        Assert.Equal(overdue.Count, overdue.Select(f => f.JobId).Distinct().Count());
        Assert.Empty(firingsOne.Failures.Concat(firingsTwo.Failures));

        using var connection = one.Services.GetRequiredService<JobStorage>().GetConnection();
        Assert.Single(connection.GetRecurringJobs(), j => j.Id == FollowUpOverdueSweep.JobId);
        Assert.Equal(1, await CountAsync(database, "SELECT count(*) FROM alarms WHERE patient_id = @p AND kind = 'followup_overdue'", patient));
        Assert.Equal(1, await CountAsync(database, "SELECT count(*) FROM reminders_sent WHERE patient_id = @p", patient));
    }

    [Fact]
    public async Task StartingHomeTreatmentSchedulesTheFollowUpsDueCheckForTheEndOfItsClinicLocalDueDay()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var hub = await StartedAsync(Hub(database, clock: null));
        var patient = await MonitoredPatientAsync(hub);
        var (followUpId, dueOn) = await OpenFollowUpAsync(database, patient);

        var storage = hub.Services.GetRequiredService<JobStorage>();
        var scheduled = storage.GetMonitoringApi().ScheduledJobs(0, 100)
            .Where(j => j.Value.Job.Type == typeof(FollowUpDueCheck) && (Guid)j.Value.Job.Args[0] == followUpId).ToList();
        var check = Assert.Single(scheduled);
        var shanghai = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");
        Assert.Equal(FollowUpPolicy.EndOfDay(dueOn, shanghai).UtcDateTime, check.Value.EnqueueAt);
    }

    [Fact]
    public async Task ADueCheckRunTwiceBesideTheSweepRaisesTheOverdueReminderOnce()
    {
        await using var database = await TestDatabase.CreateAsync();
        Guid patient;
        await using (var setup = await StartedAsync(Hub(database, clock: null)))
        {
            patient = await MonitoredPatientAsync(setup);
        }

        var (followUpId, _) = await OpenFollowUpAsync(database, patient);
        await using (var command = database.DataSource.CreateCommand("UPDATE followups SET due_on = due_on - 2 WHERE id = @p"))
        {
            command.Parameters.AddWithValue("p", followUpId);
            await command.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
        }

        var firings = new SweepFirings("one");
        await using var hub = await StartedAsync(Hub(database, clock: null, scheduling: true, firings: firings, overdueCron: "0 0 1 1 *"));
        var jobs = hub.Services.GetRequiredService<IBackgroundJobClient>();
        var ids = new[]
        {
            jobs.Enqueue<FollowUpDueCheck>(c => c.RunAsync(followUpId, CancellationToken.None)),
            jobs.Enqueue<FollowUpDueCheck>(c => c.RunAsync(followUpId, CancellationToken.None)),
        };
        var sweep = hub.Services.GetRequiredService<FollowUpOverdueSweep>().SweepAsync(DateTimeOffset.UtcNow, TestContext.Current.CancellationToken);

        using var connection = hub.Services.GetRequiredService<JobStorage>().GetConnection();
        await WaitUntilAsync(() => ids.All(id => connection.GetStateData(id)?.Name == SucceededState.StateName), "both due checks succeed");
        await sweep;
        Assert.Empty(firings.Failures);
        Assert.Equal(2, firings.Fired.Count(f => f.JobType == nameof(FollowUpDueCheck)));
        Assert.Equal(1, await CountAsync(database, "SELECT count(*) FROM alarms WHERE patient_id = @p AND kind = 'followup_overdue'", patient));
        Assert.Equal(1, await CountAsync(database, "SELECT count(*) FROM reminders_sent WHERE patient_id = @p AND period_key = @k", patient, followUpId.ToString()));
    }

    [Fact]
    public async Task ADueCheckForACompletedFollowUpRaisesNothing()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var hub = await StartedAsync(Hub(database, clock: null));
        var patient = await MonitoredPatientAsync(hub);
        var (followUpId, _) = await OpenFollowUpAsync(database, patient);
        using var admin = await AdminAsync(hub);
        using var completed = await admin.PostJsonAsync($"/api/followups/{followUpId}/complete", new { channel = "phone", outcome = "stable" });
        Assert.Equal(HttpStatusCode.OK, completed.StatusCode);
        await using (var command = database.DataSource.CreateCommand("UPDATE followups SET due_on = due_on - 2 WHERE id = @p"))
        {
            command.Parameters.AddWithValue("p", followUpId);
            await command.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
        }

        Assert.False(await hub.Services.GetRequiredService<FollowUpOverdueSweep>().CheckOneAsync(followUpId, DateTimeOffset.UtcNow, TestContext.Current.CancellationToken));
        Assert.Equal(0, await CountAsync(database, "SELECT count(*) FROM reminders_sent WHERE patient_id = @p", patient));
    }

    private static async Task<(Guid Id, DateOnly DueOn)> OpenFollowUpAsync(TestDatabase database, Guid patient)
    {
        await using var command = database.DataSource.CreateCommand("SELECT id, due_on FROM followups WHERE patient_id = @p AND status = 'due'");
        command.Parameters.AddWithValue("p", patient);
        await using var reader = await command.ExecuteReaderAsync(TestContext.Current.CancellationToken);
        Assert.True(await reader.ReadAsync(TestContext.Current.CancellationToken));
        return (reader.GetGuid(0), reader.GetFieldValue<DateOnly>(1));
    }
}
