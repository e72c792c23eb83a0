using System.Text.Json;
using Monitoring.Domain.Alarms;
using static Monitoring.Domain.Tests.Alarms.AlarmTestData;

namespace Monitoring.Domain.Tests.Alarms;

// The alarm service stores each patient's rule state (PostgreSQL) and restores it on restart:
// it must round-trip through System.Text.Json with default options and go on exactly as before.
public sealed class PatientRuleStateTests
{
    private static readonly DateTimeOffset T = MondayEvening;

    private static RuleRunner Busy()
    {
        var runner = new RuleRunner();
        runner.Feed(Spo2(97, T.AddHours(1)));
        runner.FeedPack([Spo2(90, T), Spo2(91, T.AddSeconds(1))], T.AddHours(1));
        runner.Feed(Spo2(92, T.AddHours(1).AddSeconds(1)));
        for (var day = 0; day < 10; day++)
        {
            runner.Feed(Temp(39.0 + (day / 10.0), T.AddDays(day)));
        }

        runner.Feed(Battery(12, T.AddDays(9), Oximeter));
        runner.Feed(Battery(80, T.AddDays(9), Thermometer));
        runner.Report(new SymptomReport(Oximeter, ReportedSymptom.PregnancyWarning, T.AddDays(9)));
        return runner;
    }

    [Fact]
    public void StateRoundTripsThroughSystemTextJson()
    {
        var state = PatientAlarmRules.DeviceSilent(Busy().State, new SilentDevice(Thermometer, T, T.AddMinutes(15))).State;

        var json = JsonSerializer.Serialize(state);
        var restored = JsonSerializer.Deserialize<PatientRuleState>(json)!;

        Assert.Equal(json, JsonSerializer.Serialize(restored));
        Assert.NotNull(restored.PersistentFever.Carried);
        Assert.NotEmpty(restored.PersistentFever.Days);
        Assert.NotNull(restored.Spo2.Run);
        Assert.Equal(2, restored.Batteries.Count);
        Assert.Equal([Thermometer], restored.SilentDevices);
        Assert.Equal(PatientRuleState.CurrentVersion, restored.Version);
    }

    [Fact]
    public void RestoredStateGoesOnExactlyAsTheOriginal()
    {
        var runner = Busy();
        var restored = JsonSerializer.Deserialize<PatientRuleState>(JsonSerializer.Serialize(runner.State))!;
        VitalReading[] next = [Spo2(91, T.AddHours(1).AddSeconds(2)), Temp(38.0, T.AddDays(10)), Temp(37.0, T.AddDays(11)), Battery(50, T.AddDays(11))];

        var original = PatientAlarmRules.Evaluate(runner.State, next, runner.Thresholds, Shanghai, T.AddDays(11));
        var afterRestart = PatientAlarmRules.Evaluate(restored, next, runner.Thresholds, Shanghai, T.AddDays(11));

        Assert.NotEmpty(original.Decisions);
        Assert.Equal(original.Decisions, afterRestart.Decisions);
        Assert.Equal(JsonSerializer.Serialize(original.State), JsonSerializer.Serialize(afterRestart.State));
        // The redelivery memory survives the restart too.
        Assert.Empty(PatientAlarmRules.Evaluate(restored, [Spo2(92, T.AddHours(1).AddSeconds(1))], runner.Thresholds, Shanghai, T.AddDays(11)).Decisions);
    }

    [Fact]
    public void EmptyStateRoundTrips()
    {
        var json = JsonSerializer.Serialize(PatientRuleState.Empty);

        var restored = JsonSerializer.Deserialize<PatientRuleState>(json)!;

        Assert.Equal(json, JsonSerializer.Serialize(restored));
        Assert.Equal(0, restored.RecentFingerprints.Count);
        Assert.Null(restored.Spo2.LastAt);
    }

    // The redelivery memory is 8 bytes a reading, as one base64 string (ReadingFingerprintsJsonConverter).
    [Fact]
    public void RedeliveryMemoryIsStoredAsOneString()
    {
        var state = Busy().State;

        using var json = JsonDocument.Parse(JsonSerializer.Serialize(state));

        var stored = json.RootElement.GetProperty(nameof(PatientRuleState.RecentFingerprints));
        Assert.Equal(JsonValueKind.String, stored.ValueKind);
        Assert.Equal(state.RecentFingerprints.Count * sizeof(ulong), stored.GetBytesFromBase64().Length);
    }

    [Fact]
    public void BusyStateStaysSmall()
    {
        var json = JsonSerializer.Serialize(Busy().State);

        Assert.True(json.Length < 16_384, $"state is {json.Length} characters");
    }
}
