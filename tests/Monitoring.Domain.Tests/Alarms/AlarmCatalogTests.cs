using Monitoring.Domain.Alarms;

namespace Monitoring.Domain.Tests.Alarms;

public sealed class AlarmCatalogTests
{
    // clinical-rules §2 and §3; followup_overdue medium and contact_cadence_missed low are our choices (see AlarmCatalog).
    [Theory]
    [InlineData(AlarmKind.Spo2Low, "spo2_low", AlarmPriority.High)] // 001 二(二)2(1)
    [InlineData(AlarmKind.Fever, "fever", AlarmPriority.Medium)] // 003 居家治疗指南 三(二)2(2)
    [InlineData(AlarmKind.FeverPersistent, "fever_persistent", AlarmPriority.High)] // 003 三(二)2(2); 001 二(二)2(1)
    [InlineData(AlarmKind.SymptomReported, "symptom_reported", AlarmPriority.High)] // 003 三(二)2(1)(3)(4)(5)
    [InlineData(AlarmKind.DeviceSilent, "device_silent", AlarmPriority.Low)]
    [InlineData(AlarmKind.BatteryLow, "battery_low", AlarmPriority.Low)]
    [InlineData(AlarmKind.TemperatureCheckMissed, "temperature_check_missed", AlarmPriority.Low)] // 003 三(二)1
    [InlineData(AlarmKind.FollowupOverdue, "followup_overdue", AlarmPriority.Medium)] // 001 二(二)2(1)
    [InlineData(AlarmKind.ContactCadenceMissed, "contact_cadence_missed", AlarmPriority.Low)] // 004 8
    [InlineData(AlarmKind.BoosterDue, "booster_due", AlarmPriority.Low)] // 000; an extension of the contract's kinds
    [InlineData(AlarmKind.EndCriteriaMet, "end_criteria_met", AlarmPriority.Low)] // 003 居家治疗指南 四; an extension
    public void EveryKindHasItsContractNameAndPriority(AlarmKind kind, string wireName, AlarmPriority priority)
    {
        var definition = AlarmCatalog.Get(kind);

        Assert.Equal(wireName, definition.WireName);
        Assert.Equal(priority, AlarmCatalog.PriorityOf(kind));
        Assert.False(string.IsNullOrWhiteSpace(definition.Source));
        Assert.True(AlarmWireNames.TryParse<AlarmKind>(wireName, out var parsed));
        Assert.Equal(kind, parsed);
    }

    [Fact]
    public void CatalogCoversEveryKindOnce() =>
        Assert.Equal(Enum.GetValues<AlarmKind>(), AlarmCatalog.All.Select(definition => definition.Kind));

    [Theory]
    [InlineData(AlarmKind.Spo2Low, WorseDirection.Lower)]
    [InlineData(AlarmKind.BatteryLow, WorseDirection.Lower)]
    [InlineData(AlarmKind.Fever, WorseDirection.Higher)]
    [InlineData(AlarmKind.FeverPersistent, WorseDirection.Higher)]
    [InlineData(AlarmKind.SymptomReported, WorseDirection.None)]
    public void WorstValueDirectionFollowsTheMetric(AlarmKind kind, WorseDirection worse) =>
        Assert.Equal(worse, AlarmCatalog.Get(kind).Worse);

    [Fact]
    public void WireNamesParseOnlyExactContractNames()
    {
        Assert.True(AlarmWireNames.TryParse<ReportedSymptom>("pregnancy_warning", out var symptom));
        Assert.Equal(ReportedSymptom.PregnancyWarning, symptom);
        Assert.True(AlarmWireNames.TryParse<VitalMetric>("temp", out var metric));
        Assert.Equal(VitalMetric.Temperature, metric);
        Assert.False(AlarmWireNames.TryParse<ReportedSymptom>("Dyspnea", out _));
        Assert.False(AlarmWireNames.TryParse<AlarmKind>(null, out _));
        Assert.Equal("high", AlarmWireNames.Of(AlarmPriority.High));
    }
}
