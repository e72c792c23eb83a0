using Monitoring.Domain.Alarms;
using Monitoring.Domain.Thresholds;
using static Monitoring.Domain.Tests.Alarms.AlarmTestData;

namespace Monitoring.Domain.Tests.Alarms;

public sealed class PatientAlarmRulesTests
{
    private static readonly DateTimeOffset T = MondayEvening;

    // 001_c1a4964215f4f1e9.txt, 二(二)2(1) (呼吸困难); 003_b7fae3b13c0d2460.txt, 新冠病毒感染者居家治疗指南
    // 三(二)2(1) 呼吸困难或气促, (3) 基础疾病明显加重, (4) 儿童…嗜睡、持续拒食, (5) 孕妇…头痛、胎动异常.
    [Theory]
    [InlineData(ReportedSymptom.Dyspnea, "dyspnea")]
    [InlineData(ReportedSymptom.DiseaseWorsening, "disease_worsening")]
    [InlineData(ReportedSymptom.ChildWarning, "child_warning")]
    [InlineData(ReportedSymptom.PregnancyWarning, "pregnancy_warning")]
    public void EveryReportedSymptomRaisesHighWithWhichOne(ReportedSymptom symptom, string detail)
    {
        var raise = Assert.IsType<Raise>(Assert.Single(new RuleRunner().Report(new SymptomReport(Oximeter, symptom, T))));

        Assert.Equal(AlarmKind.SymptomReported, raise.Kind);
        Assert.Equal(AlarmPriority.High, raise.Priority);
        Assert.Equal(detail, raise.Detail);
        Assert.Null(raise.Value);
        Assert.Equal(T, raise.ObservedAt);
    }

    [Fact]
    public void EachNewReportRaisesAgain()
    {
        var runner = new RuleRunner();
        runner.Report(new SymptomReport(Oximeter, ReportedSymptom.Dyspnea, T));

        Assert.IsType<Raise>(Assert.Single(runner.Report(new SymptomReport(Oximeter, ReportedSymptom.Dyspnea, T.AddMinutes(30)))));
    }

    // LateAfterMinutes = 5: strictly more than 5 minutes between the reading's time and its arrival.
    [Theory]
    [InlineData(300, false)]
    [InlineData(301, true)]
    public void DecisionOnAReadingThatArrivedLateIsMarkedLate(int secondsInTransit, bool late)
    {
        var runner = new RuleRunner();

        var raise = Assert.IsType<Raise>(Assert.Single(runner.Feed(Temp(39.0, T), T.AddSeconds(secondsInTransit))));

        Assert.Equal(late, raise.Late);
    }

    [Fact]
    public void SymptomReportThatArrivedLateIsMarkedLate()
    {
        var raise = Assert.IsType<Raise>(Assert.Single(
            new RuleRunner().Report(new SymptomReport(Oximeter, ReportedSymptom.Dyspnea, T), T.AddMinutes(30))));

        Assert.True(raise.Late);
    }

    // Two SpO2 readings 10 s apart that both arrive an hour later in one message: the sustain delay is
    // measured on the readings' own times, not on their (identical) arrival.
    [Fact]
    public void RulesJudgeAReadingOnItsOwnTimeNotItsArrival()
    {
        var runner = new RuleRunner(AlarmThresholds.Default with { Spo2SustainReadings = 5, Spo2SustainSeconds = 10 });

        var decisions = runner.FeedPack([Spo2(90, T), Spo2(90, T.AddSeconds(10))], T.AddHours(1));

        var raise = Assert.IsType<Raise>(Assert.Single(decisions));
        Assert.Equal(T.AddSeconds(10), raise.ObservedAt);
        Assert.True(raise.Late);
    }

    // MQTT QoS 1 delivers at least once: the same reading twice must not count twice.
    [Fact]
    public void RedeliveredSpo2ReadingDoesNotCountTwice()
    {
        var runner = new RuleRunner();
        runner.Feed(Spo2(92.9, T));
        var before = runner.State;

        Assert.Empty(runner.Feed(Spo2(92.9, T), T.AddSeconds(30)));
        Assert.Same(before, runner.State);
        Assert.IsType<Raise>(Assert.Single(runner.Feed(Spo2(92.9, T.AddSeconds(1)))));
    }

    [Fact]
    public void RedeliveredMessageRaisesNothingNew()
    {
        var runner = new RuleRunner();
        VitalReading[] pack = [Spo2(90, T), Spo2(89, T.AddSeconds(1)), Temp(39.0, T), Battery(10, T)];
        Assert.Equal(3, runner.FeedPack(pack, T.AddSeconds(2)).Count);

        Assert.Empty(runner.FeedPack(pack, T.AddMinutes(1)));
        Assert.Single(runner.Report(new SymptomReport(Oximeter, ReportedSymptom.Dyspnea, T)));
        Assert.Empty(runner.Report(new SymptomReport(Oximeter, ReportedSymptom.Dyspnea, T)));
    }

    [Fact]
    public void RedeliveredBacklogDoesNotReportItsEpisodeAgain()
    {
        var runner = new RuleRunner();
        var now = T.AddHours(1);
        runner.Feed(Spo2(97, now));
        VitalReading[] backlog = [Spo2(90, T), Spo2(90, T.AddSeconds(1)), Temp(39.2, T)];
        Assert.NotEmpty(runner.FeedPack(backlog, now));

        Assert.Empty(runner.FeedPack(backlog, now.AddMinutes(1)));
    }

    // Same device, metric and time but another value is not a redelivery (a device correcting itself).
    [Fact]
    public void SameTimeWithAnotherValueIsNotARedelivery()
    {
        var runner = new RuleRunner();
        runner.Feed(Temp(39.0, T));

        Assert.IsType<Update>(Assert.Single(runner.Feed(Temp(39.2, T)), d => d.Kind == AlarmKind.Fever));
    }

    // The redelivery memory holds the 64 most recent readings: the oldest is forgotten, so a copy of it
    // counts again, while a copy of any of the 64 does not.
    [Fact]
    public void RedeliveryMemoryKeepsTheNewestReadingsOnly()
    {
        var runner = new RuleRunner();
        for (var i = 0; i <= ReadingFingerprints.Capacity; i++)
        {
            runner.Feed(Spo2(97, T.AddSeconds(i)));
        }

        var full = runner.State;
        Assert.Equal(ReadingFingerprints.Capacity, full.RecentFingerprints.Count);
        Assert.Equal(ReadingKey.Of(Spo2(97, T.AddSeconds(ReadingFingerprints.Capacity))).Fingerprint, full.RecentFingerprints.Items[^1]);
        runner.Feed(Spo2(97, T.AddSeconds(1)));
        Assert.Same(full, runner.State);
        runner.Feed(Spo2(97, T));
        Assert.NotSame(full, runner.State);
        Assert.Equal(ReadingFingerprints.Capacity, runner.State.RecentFingerprints.Count);
    }

    // Same time and value from another device, or of another metric, is another reading.
    [Fact]
    public void SameTimeAndValueFromAnotherDeviceOrMetricIsNotARedelivery()
    {
        var runner = new RuleRunner(AlarmThresholds.Default with { Spo2SustainReadings = 2 });
        runner.Feed(Spo2(90, T));

        Assert.IsType<Raise>(Assert.Single(runner.Feed(Spo2(90, T, device: "ox-0002"))));
        var before = runner.State;
        runner.Feed(Battery(90, T));
        Assert.NotSame(before, runner.State);
        Assert.Equal(3, runner.State.RecentFingerprints.Count);
    }

    // A pack that carries the same record twice counts it once.
    [Fact]
    public void SameReadingTwiceInOnePackCountsOnce()
    {
        var runner = new RuleRunner(AlarmThresholds.Default with { Spo2SustainReadings = 2 });

        Assert.Empty(runner.FeedPack([Spo2(90, T), Spo2(90, T)], T));
        Assert.Equal(1, runner.State.RecentFingerprints.Count);
    }

    // clinical-rules §2: implausible values are rejected by ingestion and never alarmed on; the rules check again.
    [Theory]
    [InlineData(VitalMetric.Spo2, 49.9)]
    [InlineData(VitalMetric.Spo2, double.NaN)]
    [InlineData(VitalMetric.Temperature, 45.1)]
    [InlineData(VitalMetric.Battery, -1)]
    public void ImplausibleReadingsNeverAlarm(VitalMetric metric, double value)
    {
        var runner = new RuleRunner(AlarmThresholds.Default with { Spo2SustainReadings = 1 });

        Assert.Empty(runner.Feed(new VitalReading(Oximeter, metric, value, T)));
        Assert.Same(PatientRuleState.Empty, runner.State);
    }

    [Theory]
    [InlineData(VitalMetric.PulseRate, 250)]
    [InlineData(VitalMetric.RespiratoryRate, 40)]
    [InlineData(VitalMetric.PerfusionIndex, 0.2)]
    public void MetricsWithoutARuleChangeNothing(VitalMetric metric, double value)
    {
        var runner = new RuleRunner();

        Assert.Empty(runner.Feed(new VitalReading(Oximeter, metric, value, T)));
        Assert.Same(PatientRuleState.Empty, runner.State);
    }

    [Fact]
    public void DeviceSilentIsOneAlarmWhileAnyDeviceOfThePatientIsSilent()
    {
        var state = PatientRuleState.Empty;
        var oximeterSilent = new SilentDevice(Oximeter, T, T.AddMinutes(15));
        var thermometerSilent = new SilentDevice(Thermometer, T.AddMinutes(1), T.AddMinutes(16));

        var first = PatientAlarmRules.DeviceSilent(state, oximeterSilent);
        var raise = Assert.IsType<Raise>(Assert.Single(first.Decisions));
        Assert.Equal(AlarmPriority.Low, raise.Priority);
        Assert.Equal(Oximeter, raise.Detail);
        Assert.Equal(15, raise.Threshold);
        Assert.Equal(T.AddMinutes(15), raise.ObservedAt);

        Assert.Empty(PatientAlarmRules.DeviceSilent(first.State, oximeterSilent).Decisions);
        var second = PatientAlarmRules.DeviceSilent(first.State, thermometerSilent);
        Assert.Equal($"{Oximeter}, {Thermometer}", Assert.IsType<Update>(Assert.Single(second.Decisions)).Detail);

        var oximeterBack = PatientAlarmRules.DeviceResumed(second.State, Oximeter, T.AddMinutes(20));
        Assert.Empty(oximeterBack.Decisions);
        var thermometerBack = PatientAlarmRules.DeviceResumed(oximeterBack.State, Thermometer, T.AddMinutes(21));
        Assert.Equal(new ConditionCleared(AlarmKind.DeviceSilent, T.AddMinutes(21)), Assert.Single(thermometerBack.Decisions));
        Assert.Empty(thermometerBack.State.SilentDevices);
    }
}
