using Monitoring.Hub.Realtime;

namespace Monitoring.Hub.Tests.Realtime;

/// <summary>The snapshot's vitals history, kept compact (<see cref="VitalsHistory"/>), gives back the samples as sent.</summary>
public sealed class PatientVitalsTests
{
    private static readonly Guid Patient = Guid.Parse("0192a000-0000-7000-8000-000000000002");
    private static readonly DateTimeOffset T = new(2026, 11, 22, 8, 0, 0, TimeSpan.Zero);

    [Fact]
    public void HistoryValuesComeBackAsMeasuredAndAbsentMetricsStayAbsent()
    {
        var vitals = new PatientVitals(Guid.NewGuid());
        var sample = new VitalsSample(Patient, T) { Spo2 = 96.5, Pr = 72, Temp = 36.7, Pi = 0.0123 };

        vitals.MarkSent(timestamp: 1000, sample, keep: 3, every: 10, unitsPerMs: 1);

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
            vitals.MarkSent(timestamp: i * 5, new VitalsSample(Patient, T.AddSeconds(i * 5)) { Spo2 = 90 + i }, keep: 3, every: 10, unitsPerMs: 1);
        }

        // Sent at 0, 5, ... 45 (SpO2 90, 91, ... 99): one per 10 kept (0, 10, 20, 30, 40), the newest 3 of them.
        Assert.Equal([94.0, 96.0, 98.0], vitals.RecentSamples(Patient).Select(s => s.Spo2!.Value));
    }

    [Theory]
    [InlineData(96.5)]
    [InlineData(36.75)]
    [InlineData(0.01)]
    [InlineData(250)]
    [InlineData(0)]
    [InlineData(97.249)]
    [InlineData(36.7000001)]
    [InlineData(0.0123)]
    [InlineData(327.68)]
    [InlineData(-0.0)]
    public void HistoryValuesComeBackBitForBitWhetherOrNotWholeHundredths(double value)
    {
        var vitals = new PatientVitals(Guid.NewGuid());
        vitals.MarkSent(timestamp: 0, new VitalsSample(Patient, T) { Spo2 = 95, Temp = value }, keep: 3, every: 10, unitsPerMs: 1);

        var back = Assert.Single(vitals.RecentSamples(Patient));
        Assert.Equal(BitConverter.DoubleToInt64Bits(value), BitConverter.DoubleToInt64Bits(back.Temp!.Value));
        Assert.Equal(95.0, back.Spo2);
    }

    [Fact]
    public void HistoryTimesComeBackExactlyBeforeAfterAndBetweenMilliseconds()
    {
        var vitals = new PatientVitals(Guid.NewGuid());
        DateTimeOffset[] times =
        [
            T.AddTicks(3), // the base: not a whole millisecond
            T.AddTicks(3).AddSeconds(-90), // a backlog: before the base
            T.AddTicks(4), // between milliseconds of the base
            T.AddTicks(3).AddDays(30), // beyond an int of milliseconds from the base
            T.AddTicks(3).AddMilliseconds(1),
        ];
        for (var i = 0; i < times.Length; i++)
        {
            vitals.MarkSent(timestamp: i * 10, new VitalsSample(Patient, times[i]) { Pr = 60 + i }, keep: times.Length, every: 10, unitsPerMs: 1);
        }

        Assert.Equal(times, vitals.RecentSamples(Patient).Select(s => s.T));
    }

    [Fact]
    public void RingWrapsWithoutOldSamplesLeakingIntoReusedSlots()
    {
        var vitals = new PatientVitals(Guid.NewGuid());
        // 10 samples in a ring of 3: every slot is reused three times; the odd ones need the side tables.
        for (var i = 0; i < 10; i++)
        {
            var sample = new VitalsSample(Patient, i % 2 == 1 ? T.AddTicks(i) : T.AddSeconds(i)) { Spo2 = i % 2 == 1 ? 90.001 + i : 90 + i, Bat = i < 8 ? 50 : null };
            vitals.MarkSent(timestamp: i * 10, sample, keep: 3, every: 10, unitsPerMs: 1);
        }

        var samples = vitals.RecentSamples(Patient).ToList();
        Assert.Equal([97.001, 98.0, 99.001], samples.Select(s => s.Spo2!.Value));
        Assert.Equal([T.AddTicks(7), T.AddSeconds(8), T.AddTicks(9)], samples.Select(s => s.T));
        Assert.Equal([50.0, null, null], samples.Select(s => s.Bat));

        vitals.TrimRecent(sentAt => sentAt < 80, unitsPerMs: 1);
        Assert.Equal([98.0, 99.001], vitals.RecentSamples(Patient).Select(s => s.Spo2!.Value));
    }

    [Fact]
    public void TrimmingSeesTheSentTimeToTheMillisecond()
    {
        var vitals = new PatientVitals(Guid.NewGuid());
        // Timestamps in ticks (10,000 a millisecond), as with a TimeProvider of 10 MHz.
        foreach (var sentAt in new long[] { 1_000_000, 1_250_000, 1_500_000 })
        {
            vitals.MarkSent(sentAt, new VitalsSample(Patient, T) { Spo2 = 95 }, keep: 3, every: 200_000, unitsPerMs: 10_000);
        }

        var seen = new List<long>();
        vitals.TrimRecent(sentAt => { seen.Add(sentAt); return sentAt < 1_250_000; }, unitsPerMs: 10_000);

        Assert.Equal([1_000_000, 1_250_000], seen);
        Assert.Equal(2, vitals.RecentCount);
    }

    [Fact]
    public void ASampleSentMoreThanAnIntOfMillisecondsLaterDropsOnlyThoseThatFarBack()
    {
        var vitals = new PatientVitals(Guid.NewGuid());
        long[] sent = [0, 100, 2_000_000_000, 3_000_000_000, 3_000_000_100];
        for (var i = 0; i < sent.Length; i++)
        {
            vitals.MarkSent(sent[i], new VitalsSample(Patient, T.AddSeconds(i)) { Spo2 = 90 + i }, keep: 5, every: 10, unitsPerMs: 1);
        }

        // 3e9 is more than int.MaxValue after 0 and 100, not after 2e9: those two go, the rest stay, in order.
        Assert.Equal([92.0, 93.0, 94.0], vitals.RecentSamples(Patient).Select(s => s.Spo2!.Value));
        var seen = new List<long>();
        vitals.TrimRecent(sentAt => { seen.Add(sentAt); return false; }, unitsPerMs: 1);
        Assert.Equal([2_000_000_000], seen);
    }
}
