using System.Net;
using System.Net.Http.Headers;
using Microsoft.Extensions.DependencyInjection;
using Monitoring.Hub.Alarms;
using Monitoring.Hub.Database;
using Monitoring.Hub.FollowUps;
using Monitoring.Hub.Scheduling;
using Monitoring.Hub.Tests.Infrastructure;

namespace Monitoring.Hub.Tests.FollowUps;

/// <summary>
/// Follow-ups live in PostgreSQL, not in a hub's memory; reminders are keyed in SQL, so two hubs (or a
/// restarted one) raise each once; and Quartz really fires the sweeps through its clustered PostgreSQL store.
/// </summary>
public sealed class FollowUpDurabilityTests
{
    private static HubFactory Hub(TestDatabase database, FakeTimeProvider? clock, bool scheduling = false) => new(
        new Dictionary<string, string?>
        {
            ["Database:ConnectionString"] = database.ConnectionString,
            ["Alarms:TickerEnabled"] = "false",
            ["Scheduling:Enabled"] = scheduling ? "true" : "false",
            ["Scheduling:FollowUpOverdueInterval"] = "00:00:01",
        },
        services =>
        {
            if (clock is not null)
            {
                services.AddSingleton<TimeProvider>(clock);
            }
        });

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

    private static async Task<long> CountAsync(TestDatabase database, string sql, Guid patient)
    {
        await using var command = database.DataSource.CreateCommand(sql);
        command.Parameters.AddWithValue("p", patient);
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    private static async Task<HubFactory> StartedAsync(HubFactory factory)
    {
        _ = factory.Server;
        await factory.Services.GetRequiredService<AlarmWorker>().Ready.WaitAsync(TimeSpan.FromSeconds(60));
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
    public async Task QuartzFiresTheSweepThroughTheClusteredPostgresStoreOnBothHubs()
    {
        await using var database = await TestDatabase.CreateAsync();
        Guid patient;
        await using (var setup = await StartedAsync(Hub(database, clock: null)))
        {
            patient = await MonitoredPatientAsync(setup);
        }

        // Make the open follow-up two days overdue (real clock here: Quartz runs on real time).
        await using (var command = database.DataSource.CreateCommand("UPDATE followups SET due_on = due_on - 2 WHERE patient_id = @p"))
        {
            command.Parameters.AddWithValue("p", patient);
            await command.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
        }

        await using var one = await StartedAsync(Hub(database, clock: null, scheduling: true));
        await using var two = await StartedAsync(Hub(database, clock: null, scheduling: true));
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (await CountAsync(database, "SELECT count(*) FROM alarms WHERE patient_id = @p AND kind = 'followup_overdue'", patient) == 0)
        {
            Assert.True(DateTime.UtcNow < deadline, "Quartz did not fire the overdue sweep within 60 s");
            await Task.Delay(200, TestContext.Current.CancellationToken);
        }

        // Both nodes join the cluster (the first may have fired the sweep before the second started).
        while (!one.Services.GetRequiredService<SchedulerHost>().Started || !two.Services.GetRequiredService<SchedulerHost>().Started)
        {
            Assert.True(DateTime.UtcNow < deadline, "both schedulers start within 60 s");
            await Task.Delay(200, TestContext.Current.CancellationToken);
        }

        await Task.Delay(TimeSpan.FromSeconds(2), TestContext.Current.CancellationToken); // a few more 1 s firings, on either node
        await using (var command = database.DataSource.CreateCommand(
            $"SELECT count(*) FROM {SchedulingSetup.TablePrefix}triggers WHERE trigger_name = 'followup-overdue'"))
        {
            Assert.Equal(1L, Convert.ToInt64(await command.ExecuteScalarAsync(TestContext.Current.CancellationToken), System.Globalization.CultureInfo.InvariantCulture));
        }

        await using (var command = database.DataSource.CreateCommand($"SELECT count(*) FROM {SchedulingSetup.TablePrefix}scheduler_state"))
        {
            Assert.True(Convert.ToInt64(await command.ExecuteScalarAsync(TestContext.Current.CancellationToken), System.Globalization.CultureInfo.InvariantCulture) >= 2,
                "both hubs check in to the cluster");
        }

        Assert.Equal(1, await CountAsync(database, "SELECT count(*) FROM alarms WHERE patient_id = @p AND kind = 'followup_overdue'", patient));
        Assert.Equal(1, await CountAsync(database, "SELECT count(*) FROM reminders_sent WHERE patient_id = @p", patient));
    }
}
