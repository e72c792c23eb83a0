using System.Text.Json;
using Monitoring.Domain.Alarms;
using Monitoring.Domain.Thresholds;
using static Monitoring.Domain.Tests.Alarms.AlarmTestData;

namespace Monitoring.Domain.Tests.Alarms;

// A stored state outlives the hub version that wrote it: an upgrade must keep what the rules learnt.
public sealed class PatientRuleStateJsonTests
{
    private static readonly DateTimeOffset T = MondayEvening;

    // Written by version 1 (RecentReadings as records) for Scenario() below: a fever the day before,
    // then one pack of SpO2, temperature and battery, a dyspnea report and the thermometer silent.
    private const string Version1 =
        """
        {"Version":1,"Spo2":{"LastAt":"2025-11-24T20:00:00+08:00","LastNormalAt":null,"Run":{"StartedAt":"2025-11-24T20:00:00+08:00","Count":1},"Alarming":false,"BackfillLastAt":null,"BackfillRun":null,"BackfillReported":false},"Fever":{"LastAt":"2025-11-24T20:00:00+08:00","Alarming":true},"PersistentFever":{"Days":[{"Date":"2025-11-23","MaxCelsius":38.6,"FirstFeverAt":"2025-11-23T20:00:00+08:00","LastFeverAt":"2025-11-23T20:00:00+08:00"},{"Date":"2025-11-24","MaxCelsius":38.9,"FirstFeverAt":"2025-11-24T20:00:00+08:00","LastFeverAt":"2025-11-24T20:00:00+08:00"}],"Carried":null,"ReportedEpisodeStart":null,"ReportedEpisodeCleared":false},"Batteries":[{"DeviceId":"ox-0001","LastAt":"2025-11-24T20:00:00+08:00","Low":true}],"SilentDevices":["th-0001"],"RecentReadings":[{"DeviceId":"th-0001","Stream":"temp","At":"2025-11-23T20:00:00+08:00","Value":38.6},{"DeviceId":"ox-0001","Stream":"spo2","At":"2025-11-24T20:00:00+08:00","Value":92.5},{"DeviceId":"th-0001","Stream":"temp","At":"2025-11-24T20:00:00+08:00","Value":38.9},{"DeviceId":"ox-0001","Stream":"bat","At":"2025-11-24T20:00:00+08:00","Value":12},{"DeviceId":"ox-0001","Stream":"symptom:dyspnea","At":"2025-11-24T20:00:05+08:00","Value":0}]}
        """;

    private static readonly VitalReading[] Pack = [Spo2(92.5, T), Temp(38.9, T), Battery(12, T)];

    private static PatientRuleState Scenario()
    {
        var runner = new RuleRunner();
        runner.Feed(Temp(38.6, T.AddDays(-1)));
        runner.FeedPack(Pack, T);
        runner.Report(new SymptomReport(Oximeter, ReportedSymptom.Dyspnea, T.AddSeconds(5)));
        return PatientAlarmRules.DeviceSilent(runner.State, new SilentDevice(Thermometer, T, T.AddMinutes(15))).State;
    }

    [Fact]
    public void CurrentVersionRoundTrips()
    {
        var state = Scenario();

        var restored = PatientRuleStateJson.Read(JsonSerializer.Serialize(state));

        Assert.Equal(PatientRuleState.CurrentVersion, restored.Version);
        Assert.Equal(JsonSerializer.Serialize(state), JsonSerializer.Serialize(restored));
        Assert.Equal(5, restored.RecentFingerprints.Count);
    }

    [Fact]
    public void Version1IsMigratedToWhatThisVersionWouldHaveBuilt()
    {
        var migrated = PatientRuleStateJson.Read(Version1);

        Assert.Equal(PatientRuleState.CurrentVersion, migrated.Version);
        Assert.Equal(JsonSerializer.Serialize(Scenario()), JsonSerializer.Serialize(migrated));
    }

    [Fact]
    public void Version1KeepsItsRuleMemory()
    {
        var migrated = PatientRuleStateJson.Read(Version1);

        Assert.Equal([new DateOnly(2025, 11, 23), new DateOnly(2025, 11, 24)], migrated.PersistentFever.Days.Select(day => day.Date));
        Assert.Equal(1, migrated.Spo2.Run?.Count);
        Assert.True(migrated.Fever.Alarming);
        Assert.True(Assert.Single(migrated.Batteries).Low);
        Assert.Equal([Thermometer], migrated.SilentDevices);
    }

    // An MQTT redelivery that straddles the upgrade is still recognised.
    [Fact]
    public void Version1RedeliveryMemoryStillRecognisesItsReadings()
    {
        var migrated = PatientRuleStateJson.Read(Version1);

        var again = PatientAlarmRules.Evaluate(migrated, Pack, AlarmThresholds.Default, Shanghai, T.AddMinutes(1));
        var report = PatientAlarmRules.Evaluate(
            migrated, new SymptomReport(Oximeter, ReportedSymptom.Dyspnea, T.AddSeconds(5)), AlarmThresholds.Default, T.AddMinutes(1));

        Assert.Empty(again.Decisions);
        Assert.Same(migrated, again.State);
        Assert.Empty(report.Decisions);
        Assert.NotEmpty(PatientAlarmRules.Evaluate(migrated, [Spo2(92.5, T.AddSeconds(1))], AlarmThresholds.Default, Shanghai, T.AddMinutes(1)).Decisions);
    }

    [Theory]
    [InlineData("""{"Version":3,"SilentDevices":["th-0001"]}""")]
    [InlineData("""{"Version":0}""")]
    [InlineData("""{"SilentDevices":["th-0001"]}""")]
    [InlineData("""[]""")]
    public void UnknownVersionStartsAfresh(string json)
    {
        Assert.Same(PatientRuleState.Empty, PatientRuleStateJson.Read(json));
    }
}
