using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using Monitoring.Hub.Tests.Infrastructure;
using Monitoring.Hub.Tests.Ingestion;
using Monitoring.Hub.Tests.Realtime;

namespace Monitoring.Hub.Tests.Cluster;

/// <summary>
/// Measures, on this machine, <c>mosquitto_pub</c> start → <c>alarmRaised</c> on an administrator's
/// wall connected to the leader and on one connected to the follower, two real hub processes whose
/// SignalR groups go through the real Redis backplane (every group send goes through Redis, the
/// leader's own walls' too). It reports the numbers (test output and
/// <c>artifacts/alarm-latency-two-hubs.txt</c>) and asserts only that every run reached both walls:
/// timings depend on the machine and are not a pass/fail criterion.
/// </summary>
[Collection(IngestionCollection.Name)]
public sealed class AlarmLatencyAcrossHubsMeasurement(TwoHubs hubs) : IClassFixture<TwoHubs>
{
    private const int Runs = 20;

    [Fact]
    public async Task MosquittoPubToAlarmRaisedOnTheLeadersAndTheFollowersWallIsMeasured()
    {
        var (leader, follower) = await hubs.LeaderAsync();
        using var admin = await TwoHubs.AdminAsync(leader);
        var device = await TwoHubs.MonitoredDeviceAsync(admin, await TwoHubs.ClinicAsync(admin));
        using var adminOnFollower = await TwoHubs.AdminAsync(follower);
        await using var leaderWall = await SignalRTestClient.ConnectAsync(leader.BaseAddress, RealtimeFixture.TokenOf(admin), "admin on the leader");
        await using var followerWall = await SignalRTestClient.ConnectAsync(follower.BaseAddress, RealtimeFixture.TokenOf(adminOnFollower), "admin on the follower");
        await leaderWall.WaitForAsync("snapshot");
        await followerWall.WaitForAsync("snapshot");

        var onLeader = new List<double>(Runs);
        var onFollower = new List<double>(Runs);
        for (var run = -1; run < Runs; run++)
        {
            var before = (Leader: leaderWall.Events.Count, Follower: followerWall.Events.Count);
            // Normal first: it ends the previous run's desaturation, so the two low readings raise a new alarm.
            var senml = RealtimeFixture.Senml(device.Id, ("spo2", 97), ("spo2", 91), ("spo2", 90));
            var clock = Stopwatch.StartNew();
            await RealtimeFixture.MosquittoPubAsync(TwoHubs.BrokerPort, device.Device, senml);
            bool IsRaised(JsonElement a) => a.GetProperty("patientId").GetGuid() == device.PatientId;
            var leaderArrival = ArrivalAsync(leaderWall.WaitForAsync("alarmRaised", IsRaised, TimeSpan.FromSeconds(90), before.Leader), clock);
            var followerArrival = ArrivalAsync(followerWall.WaitForAsync("alarmRaised", IsRaised, TimeSpan.FromSeconds(90), before.Follower), clock);
            var (raised, leaderMs) = await leaderArrival;
            var (_, followerMs) = await followerArrival;
            if (run >= 0)
            {
                // The first run warms both processes up (JIT, first queries): not counted.
                onLeader.Add(leaderMs);
                onFollower.Add(followerMs);
            }

            var id = raised.GetProperty("id").GetGuid();
            using var resolve = await admin.PostJsonAsync($"/api/alarms/{id}/resolve", new { note = $"latency run {run}" });
            Assert.Equal(HttpStatusCode.OK, resolve.StatusCode);
            bool IsResolved(JsonElement a) => a.GetProperty("id").GetGuid() == id && a.GetProperty("state").GetString() == "resolved";
            await leaderWall.WaitForAsync("alarmChanged", IsResolved, TimeSpan.FromSeconds(90), before.Leader);
            await followerWall.WaitForAsync("alarmChanged", IsResolved, TimeSpan.FromSeconds(90), before.Follower);
        }

        onLeader.Sort();
        onFollower.Sort();
        var report = new StringBuilder()
            .AppendLine(CultureInfo.InvariantCulture, $"mosquitto_pub start → alarmRaised, two hub processes with the Redis backplane ({Runs} runs, {Environment.ProcessorCount} cores)")
            .AppendLine(CultureInfo.InvariantCulture, $"wall on the leader:   median {Percentile(onLeader, 0.5):0.0} ms, p90 {Percentile(onLeader, 0.9):0.0} ms, worst {onLeader[^1]:0.0} ms")
            .AppendLine(CultureInfo.InvariantCulture, $"wall on the follower: median {Percentile(onFollower, 0.5):0.0} ms, p90 {Percentile(onFollower, 0.9):0.0} ms, worst {onFollower[^1]:0.0} ms")
            .ToString();
        TestContext.Current.TestOutputHelper?.WriteLine(report);
        TestContext.Current.SendDiagnosticMessage(report);
        var artifacts = Path.Combine(PrivateServices.RepositoryRoot(), "artifacts");
        Directory.CreateDirectory(artifacts);
        await File.WriteAllTextAsync(Path.Combine(artifacts, "alarm-latency-two-hubs.txt"), report, TestContext.Current.CancellationToken);
        Assert.Equal((Runs, Runs), (onLeader.Count, onFollower.Count));
    }

    private static async Task<(JsonElement Event, double Milliseconds)> ArrivalAsync(Task<JsonElement> arrival, Stopwatch clock)
    {
        var received = await arrival;
        return (received, clock.Elapsed.TotalMilliseconds);
    }

    private static double Percentile(List<double> sorted, double p) => sorted[(int)Math.Min(sorted.Count - 1, Math.Round(p * (sorted.Count - 1)))];
}
