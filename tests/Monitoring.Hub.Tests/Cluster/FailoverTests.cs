using System.Diagnostics;
using System.Text.Json;
using Monitoring.Hub.Tests.Infrastructure;
using Monitoring.Hub.Tests.Ingestion;
using Monitoring.Hub.Tests.Realtime;

namespace Monitoring.Hub.Tests.Cluster;

/// <summary>
/// One of three hubs dies mid-stream, killed (SIGKILL) or frozen (SIGSTOP, its sockets open): Orleans
/// declares it dead, its patients' grains come back on the others from what PostgreSQL holds, and a
/// desaturation of such a patient raises its alarm; the hub comes back as its supervisor brings it
/// (a restart; SIGCONT) and drains what the broker kept in its session, so InfluxDB misses nothing.
/// The failover times are printed (docs/scale-out.md), never asserted: this machine is shared.
/// </summary>
[Collection(IngestionCollection.Name)]
public sealed class FailoverTests(ThreeHubs hubs) : IClassFixture<ThreeHubs>
{
    private static bool IsFor(JsonElement payload, Guid patientId) =>
        payload.ValueKind == JsonValueKind.Object && payload.TryGetProperty("patientId", out var id) && id.GetGuid() == patientId;

    private static bool IsSpo2Low(JsonElement alarm) => alarm.GetProperty("kind").GetString() == "spo2_low";

    [Fact]
    public Task AKilledHubsPatientsAreServedByTheOthersAndItsRestartLeavesNothingMissingInInflux() =>
        FailoverAsync(frozen: false);

    [Fact]
    public Task AFrozenHubsPatientsAreServedByTheOthersAndItsReturnLeavesNothingMissingInInflux() =>
        FailoverAsync(frozen: true);

    private async Task FailoverAsync(bool frozen)
    {
        var what = frozen ? "SIGSTOP" : "SIGKILL";
        await using var locator = await GrainLocator.ConnectAsync(hubs);
        using var setup = await HubCluster.AdminAsync(hubs.A);
        var clinic = await HubCluster.ClinicAsync(setup);

        // The watched patient's grain decides which hub dies; the streams' patients live anywhere.
        var watched = await HubCluster.MonitoredDeviceAsync(setup, clinic);
        await RealtimeFixture.MosquittoPubAsync(HubCluster.BrokerPort, watched.Device, RealtimeFixture.Senml(watched.Id, ("spo2", 97)));
        HubProcess? victim = null;
        await HubCluster.UntilAsync(async () => (victim = await locator.HostOfAsync(hubs, watched.PatientId)) is not null,
            TimeSpan.FromSeconds(60), () => "the watched patient's grain never became active");
        var survivor = hubs.Hubs.First(h => h != victim);
        using var admin = await HubCluster.AdminAsync(survivor);
        var nurse = await HubCluster.NurseAsync(admin, clinic);
        using var nurseClient = await HubCluster.LoginAsync(survivor, nurse.Username, nurse.Password);
        await using var wall = await SignalRTestClient.ConnectAsync(survivor.BaseAddress, RealtimeFixture.TokenOf(nurseClient), "nurse on a surviving hub");
        await wall.WaitForAsync("snapshot");

        var streams = new List<(MonitoredDevice Device, DevicePublisher Publisher, SteadyStream Stream)>();
        for (var i = 0; i < 3; i++)
        {
            var device = await HubCluster.MonitoredDeviceAsync(admin, clinic);
            var publisher = await DevicePublisher.AsDeviceAsync(HubCluster.BrokerPort, device.Device);
            var stream = new SteadyStream(publisher, device.Id, TimeSpan.FromMilliseconds(20), DateTimeOffset.UtcNow.AddSeconds(1));
            streams.Add((device, publisher, stream));
            stream.Start();
        }

        await HubCluster.UntilAsync(() => Task.FromResult(streams.All(s => s.Stream.Sent >= 50)), TimeSpan.FromSeconds(60), () => "the streams did not start");

        var clock = Stopwatch.StartNew();
        if (frozen)
        {
            await victim!.FreezeAsync();
        }
        else
        {
            await victim!.KillAsync();
        }

        // A desaturation every 200 ms from the moment the hub dies: any that the broker hands to a
        // surviving hub waits for the grain's failover, then raises the alarm.
        var desaturations = 0;
        using var stop = new CancellationTokenSource();
        var publishing = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                await RealtimeFixture.MosquittoPubAsync(HubCluster.BrokerPort, watched.Device, RealtimeFixture.Senml(watched.Id, ("spo2", 88), ("spo2", 87)));
                desaturations++;
                await Task.Delay(200, CancellationToken.None);
            }
        });
        var raised = await wall.WaitForAsync("alarmRaised", a => IsFor(a, watched.PatientId), TimeSpan.FromSeconds(120));
        var failover = clock.Elapsed;
        await stop.CancelAsync();
        await publishing;
        var newHost = await locator.HostOfAsync(hubs, watched.PatientId);
        Assert.NotNull(newHost);
        Assert.NotSame(victim, newHost);
        TestContext.Current.TestOutputHelper?.WriteLine(
            $"{what}: the dead hub's patient's alarm reached a wall on another hub {failover.TotalSeconds:0.0} s after the signal " +
            $"({desaturations} desaturation messages sent meanwhile); its grain now lives on silo port {newHost.SiloPort}");

        // The hub comes back as its supervisor brings it, and drains its session.
        var stopped = clock.Elapsed;
        if (frozen)
        {
            await victim.ThawAsync();
            // Orleans declared it dead while it was frozen: on waking it learns so and stops itself, and its supervisor restarts it.
            Assert.True(await victim.WaitForExitAsync(TimeSpan.FromSeconds(60)), $"the thawed hub still runs{Environment.NewLine}{victim.Output()}");
        }

        await victim.StartAsync();
        TestContext.Current.TestOutputHelper?.WriteLine($"{what}: the hub was back and subscribed {(clock.Elapsed - stopped).TotalSeconds:0.0} s after its return began");

        foreach (var (device, publisher, stream) in streams)
        {
            var sent = await stream.StopAsync();
            await publisher.DisposeAsync();
            await IngestionFixture.WaitForCountAsync(hubs.Influx, "spo2", device.PatientId, sent, TimeSpan.FromSeconds(120));
            await IngestionFixture.WaitForCountAsync(hubs.Influx, "pr", device.PatientId, sent, TimeSpan.FromSeconds(30));
        }

        await IngestionFixture.WaitForCountAsync(hubs.Influx, "spo2", watched.PatientId, 1 + (2L * desaturations), TimeSpan.FromSeconds(60));
        var alarms = await HubCluster.AlarmsOfAsync(admin, watched.PatientId);
        var alarm = Assert.Single(alarms, IsSpo2Low);
        Assert.Equal(raised.GetProperty("id").GetGuid(), alarm.GetProperty("id").GetGuid());
    }
}
