using Microsoft.Extensions.Time.Testing;
using System.Globalization;
using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Monitoring.Hub.Alarms.Grains;
using Monitoring.Hub.Alarms.Adapters;
using Monitoring.Hub.Database;
using Monitoring.Hub.Ingestion;
using Monitoring.Hub.Tests.Infrastructure;
using Npgsql;

namespace Monitoring.Hub.Tests.Alarms;

/// <summary>
/// A restart in the middle of an open alarm: the hub is disposed and a new one started on the same
/// database. The open alarm is still there, a further reading updates it instead of raising a
/// duplicate, a redelivered reading changes nothing, and escalation goes on from where it was.
/// </summary>
public sealed class AlarmRestartTests : IAsyncLifetime
{
    private readonly FakeTimeProvider _clock = new(StoredTime.Truncate(DateTimeOffset.UtcNow));
    private TestDatabase _database = null!;

    public async ValueTask InitializeAsync() => _database = await TestDatabase.CreateAsync();

    public async ValueTask DisposeAsync() => await _database.DisposeAsync();

    [Fact]
    public async Task AnOpenAlarmSurvivesARestartAndIsUpdatedNotDuplicated()
    {
        MonitoredPatient patient;
        AttributedReading[] message;
        Guid alarmId;
        await using (var first = Start())
        {
            using var admin = await AdminAsync(first);
            var clinicId = await new RegistrySeed(admin).ClinicAsync();
            var patientId = (await HubFixture.CreatePatientAsync(admin, clinicId)).GetProperty("id").GetGuid();
            using (var episode = await admin.PostJsonAsync($"/api/patients/{patientId}/episodes", new { }))
            {
                Assert.Equal(HttpStatusCode.Created, episode.StatusCode);
            }

            patient = new MonitoredPatient(clinicId, patientId, $"ox-{HubFixture.Unique()}");
            var now = _clock.GetUtcNow();
            message =
            [
                AlarmFixture.Reading(patient, "spo2", 91.5, now.AddSeconds(-2), now),
                AlarmFixture.Reading(patient, "spo2", 91.0, now.AddSeconds(-1), now),
            ];
            await SendAsync(first, message);
            var alarm = Assert.Single(await OpenAlarmsAsync(admin, patientId));
            alarmId = alarm.GetProperty("id").GetGuid();
            Assert.Equal(1, alarm.GetProperty("count").GetInt32());
        }

        _clock.Advance(TimeSpan.FromMinutes(1));
        await using var second = Start();
        using var admin2 = await AdminAsync(second);
        var restored = Assert.Single(await OpenAlarmsAsync(admin2, patient.PatientId));
        Assert.Equal(alarmId, restored.GetProperty("id").GetGuid());

        // The same message again (an MQTT redelivery after the restart): nothing new.
        await SendAsync(second, message);
        Assert.Equal(1, Assert.Single(await OpenAlarmsAsync(admin2, patient.PatientId)).GetProperty("count").GetInt32());

        // A further low reading: the open alarm takes it.
        var later = _clock.GetUtcNow();
        await SendAsync(second, [AlarmFixture.Reading(patient, "spo2", 88.0, later, later)]);
        var updated = Assert.Single(await OpenAlarmsAsync(admin2, patient.PatientId));
        Assert.Equal((alarmId, 2, 88.0), (updated.GetProperty("id").GetGuid(), updated.GetProperty("count").GetInt32(), updated.GetProperty("worstValue").GetDouble()));
        Assert.Single((await admin2.GetJsonAsync($"/api/alarms?patientId={patient.PatientId}")).EnumerateArray());

        // Escalation counts from when the alarm became active, across the restart.
        _clock.Advance(TimeSpan.FromMinutes(1));
        var ticked = await second.Services.GetRequiredService<AlarmTicker>().TickAsync(_clock.GetUtcNow(), TestContext.Current.CancellationToken);
        Assert.True(Assert.Single(ticked, a => a.Id == alarmId).Record.Escalated);
    }

    // An upgrade from rule-state version 1 (redelivery memory as records) to 2 (fingerprints): the
    // stored state is migrated on load, not discarded. Before the upgrade the patient had a fever on
    // each of the last four days; the memory holds yesterday's reading. Its redelivery after the
    // upgrade changes nothing (a lost memory would raise a late fever alarm), and today's fever
    // makes the episode longer than 72 h (lost fever days would not).
    [Fact]
    public async Task AVersion1RuleStateIsMigratedWithItsFeverDaysAndRedeliveryMemory()
    {
        await using var hub = Start();
        using var admin = await AdminAsync(hub);
        var clinicId = await new RegistrySeed(admin).ClinicAsync();
        var patientId = (await HubFixture.CreatePatientAsync(admin, clinicId)).GetProperty("id").GetGuid();
        Guid episodeId;
        using (var episode = await admin.PostJsonAsync($"/api/patients/{patientId}/episodes", new { }))
        {
            Assert.Equal(HttpStatusCode.Created, episode.StatusCode);
            episodeId = (await episode.ReadJsonAsync()).GetProperty("id").GetGuid();
        }

        var patient = new MonitoredPatient(clinicId, patientId, $"th-{HubFixture.Unique()}");
        var now = _clock.GetUtcNow();
        await StoreRuleStateAsync(patientId, episodeId, Version1State(patient.DeviceId, now));

        await SendAsync(hub, [AlarmFixture.Reading(patient, "temp", 38.8, now.AddDays(-1), now)]);
        Assert.Empty(await OpenAlarmsAsync(admin, patientId));

        await SendAsync(hub, [AlarmFixture.Reading(patient, "temp", 38.8, now, now)]);
        Assert.Contains("fever_persistent", (await OpenAlarmsAsync(admin, patientId)).Select(a => a.GetProperty("kind").GetString()));
    }

    /// <summary>A version-1 state as its System.Text.Json serializer wrote it: fever on each of the four days before <paramref name="now"/>.</summary>
    private static string Version1State(string deviceId, DateTimeOffset now)
    {
        var shanghai = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");
        var days = string.Join(",", Enumerable.Range(1, 4).Reverse().Select(ago =>
        {
            var at = JsonSerializer.Serialize(now.AddDays(-ago));
            var date = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(now.AddDays(-ago), shanghai).DateTime).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            return $$"""{"Date":"{{date}}","MaxCelsius":38.8,"FirstFeverAt":{{at}},"LastFeverAt":{{at}}}""";
        }));
        var yesterday = JsonSerializer.Serialize(now.AddDays(-1));
        return $$"""
            {"Version":1,"Spo2":{"LastAt":null,"LastNormalAt":null,"Run":null,"Alarming":false,"BackfillLastAt":null,"BackfillRun":null,"BackfillReported":false},
            "Fever":{"LastAt":{{yesterday}},"Alarming":false},
            "PersistentFever":{"Days":[{{days}}],"Carried":null,"ReportedEpisodeStart":null,"ReportedEpisodeCleared":false},
            "Batteries":[],"SilentDevices":[],
            "RecentReadings":[{"DeviceId":"{{deviceId}}","Stream":"temp","At":{{yesterday}},"Value":38.8}]}
            """;
    }

    private async Task StoreRuleStateAsync(Guid patientId, Guid episodeId, string state)
    {
        await using var command = _database.DataSource.CreateCommand(
            "INSERT INTO patient_rule_state (patient_id, episode_id, state, updated_at) VALUES (@patientId, @episodeId, @state::jsonb, now())");
        command.Parameters.Add(new NpgsqlParameter("patientId", patientId));
        command.Parameters.Add(new NpgsqlParameter("episodeId", episodeId));
        command.Parameters.Add(new NpgsqlParameter("state", state));
        await command.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
    }

    private HubFactory Start()
    {
        var factory = new HubFactory(
            new Dictionary<string, string?>
            {
                ["Database:ConnectionString"] = _database.ConnectionString,
                ["Alarms:TickerEnabled"] = "false",
            },
            services => services.AddSingleton<TimeProvider>(new FakeWallClock(_clock)));
        _ = factory.Server;
        return factory;
    }

    private static async Task<HttpClient> AdminAsync(HubFactory factory)
    {
        await factory.Services.GetRequiredService<AlarmEngineStartup>().Ready.WaitAsync(TimeSpan.FromSeconds(60));
        var client = factory.CreateClient();
        await RegistrySeed.LoginAsync(client);
        return client;
    }

    private static async Task SendAsync(HubFactory factory, IReadOnlyList<AttributedReading> message)
    {
        await factory.Services.GetRequiredService<IReadingObserver>().OnReadingsAsync(message, TestContext.Current.CancellationToken);
        await factory.Services.GetRequiredService<OrleansAlarmEngine>().FlushAsync(TestContext.Current.CancellationToken);
    }

    private static async Task<IReadOnlyList<JsonElement>> OpenAlarmsAsync(HttpClient admin, Guid patientId) =>
        [.. (await admin.GetJsonAsync($"/api/alarms?state=open&patientId={patientId}")).EnumerateArray().Select(e => e.Clone())];
}
