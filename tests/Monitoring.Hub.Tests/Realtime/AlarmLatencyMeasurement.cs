using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using Monitoring.Hub.Tests.Infrastructure;
using Monitoring.Hub.Tests.Ingestion;

namespace Monitoring.Hub.Tests.Realtime;

/// <summary>
/// Measures, on this machine, the time from starting <c>mosquitto_pub</c> (a device publishing a
/// desaturation) to the <c>alarmRaised</c> event arriving on a dashboard's WebSocket, against the hub
/// running as a real process on a real port. It reports the numbers (test output and
/// <c>artifacts/alarm-latency.txt</c>) and asserts only that every run raised its alarm: timings
/// depend on the machine and are not a pass/fail criterion.
/// </summary>
[Collection(IngestionCollection.Name)]
public sealed class AlarmLatencyMeasurement : IAsyncLifetime
{
    private const int Runs = 40;
    private readonly string _clientId = $"hub-lat-{HubFixture.Unique()}";
    private OwnHub _own = null!;

    public async ValueTask InitializeAsync()
    {
        _own = await OwnHub.StartAsync(_clientId);
    }

    public async ValueTask DisposeAsync()
    {
        await _own.DisposeAsync();
    }

    [Fact]
    public async Task MosquittoPubToAlarmRaisedIsMeasured()
    {
        try
        {
            await MeasureAsync();
        }
        catch (Exception ex) when (ex is not Xunit.Sdk.XunitException)
        {
            var log = _own.Process.Output();
            Assert.Fail($"{ex.GetType().Name}: {ex.Message}; the hub (pid {_own.Process.ProcessId?.ToString(CultureInfo.InvariantCulture) ?? "exited"}) wrote:{Environment.NewLine}{(log.Length > 8000 ? log[^8000..] : log)}");
        }
    }

    private async Task MeasureAsync()
    {
        using var http = _own.Process.CreateClient();
        var seed = await RegistrySeed.LoginAsync(http);
        var device = await seed.AssignedDeviceAsync();
        using (var episode = await http.PostJsonAsync($"/api/patients/{device.PatientId}/episodes", new { }))
        {
            Assert.Equal(HttpStatusCode.Created, episode.StatusCode);
        }

        await using var wall = await SignalRTestClient.ConnectAsync(_own.Process.BaseAddress, RealtimeFixture.TokenOf(http), "admin");
        await wall.WaitForAsync("snapshot");

        var samples = new List<double>(Runs);
        var warmUp = 0.0;
        for (var run = -1; run < Runs; run++)
        {
            var before = wall.Events.Count;
            // Normal first: it ends the previous run's desaturation, so the two low readings raise a new alarm.
            var senml = RealtimeFixture.Senml(device.Id, ("spo2", 97), ("spo2", 91), ("spo2", 90));
            var clock = Stopwatch.StartNew();
            await RealtimeFixture.MosquittoPubAsync(DevicePublisher.SharedBrokerPort, device, senml);
            var raised = await wall.WaitForAsync("alarmRaised", a => a.GetProperty("patientId").GetGuid() == device.PatientId, skip: before);
            if (run < 0)
            {
                warmUp = clock.Elapsed.TotalMilliseconds; // the first alarm of a fresh process (JIT, first queries), reported apart
            }
            else
            {
                samples.Add(clock.Elapsed.TotalMilliseconds);
            }

            var id = raised.GetProperty("id").GetGuid();
            using var resolve = await http.PostJsonAsync($"/api/alarms/{id}/resolve", new { note = $"latency run {run}" });
            Assert.Equal(HttpStatusCode.OK, resolve.StatusCode);
            await wall.WaitForAsync("alarmChanged", a => a.GetProperty("id").GetGuid() == id && a.GetProperty("state").GetString() == "resolved", skip: before);
        }

        samples.Sort();
        var report = new StringBuilder()
            .AppendLine(CultureInfo.InvariantCulture, $"mosquitto_pub start → alarmRaised on a WebSocket (hub as a process on 127.0.0.1, {Runs} runs, {Environment.ProcessorCount} cores)")
            .AppendLine(CultureInfo.InvariantCulture, $"median {Percentile(samples, 0.5):0.0} ms, p90 {Percentile(samples, 0.9):0.0} ms, worst {samples[^1]:0.0} ms, best {samples[0]:0.0} ms")
            .AppendLine(CultureInfo.InvariantCulture, $"first alarm after the hub started (warm-up, not in the above): {warmUp:0.0} ms")
            .AppendLine(CultureInfo.InvariantCulture, $"all (sorted): {string.Join(" ", samples.Select(s => s.ToString("0.0", CultureInfo.InvariantCulture)))}")
            .ToString();
        TestContext.Current.TestOutputHelper?.WriteLine(report);
        TestContext.Current.SendDiagnosticMessage(report);
        var artifacts = Path.Combine(PrivateServices.RepositoryRoot(), "artifacts");
        Directory.CreateDirectory(artifacts);
        await File.WriteAllTextAsync(Path.Combine(artifacts, "alarm-latency.txt"), report, TestContext.Current.CancellationToken);
        Assert.Equal(Runs, samples.Count);
    }

    private static double Percentile(List<double> sorted, double p) => sorted[(int)Math.Min(sorted.Count - 1, Math.Round(p * (sorted.Count - 1)))];
}
