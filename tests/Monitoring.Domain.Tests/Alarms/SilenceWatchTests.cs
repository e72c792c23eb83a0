using Monitoring.Domain.Alarms;
using static Monitoring.Domain.Tests.Alarms.AlarmTestData;

namespace Monitoring.Domain.Tests.Alarms;

// clinical-rules §2: no reading from a bound device for 15 minutes (default) is a technical alarm.
public sealed class SilenceWatchTests
{
    private static readonly DateTimeOffset T = MondayEvening;
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(15);

    [Fact]
    public void DeviceIsSilentOnceTheLimitHasPassedSinceItWasLastHeard()
    {
        var watch = new SilenceWatch();
        watch.Observe(Oximeter, T, Limit);

        Assert.Empty(watch.CollectSilent(T + Limit - TimeSpan.FromTicks(1)));
        var silent = Assert.Single(watch.CollectSilent(T + Limit));

        Assert.Equal(new SilentDevice(Oximeter, T, T + Limit), silent);
        Assert.Equal(Limit, silent.SilentAfter);
        Assert.True(watch.IsSilent(Oximeter));
    }

    [Fact]
    public void SilentDeviceIsReportedOnceUntilItIsHeardAgain()
    {
        var watch = new SilenceWatch();
        watch.Observe(Oximeter, T, Limit);
        Assert.Single(watch.CollectSilent(T.AddMinutes(20)));

        Assert.Empty(watch.CollectSilent(T.AddMinutes(40)));
        Assert.Equal(new ConditionCleared(AlarmKind.DeviceSilent, T.AddMinutes(41)), watch.Observe(Oximeter, T.AddMinutes(41), Limit));
        Assert.Null(watch.Observe(Oximeter, T.AddMinutes(42), Limit));
        Assert.Empty(watch.CollectSilent(T.AddMinutes(56)));
        Assert.Single(watch.CollectSilent(T.AddMinutes(57)));
    }

    [Fact]
    public void EachReadingPushesTheDeadlineBack()
    {
        var watch = new SilenceWatch();
        for (var minute = 0; minute <= 60; minute += 5)
        {
            watch.Observe(Oximeter, T.AddMinutes(minute), Limit);
            Assert.Empty(watch.CollectSilent(T.AddMinutes(minute)));
        }

        Assert.Empty(watch.CollectSilent(T.AddMinutes(74)));
        Assert.Equal(T.AddMinutes(75), Assert.Single(watch.CollectSilent(T.AddMinutes(75))).SilentAt);
    }

    [Fact]
    public void OlderMessageDoesNotEndASilence()
    {
        var watch = new SilenceWatch();
        watch.Observe(Oximeter, T, Limit);
        watch.CollectSilent(T.AddMinutes(20));

        Assert.Null(watch.Observe(Oximeter, T.AddMinutes(-1), Limit));
        Assert.True(watch.IsSilent(Oximeter));
    }

    [Fact]
    public void ShorterLimitTakesEffectAtOnce()
    {
        var watch = new SilenceWatch();
        watch.Observe(Oximeter, T, TimeSpan.FromMinutes(60));
        watch.Observe(Oximeter, T, Limit);

        Assert.Single(watch.CollectSilent(T + Limit));
        Assert.Empty(watch.CollectSilent(T.AddMinutes(60)));
    }

    [Fact]
    public void ForgottenDeviceIsNotReported()
    {
        var watch = new SilenceWatch();
        watch.Observe(Oximeter, T, Limit);
        watch.Observe(Thermometer, T, Limit);

        Assert.True(watch.Forget(Oximeter));

        Assert.Equal(Thermometer, Assert.Single(watch.CollectSilent(T.AddHours(1))).DeviceId);
        Assert.Equal(1, watch.Count);
    }

    [Fact]
    public void RestoredDeviceAlreadyReportedIsNotReportedTwice()
    {
        var watch = new SilenceWatch();
        watch.Restore(Oximeter, T, Limit, reportedSilent: true);
        watch.Restore(Thermometer, T, Limit, reportedSilent: false);

        Assert.Equal(Thermometer, Assert.Single(watch.CollectSilent(T.AddHours(1))).DeviceId);
        Assert.NotNull(watch.Observe(Oximeter, T.AddHours(1), Limit));
    }

    [Fact]
    public void NextCheckAtIsTheEarliestPendingDeadline()
    {
        var watch = new SilenceWatch();
        Assert.Null(watch.NextCheckAt);

        watch.Observe(Oximeter, T.AddMinutes(3), Limit);
        watch.Observe(Thermometer, T, Limit);

        Assert.Equal(T + Limit, watch.NextCheckAt);
    }

    [Fact]
    public void ForgettingOneDeviceKeepsTheOthersAndReportsThemEarliestFirst()
    {
        var watch = new SilenceWatch();
        watch.Observe("dev-a", T.AddMinutes(2), Limit);
        watch.Observe("dev-b", T, Limit);
        watch.Observe("dev-c", T.AddMinutes(1), Limit);

        Assert.True(watch.Contains("dev-b"));
        Assert.True(watch.Forget("dev-b"));
        Assert.False(watch.Forget("dev-b"));

        Assert.False(watch.Contains("dev-b"));
        Assert.True(watch.Contains("dev-a"));
        Assert.False(watch.Contains("DEV-A")); // device ids are compared ordinally
        Assert.Equal(2, watch.Count);
        Assert.Equal(T.AddMinutes(1) + Limit, watch.NextCheckAt);
        Assert.Equal(["dev-c", "dev-a"], watch.CollectSilent(T.AddHours(1)).Select(d => d.DeviceId));
        Assert.Null(watch.NextCheckAt);
    }

    // Functional, not timed: a watch is one patient's (a handful of devices); 600 with staggered last
    // readings, half of them heard again, check the bookkeeping past the usual one or two.
    [Fact]
    public void ManyDevicesAreEachReportedExactlyOnceWhenDue()
    {
        const int devices = 600;
        var watch = new SilenceWatch();
        static string Id(int i) => $"dev-{i:D6}";

        // Device i is first heard i % 600 seconds after T.
        for (var i = 0; i < devices; i++)
        {
            watch.Observe(Id(i), T.AddSeconds(i % 600), Limit);
        }

        // Even devices are heard again 10 minutes later (several readings each).
        for (var i = 0; i < devices; i += 2)
        {
            watch.Observe(Id(i), T.AddMinutes(10).AddSeconds(i % 600), Limit);
            watch.Observe(Id(i), T.AddMinutes(10).AddSeconds(i % 600), Limit);
        }

        Assert.Empty(watch.CollectSilent(T + Limit - TimeSpan.FromTicks(1)));

        // At T + 15 min + 300 s: odd devices first heard at or before T + 300 s.
        var firstWave = watch.CollectSilent(T + Limit + TimeSpan.FromSeconds(300));
        var expectedFirst = Enumerable.Range(0, devices).Where(i => i % 2 == 1 && i % 600 <= 300).Select(Id).ToHashSet();
        Assert.Equal(expectedFirst.Count, firstWave.Count);
        Assert.True(expectedFirst.SetEquals(firstWave.Select(device => device.DeviceId)));

        // By T + 30 min every odd device is silent; the even ones are not due until T + 25 min + their offset.
        var secondWave = watch.CollectSilent(T.AddMinutes(25).AddSeconds(-1));
        Assert.Equal(devices / 2 - expectedFirst.Count, secondWave.Count);
        Assert.All(secondWave, device => Assert.Equal(1, int.Parse(device.DeviceId[4..], System.Globalization.CultureInfo.InvariantCulture) % 2));

        // One odd device comes back; the rest stay reported once.
        Assert.NotNull(watch.Observe(Id(1), T.AddMinutes(26), Limit));
        var thirdWave = watch.CollectSilent(T.AddMinutes(40));
        Assert.Equal(devices / 2, thirdWave.Count);
        Assert.All(thirdWave, device => Assert.Equal(0, int.Parse(device.DeviceId[4..], System.Globalization.CultureInfo.InvariantCulture) % 2));

        Assert.Equal(Id(1), Assert.Single(watch.CollectSilent(T.AddMinutes(41))).DeviceId);
        Assert.Empty(watch.CollectSilent(T.AddDays(1)));
        Assert.Equal(devices, watch.Count);
    }
}
