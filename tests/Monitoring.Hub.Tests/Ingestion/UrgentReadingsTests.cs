using Monitoring.Contracts.Senml;
using Monitoring.Contracts.Topics;
using Monitoring.Hub.Ingestion;

namespace Monitoring.Hub.Tests.Ingestion;

/// <summary>Which readings overtake the backlog: past the default alarm thresholds (clinical-rules §2), or a reported symptom.</summary>
public sealed class UrgentReadingsTests
{
    private static readonly DateTimeOffset At = new(2026, 12, 7, 8, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("spo2", 92.9, true)]
    [InlineData("spo2", 93.0, false)]
    [InlineData("temp", 38.6, true)]
    [InlineData("temp", 38.5, false)]
    [InlineData("pr", 180, false)]
    public void AVitalSignIsUrgentPastItsDefaultAlarmThresholdOnly(string name, double value, bool urgent) =>
        Assert.Equal(urgent, UrgentReadings.IsUrgent(new AttributedReading(
            "ox-1", Guid.Empty, Guid.Empty, DeviceTopicKind.Telemetry, name, SenmlValueKind.Number, value, null, false, At, At)));

    [Theory]
    [InlineData("dyspnea", true)]
    [InlineData("pregnancy_warning", true)]
    [InlineData("headache", false)]
    public void AReportedSymptomOrWarningSignIsUrgent(string symptom, bool urgent) =>
        Assert.Equal(urgent, UrgentReadings.IsUrgent(new AttributedReading(
            "btn-1", Guid.Empty, Guid.Empty, DeviceTopicKind.Events, "symptom", SenmlValueKind.String, 0, symptom, false, At, At)));
}
