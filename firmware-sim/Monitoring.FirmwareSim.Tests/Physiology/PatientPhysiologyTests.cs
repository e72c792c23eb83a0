using Monitoring.FirmwareSim.Physiology;
using Monitoring.FirmwareSim.Timing;

namespace Monitoring.FirmwareSim.Tests.Physiology;

public sealed class PatientPhysiologyTests
{
    private static readonly DateTimeOffset Start = new(2026, 1, 10, 0, 0, 0, TimeSpan.Zero);
    private static readonly TimeZoneInfo Shanghai = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");

    [Theory]
    [InlineData(1, 94)]
    [InlineData(2, 97)]
    [InlineData(3, 99)]
    public void VitalsStayInsidePlausibleRangesThroughADayOfDesaturationsArtefactsAndFever(int seed, double spo2Baseline)
    {
        var profile = new PatientProfile
        {
            Spo2Baseline = spo2Baseline,
            PulseBaseline = 95,
            DesaturationsPerHour = 6,
            ArtefactsPerHour = 20,
        };
        var physiology = new PatientPhysiology(profile, Shanghai, new Random(seed), new SimInstant(Start, Start));
        physiology.Temperature.AddFever(new FeverCourse(Start + TimeSpan.FromHours(2), 40.5, TimeSpan.FromHours(3), TimeSpan.FromHours(12), TimeSpan.FromHours(4)));

        for (var t = TimeSpan.Zero; t < TimeSpan.FromHours(24); t += TimeSpan.FromSeconds(5))
        {
            var v = physiology.Sample(new SimInstant(Start + t, Start + t));
            Assert.InRange(v.Spo2, 50, 100);
            Assert.InRange(v.TrueSpo2, 50, 100);
            Assert.InRange(v.Pulse, 20, 250);
            Assert.InRange(v.Temperature, 30, 45);
            Assert.InRange(v.Respiratory, 4, 80);
            Assert.InRange(v.Perfusion, 0, 30);
        }
    }

    [Theory]
    [InlineData(94)]
    [InlineData(96.5)]
    [InlineData(99)]
    public void QuietSaturationStaysCloseToThePatientsBaseline(double baseline)
    {
        var spo2 = new Spo2Process(new LevelSchedule(baseline), new Random(7), 0, Start);
        var samples = Enumerable.Range(0, 3600).Select(i => spo2.At(Start + TimeSpan.FromSeconds(i), Start)).ToList();

        Assert.InRange(samples.Average(), baseline - 0.6, Math.Min(100, baseline + 0.6));
        Assert.All(samples, s => Assert.InRange(s, baseline - 3.5, 100));
    }

    [Fact]
    public void AScriptedDesaturationGivesMoreThanTenSecondsOfReadingsBelow93()
    {
        var spo2 = new Spo2Process(new LevelSchedule(96), new Random(3), 0, Start);
        spo2.AddDesaturation(new DesaturationEpisode(Start + TimeSpan.FromSeconds(60), TimeSpan.FromSeconds(40), 88));

        var readings = Enumerable.Range(0, 180).Select(i => Math.Round(spo2.At(Start + TimeSpan.FromSeconds(i), Start))).ToList();

        Assert.True(LongestRunBelow(readings, 93) > 10, $"longest run below 93: {LongestRunBelow(readings, 93)} s");
        Assert.Equal(0, LongestRunBelow(readings.Take(55).ToList(), 93));
        Assert.InRange(readings.Min(), 86, 90);
    }

    [Fact]
    public void SpontaneousDesaturationsIncludeRunsBelow93LongerThanTenSeconds()
    {
        var spo2 = new Spo2Process(new LevelSchedule(96), new Random(11), 4, Start);
        var readings = Enumerable.Range(0, 6 * 3600).Select(i => Math.Round(spo2.At(Start + TimeSpan.FromSeconds(i), Start))).ToList();

        Assert.True(RunsBelow(readings, 93, minLength: 11) >= 3, $"runs of 11+ s below 93: {RunsBelow(readings, 93, 11)}");
    }

    [Fact]
    public void MotionArtefactsCollapseThePerfusionIndexAndDipTheDisplayedSaturationOnly()
    {
        var physiology = new PatientPhysiology(new PatientProfile { Spo2Baseline = 97, PerfusionBaseline = 4 }, Shanghai, new Random(5), new SimInstant(Start, Start));
        physiology.Artefacts.Add(Start + TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(10));

        var before = physiology.Sample(At(TimeSpan.FromSeconds(20)));
        var during = physiology.Sample(At(TimeSpan.FromSeconds(35)));

        Assert.False(before.Artefact);
        Assert.True(during.Artefact);
        Assert.True(during.Perfusion < 0.6, $"perfusion index {during.Perfusion}");
        Assert.True(before.Perfusion > 2, $"perfusion index {before.Perfusion}");
        Assert.True(during.Spo2 < during.TrueSpo2 - 2, $"displayed {during.Spo2}, true {during.TrueSpo2}");
        Assert.InRange(during.TrueSpo2, 94, 100);
    }

    [Fact]
    public void SilentHypoxiaLowersSaturationWithoutRaisingBreathing()
    {
        var silent = new PatientPhysiology(new PatientProfile { Spo2Baseline = 96, RespiratoryBaseline = 16, HypoxicDrive = 0 }, Shanghai, new Random(2), At(TimeSpan.Zero));
        var felt = new PatientPhysiology(new PatientProfile { Spo2Baseline = 96, RespiratoryBaseline = 16, HypoxicDrive = 1 }, Shanghai, new Random(2), At(TimeSpan.Zero));
        foreach (var p in new[] { silent, felt })
        {
            p.Spo2.Baseline.AddRamp(new LevelRamp(Start, TimeSpan.FromHours(2), 86));
        }

        var late = Enumerable.Range(0, 60).Select(i => At(TimeSpan.FromHours(3) + TimeSpan.FromSeconds(10 * i))).ToList();
        var silentVitals = late.Select(silent.Sample).ToList();
        var feltVitals = late.Select(felt.Sample).ToList();

        Assert.InRange(silentVitals.Average(v => v.Spo2), 84, 88);
        Assert.InRange(silentVitals.Average(v => v.Respiratory), 14, 18);
        Assert.True(feltVitals.Average(v => v.Respiratory) > silentVitals.Average(v => v.Respiratory) + 3);
        Assert.True(feltVitals.Average(v => v.Pulse) > silentVitals.Average(v => v.Pulse) + 8);
    }

    [Fact]
    public void TheSameSeedReplaysTheSameReadings()
    {
        static List<double> Run(int seed)
        {
            var p = new PatientPhysiology(new PatientProfile { DesaturationsPerHour = 5, ArtefactsPerHour = 5 }, Shanghai, new Random(seed), At(TimeSpan.Zero));
            return [.. Enumerable.Range(0, 500).Select(i => p.Sample(At(TimeSpan.FromSeconds(7 * i)))).SelectMany(v => new[] { v.Spo2, v.Pulse, v.Temperature, v.Respiratory })];
        }

        Assert.Equal(Run(42), Run(42));
        Assert.NotEqual(Run(42), Run(43));
    }

    private static SimInstant At(TimeSpan offset) => new(Start + offset, Start + offset);

    private static int LongestRunBelow(IReadOnlyList<double> readings, double threshold)
    {
        int longest = 0, current = 0;
        foreach (var r in readings)
        {
            current = r < threshold ? current + 1 : 0;
            longest = Math.Max(longest, current);
        }

        return longest;
    }

    private static int RunsBelow(IReadOnlyList<double> readings, double threshold, int minLength)
    {
        int runs = 0, current = 0;
        foreach (var r in readings.Append(100))
        {
            if (r < threshold)
            {
                current++;
            }
            else
            {
                if (current >= minLength)
                {
                    runs++;
                }

                current = 0;
            }
        }

        return runs;
    }
}
