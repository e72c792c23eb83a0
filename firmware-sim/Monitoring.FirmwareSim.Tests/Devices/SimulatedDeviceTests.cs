using Monitoring.Contracts.Metrics;
using Monitoring.Contracts.Topics;
using Monitoring.FirmwareSim.Devices;
using Monitoring.FirmwareSim.Engine;
using Monitoring.FirmwareSim.Physiology;
using Monitoring.FirmwareSim.Tests.Support;
using Monitoring.FirmwareSim.Timing;

namespace Monitoring.FirmwareSim.Tests.Devices;

public sealed class SimulatedDeviceTests
{
    private static readonly DateTimeOffset Start = new(2026, 1, 10, 0, 0, 0, TimeSpan.Zero);
    private static readonly TimeZoneInfo Shanghai = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");

    [Fact]
    public async Task AnOutageIsBufferedAndUploadedAsOneBatchOnReconnectInFakeTime()
    {
        var time = new ManualTimeProvider(Start);
        var mapping = new TimeMapping(Start, timeScale: 1);
        var random = new Random(1);
        var physiology = new PatientPhysiology(new PatientProfile(), Shanghai, random, mapping.At(Start));
        var connectivity = ConnectivityModel.Scripted();
        connectivity.AddOutage(new OfflineWindow(Start + TimeSpan.FromSeconds(60), TimeSpan.FromSeconds(120)));
        var link = new RecordingDeviceLink("ox-1");
        var device = new SimulatedDevice(
            new DeviceSettings("ox-1", DeviceKind.Oximeter, TimeSpan.FromSeconds(5), EveryOnStoryClock: false),
            link, physiology, new BatteryModel(random, 80, 1, Start, recharges: false), connectivity, mapping, mapping.At(Start));
        var simulation = new PatientSimulation("p", [device], [], mapping);

        var run = simulation.RunAsync(SimulationClock.Real(time), Start + TimeSpan.FromMinutes(5), CancellationToken.None);
        await time.RunUntilAsync(run, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(6));

        var statuses = link.Sent.Where(m => m.Kind == DeviceTopicKind.Status).Select(m => (m.Text, m.At.Wall)).ToList();
        Assert.Equal(
            [("online", Start), ("offline", Start + TimeSpan.FromSeconds(60)), ("online", Start + TimeSpan.FromSeconds(180)), ("offline", Start + TimeSpan.FromMinutes(5))],
            statuses);

        var telemetry = link.Sent.Where(m => m.Kind == DeviceTopicKind.Telemetry).ToList();
        var batch = Assert.Single(telemetry, m => m.At.Wall == Start + TimeSpan.FromSeconds(180) && m.Text.Contains("\"t\":", StringComparison.Ordinal));
        var readings = Senml.ParseValid(batch.Payload, "ox-1", DeviceTopicKind.Telemetry, batch.At.Wall);
        var times = readings.Where(r => r.Name == MetricNames.Spo2).Select(r => r.Time).ToList();

        // Samples every 5 s from 60 s (offline at 60) to 175 s: 24 of them, with their own times.
        Assert.Equal(Enumerable.Range(0, 24).Select(i => Start + TimeSpan.FromSeconds(60 + (5 * i))), times);
        Assert.Equal(1, device.Stats.Batches);
        Assert.Equal(1, device.Stats.Outages);

        // Live messages: one reading time each, every 5 s while online, none while offline.
        var live = telemetry.Where(m => m != batch).Select(m => m.At.Wall).ToList();
        Assert.DoesNotContain(live, t => t >= Start + TimeSpan.FromSeconds(60) && t < Start + TimeSpan.FromSeconds(180));
        Assert.Equal(12 + 24, live.Count);
    }

    [Fact]
    public async Task AThermometerMeasuresOnTheStoryClock()
    {
        var mapping = new TimeMapping(Start, timeScale: 60);
        var random = new Random(1);
        var physiology = new PatientPhysiology(new PatientProfile(), Shanghai, random, mapping.At(Start));
        var link = new RecordingDeviceLink("th-1");
        var device = new SimulatedDevice(
            new DeviceSettings("th-1", DeviceKind.Thermometer, TimeSpan.FromMinutes(30), EveryOnStoryClock: true),
            link, physiology, new BatteryModel(random, 80, 0.05, Start, recharges: false), ConnectivityModel.Scripted(), mapping, mapping.At(Start));

        // Two story hours at 60x are two real minutes: four readings, 30 real seconds apart.
        await new PatientSimulation("p", [device], [], mapping).RunAsync(SimulationClock.Instant(Start), Start + TimeSpan.FromMinutes(2), CancellationToken.None);

        var times = link.Sent.Where(m => m.Kind == DeviceTopicKind.Telemetry).Select(m => m.At.Wall - Start).ToList();
        Assert.Equal([TimeSpan.Zero, TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(60), TimeSpan.FromSeconds(90)], times);
        Assert.All(link.Sent.Where(m => m.Kind == DeviceTopicKind.Telemetry), m =>
            Assert.Contains(Senml.ParseValid(m.Payload, "th-1", DeviceTopicKind.Telemetry, m.At.Wall), r => r.Name == MetricNames.Temperature));
    }

    [Fact]
    public async Task CancellingARunPublishesOfflineForEveryDevice()
    {
        var mapping = new TimeMapping(Start, timeScale: 1);
        var time = new ManualTimeProvider(Start);
        var random = new Random(1);
        var physiology = new PatientPhysiology(new PatientProfile(), Shanghai, random, mapping.At(Start));
        var links = new[] { new RecordingDeviceLink("ox-1"), new RecordingDeviceLink("wr-1") };
        var devices = links.Select(l => new SimulatedDevice(
            new DeviceSettings(l.DeviceId, l.DeviceId.StartsWith("ox", StringComparison.Ordinal) ? DeviceKind.Oximeter : DeviceKind.Wearable, TimeSpan.FromSeconds(5), false),
            l, physiology, new BatteryModel(random, 80, 1, Start, false), ConnectivityModel.Scripted(), mapping, mapping.At(Start))).ToList();
        using var cts = new CancellationTokenSource();

        var run = new PatientSimulation("p", devices, [], mapping).RunAsync(SimulationClock.Real(time), null, cts.Token);
        SpinWait.SpinUntil(() => time.PendingTimers > 0, TimeSpan.FromSeconds(5));
        time.Advance(TimeSpan.FromSeconds(12));
        await cts.CancelAsync();
        await run.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);

        Assert.All(links, l =>
        {
            Assert.False(l.IsConnected);
            Assert.Equal("offline", l.Sent[^1].Text);
        });
    }
}
