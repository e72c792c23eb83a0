using Microsoft.Extensions.Time.Testing;
using System.Globalization;
using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Monitoring.Contracts.Senml;
using Monitoring.Contracts.Topics;
using Monitoring.Hub.Alarms.Adapters;
using Monitoring.Hub.Alarms.Api;
using Monitoring.Hub.Alarms.Grains;
using Monitoring.Hub.Database;
using Monitoring.Hub.Ingestion;
using Monitoring.Hub.Tests.Infrastructure;

namespace Monitoring.Hub.Tests.Alarms;

/// <summary>A patient in home treatment, and the (not registered) device id its readings come from.</summary>
public sealed record MonitoredPatient(Guid ClinicId, Guid PatientId, string DeviceId);

/// <summary>
/// A hub on its own database with a fake clock and the ticker loop off: readings are handed to the
/// alarm engine exactly where ingestion hands them (<see cref="IReadingObserver"/>), and time moves
/// only when a test advances the clock and ticks. No sleeps: the engine's port returns once the
/// patient's grain has evaluated, stored and pushed what it was handed.
/// </summary>
public class AlarmFixture : HubFixture, IAsyncLifetime
{
    public FakeTimeProvider Clock { get; } = new(StoredTime.Truncate(DateTimeOffset.UtcNow));

    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Alarms:TickerEnabled"] = "false",
    };

    public OrleansAlarmEngine Engine => Factory.Services.GetRequiredService<OrleansAlarmEngine>();

    internal AlarmEngineStartup Startup => Factory.Services.GetRequiredService<AlarmEngineStartup>();

    internal AlarmTicker Ticker => Factory.Services.GetRequiredService<AlarmTicker>();

    public new async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        await Startup.Ready.WaitAsync(TimeSpan.FromSeconds(60));
    }

    protected override void ConfigureServices(IServiceCollection services) => services.AddSingleton<TimeProvider>(new FakeWallClock(Clock));

    public DateTimeOffset Now => Clock.GetUtcNow();

    /// <summary>A new patient (in a new clinic unless given) whose home treatment has started.</summary>
    public async Task<MonitoredPatient> MonitoredPatientAsync(Guid? clinicId = null, bool startEpisode = true)
    {
        var clinic = clinicId ?? await CreateClinicAsync();
        var admin = await AdminAsync();
        var patient = (await CreatePatientAsync(admin, clinic)).GetProperty("id").GetGuid();
        if (startEpisode)
        {
            await StartEpisodeAsync(patient);
        }

        return new MonitoredPatient(clinic, patient, $"ox-{Unique()}");
    }

    public async Task StartEpisodeAsync(Guid patientId)
    {
        var admin = await AdminAsync();
        using var response = await admin.PostJsonAsync($"/api/patients/{patientId}/episodes", new { });
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"starting home treatment answered {(int)response.StatusCode}: {await response.ReadJsonAsync()}");
    }

    /// <summary>Hands one message's telemetry to the engine (taken <c>Ago</c> before now, arriving now) and waits until it is handled.</summary>
    public async Task SendAsync(MonitoredPatient patient, params (string Name, double Value, TimeSpan Ago)[] readings)
    {
        var now = Now;
        await SendAsync([.. readings.Select(r => Reading(patient, r.Name, r.Value, now - r.Ago, now))]);
    }

    public async Task SendAsync(IReadOnlyList<AttributedReading> message)
    {
        var observer = Factory.Services.GetRequiredService<IReadingObserver>();
        await observer.OnReadingsAsync(message, TestContext.Current.CancellationToken);
        await Engine.FlushAsync(TestContext.Current.CancellationToken);
    }

    public async Task SymptomAsync(MonitoredPatient patient, string symptom)
    {
        var now = Now;
        await SendAsync([new AttributedReading(patient.DeviceId, patient.PatientId, patient.ClinicId, DeviceTopicKind.Events, "symptom",
            SenmlValueKind.String, 0, symptom, false, now, now)]);
    }

    public static AttributedReading Reading(MonitoredPatient patient, string name, double value, DateTimeOffset time, DateTimeOffset receivedAt) =>
        new(patient.DeviceId, patient.PatientId, patient.ClinicId, DeviceTopicKind.Telemetry, name, SenmlValueKind.Number, value, null, false, time, receivedAt);

    /// <summary>Two SpO2 readings below 93 % a second apart: a sustained desaturation (clinical-rules §2).</summary>
    public Task DesaturateAsync(MonitoredPatient patient, double first = 91, double second = 90.5) =>
        SendAsync(patient, ("spo2", first, TimeSpan.FromSeconds(2)), ("spo2", second, TimeSpan.FromSeconds(1)));

    /// <summary>
    /// Advances the clock and runs one tick at the new "now"; returns the alarms it changed of
    /// <paramref name="patientId"/> (the tests of a class share the hub, so others' alarms tick too).
    /// </summary>
    public async Task<IReadOnlyList<AlarmResponse>> TickAfterAsync(TimeSpan after, Guid? patientId = null)
    {
        Clock.Advance(after);
        var changed = await Ticker.TickAsync(Now, TestContext.Current.CancellationToken);
        return [.. changed.Where(a => patientId is null || a.PatientId == patientId).Select(AlarmResponse.From)];
    }

    /// <summary>The patient's alarms through the API, as the administrator, newest first.</summary>
    public async Task<IReadOnlyList<JsonElement>> AlarmsAsync(Guid patientId, string? query = null)
    {
        var admin = await AdminAsync();
        var body = await admin.GetJsonAsync($"/api/alarms?patientId={patientId}{(query is null ? "" : "&" + query)}");
        return [.. body.EnumerateArray().Select(e => e.Clone())];
    }

    /// <summary>The patient's one alarm of <paramref name="kind"/> (asserting there is exactly one).</summary>
    public async Task<JsonElement> SingleAlarmAsync(Guid patientId, string kind)
    {
        var alarms = (await AlarmsAsync(patientId)).Where(a => a.GetProperty("kind").GetString() == kind).ToList();
        Assert.True(alarms.Count == 1, $"expected one {kind} alarm of patient {patientId}, found {alarms.Count}: {string.Join(", ", alarms)}");
        return alarms[0];
    }

    public async Task<JsonElement> AlarmAsync(Guid alarmId) => await (await AdminAsync()).GetJsonAsync($"/api/alarms/{alarmId}");

    public async Task<IReadOnlyList<string>> AuditActionsAsync(Guid alarmId) =>
        [.. (await AuditAsync("alarm", alarmId.ToString())).Select(r => r.Action)];

    public static string Invariant(double value) => value.ToString(CultureInfo.InvariantCulture);
}
