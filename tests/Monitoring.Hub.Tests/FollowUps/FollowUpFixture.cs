using Microsoft.Extensions.Time.Testing;
using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Monitoring.Hub.Alarms.Grains;
using Monitoring.Hub.Database;
using Monitoring.Hub.FollowUps;
using Monitoring.Hub.Tests.Infrastructure;

namespace Monitoring.Hub.Tests.FollowUps;

/// <summary>
/// A hub on its own database with a fake clock, the alarm ticker off, the Hangfire server off
/// (Testing), and fake temperature readings: tests move the clock and call the sweeps themselves.
/// </summary>
public class FollowUpFixture : HubFixture, IAsyncLifetime
{
    public static readonly TimeZoneInfo Shanghai = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");
    public static readonly TimeZoneInfo London = TimeZoneInfo.FindSystemTimeZoneById("Europe/London");

    public FakeTimeProvider Clock { get; } = new(StoredTime.Truncate(DateTimeOffset.UtcNow));

    public FakeTemperatureReadings Temperatures { get; } = new();

    protected override bool CacheAdminLogin => false;

    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Alarms:TickerEnabled"] = "false",
    };

    public DateTimeOffset Now => Clock.GetUtcNow();

    public new async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        await Factory.Services.GetRequiredService<AlarmEngineStartup>().Ready.WaitAsync(TimeSpan.FromSeconds(60));
    }

    protected override void ConfigureServices(IServiceCollection services)
    {
        services.AddSingleton<TimeProvider>(new FakeWallClock(Clock));
        services.AddSingleton<ITemperatureReadings>(Temperatures);
    }

    /// <summary>Moves the clock forward to the next <paramref name="day"/> at <paramref name="time"/> in <paramref name="zone"/>.</summary>
    public DateTimeOffset AdvanceToNext(DayOfWeek day, TimeOnly time, TimeZoneInfo zone)
    {
        var local = TimeZoneInfo.ConvertTime(Now, zone);
        var date = DateOnly.FromDateTime(local.DateTime);
        for (var i = 0; i <= 7; i++)
        {
            var candidate = Monitoring.Domain.FollowUps.ClinicWeek.LocalInstant(date.AddDays(i), time, zone);
            if (candidate > Now && candidate.DayOfWeekIn(zone) == day)
            {
                Clock.Advance(candidate - Now);
                return candidate;
            }
        }

        throw new InvalidOperationException("unreachable");
    }

    public void AdvanceTo(DateTimeOffset instant)
    {
        Assert.True(instant >= Now, $"the clock only moves forward ({instant:O} < {Now:O})");
        Clock.Advance(instant - Now);
    }

    public Task<int> SweepOverdueAsync() => Factory.Services.GetRequiredService<FollowUpOverdueSweep>().SweepAsync(Now, TestContext.Current.CancellationToken);

    public Task<int> SweepCadenceAsync() => Factory.Services.GetRequiredService<ContactCadenceSweep>().SweepAsync(Now, TestContext.Current.CancellationToken);

    public Task<int> SweepTemperatureAsync() => Factory.Services.GetRequiredService<TemperatureCheckSweep>().SweepAsync(Now, TestContext.Current.CancellationToken);

    public Task<int> SweepEndOfTreatmentAsync() => Factory.Services.GetRequiredService<EndOfTreatmentSweep>().SweepAsync(Now, TestContext.Current.CancellationToken);

    public Task<int> SweepBoostersAsync() => Factory.Services.GetRequiredService<BoosterDueSweep>().SweepAsync(Now, TestContext.Current.CancellationToken);

    /// <summary>The patient's alarms of <paramref name="kind"/> through the API, newest raised first.</summary>
    public async Task<IReadOnlyList<JsonElement>> AlarmsAsync(Guid patientId, string kind) =>
        [.. (await (await AdminAsync()).GetJsonAsync($"/api/alarms?patientId={patientId}&kind={kind}")).EnumerateArray().Select(a => a.Clone())];

    public async Task<Guid> PatientAsync(Guid clinicId, string tier = "green")
    {
        var changes = tier switch
        {
            "yellow" => new Dictionary<string, object?> { ["underlyingDisease"] = "unstable", ["vaccination"] = "full" },
            "red" => new Dictionary<string, object?> { ["underlyingDisease"] = "unstable", ["vaccination"] = "none" },
            _ => null,
        };
        var body = await CreatePatientAsync(await AdminAsync(), clinicId, changes);
        Assert.Equal(tier, body.GetProperty("riskTier").GetString());
        return body.GetProperty("id").GetGuid();
    }

    public async Task StartEpisodeAsync(Guid patientId)
    {
        using var response = await (await AdminAsync()).PostJsonAsync($"/api/patients/{patientId}/episodes", new { });
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"starting home treatment answered {(int)response.StatusCode}: {await response.ReadJsonAsync()}");
    }

    public async Task EndEpisodeAsync(Guid patientId)
    {
        using var response = await (await AdminAsync()).PostJsonAsync($"/api/patients/{patientId}/episodes/current/end", new { reason = "recovered" });
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"ending home treatment answered {(int)response.StatusCode}: {await response.ReadJsonAsync()}");
    }

    /// <summary>The patient's open follow-up through the API (status due or overdue), or null.</summary>
    public async Task<JsonElement?> OpenFollowUpAsync(Guid patientId)
    {
        var list = await (await AdminAsync()).GetJsonAsync("/api/followups");
        var mine = list.EnumerateArray().Where(f => f.GetProperty("patientId").GetGuid() == patientId).Select(f => f.Clone()).ToList();
        Assert.True(mine.Count <= 1, $"more than one open follow-up: {string.Join(", ", mine)}");
        return mine.Count == 0 ? null : mine[0];
    }

    public async Task<JsonElement> CompleteAsync(Guid followUpId, string channel = "phone")
    {
        using var response = await (await AdminAsync()).PostJsonAsync($"/api/followups/{followUpId}/complete", new { channel, outcome = "stable, no warning signs" });
        var body = await response.ReadJsonAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"completing answered {(int)response.StatusCode}: {body}");
        return body;
    }

    public async Task ContactAsync(Guid patientId, string channel = "wechat")
    {
        using var response = await (await AdminAsync()).PostJsonAsync($"/api/patients/{patientId}/contacts", new { channel });
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"recording a contact answered {(int)response.StatusCode}: {await response.ReadJsonAsync()}");
    }

    public Task<long> AlarmCountAsync(Guid patientId, string kind) =>
        CountAsync("SELECT count(*) FROM alarms WHERE patient_id = @p AND kind = @k", ("p", patientId), ("k", kind));

    public async Task<IReadOnlyList<string>> RemindersAsync(Guid patientId, string kind)
    {
        await using var command = Database.DataSource.CreateCommand(
            "SELECT period_key FROM reminders_sent WHERE patient_id = @p AND kind = @k ORDER BY period_key");
        command.Parameters.AddWithValue("p", patientId);
        command.Parameters.AddWithValue("k", kind);
        await using var reader = await command.ExecuteReaderAsync();
        var keys = new List<string>();
        while (await reader.ReadAsync())
        {
            keys.Add(reader.GetString(0));
        }

        return keys;
    }

    public DateOnly LocalToday(TimeZoneInfo zone) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(Now, zone).DateTime);
}

internal static class ZoneExtensions
{
    public static DayOfWeek DayOfWeekIn(this DateTimeOffset instant, TimeZoneInfo zone) => TimeZoneInfo.ConvertTime(instant, zone).DayOfWeek;
}
