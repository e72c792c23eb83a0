using Monitoring.Hub.Realtime;

namespace Monitoring.Hub.Tests.Realtime;

/// <summary>The snapshot's vitals history, kept compact (single precision), gives back the values as measured.</summary>
public sealed class PatientVitalsTests
{
    private static readonly Guid Patient = Guid.Parse("0192a000-0000-7000-8000-000000000002");
    private static readonly DateTimeOffset T = new(2026, 11, 22, 8, 0, 0, TimeSpan.Zero);

    [Fact]
    public void HistoryValuesComeBackAsMeasuredAndAbsentMetricsStayAbsent()
    {
        var vitals = new PatientVitals(Guid.NewGuid());
        var sample = new VitalsSample(Patient, T) { Spo2 = 96.5, Pr = 72, Temp = 36.7, Pi = 0.0123 };

        vitals.MarkSent(timestamp: 1000, sample, keep: 3, every: 10);

        var back = Assert.Single(vitals.RecentSamples(Patient));
        Assert.Equal((96.5, 72.0, 36.7, 0.0123), (back.Spo2, back.Pr, back.Temp, back.Pi));
        Assert.Equal((T, (double?)null, (double?)null), (back.T, back.Rr, back.Bat));
    }

    [Fact]
    public void HistoryKeepsOneSamplePerPeriodAndTheNewestFew()
    {
        var vitals = new PatientVitals(Guid.NewGuid());
        for (var i = 0; i < 10; i++)
        {
            vitals.MarkSent(timestamp: i * 5, new VitalsSample(Patient, T.AddSeconds(i * 5)) { Spo2 = 90 + i }, keep: 3, every: 10);
        }

        // Sent at 0, 5, ... 45 (SpO2 90, 91, ... 99): one per 10 kept (0, 10, 20, 30, 40), the newest 3 of them.
        Assert.Equal([94.0, 96.0, 98.0], vitals.RecentSamples(Patient).Select(s => s.Spo2!.Value));
    }
}
