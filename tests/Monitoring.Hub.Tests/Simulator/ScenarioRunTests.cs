using System.Globalization;
using System.Text.Json;
using Monitoring.Hub.Tests.Infrastructure;
using Monitoring.Hub.Tests.Ingestion;

namespace Monitoring.Hub.Tests.Simulator;

/// <summary>
/// The short fleet run of issue 9: the device simulator (firmware-sim, its scenario mode, as its own
/// process) registers a patient with an oximeter and a wearable through a real hub process, streams
/// over MQTT with the devices' own credentials for some seconds, and plays a scripted
/// desaturation. The readings must land in InfluxDB and the desaturation must raise
/// <c>spo2_low</c>. Nothing here is timed: every wait is a bounded poll.
/// </summary>
[Collection(IngestionCollection.Name)]
public sealed class ScenarioRunTests : IAsyncLifetime
{
    // Real time (timeScale 1): SpO2 at 1 Hz, a desaturation to 85 % from 4 s to 16 s, i.e. many
    // consecutive readings below 93 % (clinical-rules §2: two are sustained).
    private const string Scenario =
        """
        {
          "name": "test-short-desaturation",
          "description": "Short run for the test suite: an oximeter and a wearable, one desaturation.",
          "timeScale": 1,
          "duration": "22s",
          "seed": 7,
          "patient": {
            "name": "测试 短程",
            "age": 58,
            "sex": "female",
            "underlyingDisease": "stable",
            "vaccination": "full",
            "baseline": { "spo2": 97, "pr": 76, "rr": 16, "temp": 36.6, "pi": 3.5 },
            "desaturationsPerHour": 0,
            "artefactsPerHour": 0
          },
          "devices": [
            { "kind": "oximeter", "every": "1s", "battery": 90 },
            { "kind": "wearable", "every": "2s" }
          ],
          "events": [
            { "at": "4s", "type": "desaturation", "nadir": 85, "duration": "12s" }
          ]
        }
        """;

    private readonly string _clientId = $"hub-sim-{HubFixture.Unique()}";
    private readonly string _scenarioFile = Path.Combine(Path.GetTempPath(), $"scenario-{Guid.NewGuid():N}.json");
    private OwnHub _own = null!;

    public async ValueTask InitializeAsync()
    {
        await File.WriteAllTextAsync(_scenarioFile, Scenario, TestContext.Current.CancellationToken);
        _own = await OwnHub.StartAsync(_clientId);
    }

    public async ValueTask DisposeAsync()
    {
        await _own.DisposeAsync();
        File.Delete(_scenarioFile);
    }

    [Fact]
    public async Task AScenarioRunLandsItsReadingsInInfluxDbAndItsDesaturationRaisesSpo2Low()
    {
        var ct = TestContext.Current.CancellationToken;
        var prefix = $"sim{HubFixture.Unique()}".ToLowerInvariant();
        var run = await ExternalProcess.RunAsync(
            "dotnet",
            [
                SimulatorAssembly, "scenario", _scenarioFile,
                "--hub", _own.Process.BaseAddress.ToString(),
                "--admin-user", HubFactory.AdminUsername,
                "--admin-password", HubFactory.AdminPassword,
                "--mqtt-host", "127.0.0.1",
                "--mqtt-port", DevicePublisher.SharedBrokerPort.ToString(CultureInfo.InvariantCulture),
                "--device-prefix", prefix,
            ],
            TimeSpan.FromMinutes(3),
            cancellationToken: ct);
        Assert.True(run.ExitCode == 0, $"the simulator exited with {run.ExitCode}:{Environment.NewLine}{run.StandardOutput}{run.StandardError}{Environment.NewLine}hub:{Environment.NewLine}{Tail(_own.Process.Output())}");

        using var http = _own.Process.CreateClient();
        var seed = await RegistrySeed.LoginAsync(http);
        var patients = (await seed.Admin.GetJsonAsync("/api/patients")).EnumerateArray().Select(p => p.GetProperty("id").GetGuid()).ToList();
        var patientId = Assert.Single(patients);

        // The alarm: the hub evaluates each reading as it arrives.
        var alarm = await EventuallyAsync(
            async () => (await seed.Admin.GetJsonAsync($"/api/alarms?patientId={patientId}")).EnumerateArray()
                .Where(a => a.GetProperty("kind").GetString() == "spo2_low").Select(a => (JsonElement?)a.Clone()).FirstOrDefault(),
            () => $"no spo2_low alarm for patient {patientId}; hub:{Environment.NewLine}{Tail(_own.Process.Output())}");
        Assert.Equal("high", alarm.GetProperty("priority").GetString());
        Assert.True(alarm.GetProperty("value").GetDouble() < 93, $"alarm value {alarm.GetProperty("value")}");

        // The readings: the oximeter sent SpO2 every second for the whole run; both devices sent pulse.
        var counts = (Spo2: 0L, Pulse: 0L);
        await EventuallyAsync(
            async () =>
            {
                counts = (await _own.Influx.TryCountAsync("spo2", patientId), await _own.Influx.TryCountAsync("pr", patientId));
                return counts is { Spo2: >= 15, Pulse: >= 15 } ? (bool?)true : null;
            },
            () => $"InfluxDB holds {counts.Spo2} SpO2 and {counts.Pulse} pulse points of patient {patientId}");
        var lowest = (await _own.Influx.RowsAsync($"SELECT min(\"spo2\") FROM \"vitals\" WHERE \"patient\" = '{patientId}'"))[0][1].GetDouble();
        Assert.True(lowest < 93, $"the lowest SpO2 stored is {lowest}");
        var devices = (await _own.Influx.SeriesAsync($"SHOW TAG VALUES FROM \"vitals\" WITH KEY = \"device\" WHERE \"patient\" = '{patientId}'"))
            .SelectMany(s => s.Rows).Select(r => r[1].GetString()).ToList();
        Assert.Equal([$"{prefix}-ox", $"{prefix}-wr"], devices.Order(StringComparer.Ordinal));
    }

    /// <summary>Polls (bounded, 60 s) until <paramref name="probe"/> gives a value.</summary>
    private static async Task<T> EventuallyAsync<T>(Func<Task<T?>> probe, Func<string> failure)
        where T : struct
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            if (await probe() is { } value)
            {
                return value;
            }

            if (clock.Elapsed > TimeSpan.FromSeconds(60))
            {
                Assert.Fail($"Not within 60 s: {failure()}");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(250), TestContext.Current.CancellationToken);
        }
    }

    private static string SimulatorAssembly
    {
        get
        {
            var configuration = AppContext.BaseDirectory.Contains("/Debug/", StringComparison.Ordinal) ? "Debug" : "Release";
            var path = Path.Combine(PrivateServices.RepositoryRoot(), "firmware-sim", "Monitoring.FirmwareSim", "bin", configuration, "net10.0", "Monitoring.FirmwareSim.dll");
            return File.Exists(path) ? path : throw new InvalidOperationException($"{path} is missing: build the solution first.");
        }
    }

    private static string Tail(string log) => log.Length > 6000 ? log[^6000..] : log;
}
