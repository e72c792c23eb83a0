using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Monitoring.Hub.Benchmarks;

/// <summary>
/// The hub as its own process, as deployed: <c>dotnet Monitoring.Hub.dll</c> of the Release build,
/// Production environment, configured by environment variables, ingestion and alarms on, its
/// collector settings as the project file sets them (nothing overridden here).
/// </summary>
public sealed class HubHost : IAsyncDisposable
{
    public const string AdminUsername = "bench-admin";
    public const string AdminPassword = "bench-admin-password-1";

    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly Lock _lock = new();
    private bool _disposed;

    private HubHost(Process process, Uri baseAddress)
    {
        _process = process;
        BaseAddress = baseAddress;
    }

    public Uri BaseAddress { get; }

    public int ProcessId => _process.Id;

    public static string DatabaseName => "monitoring_bench";

    public static string InfluxDatabase => "rpm_bench";

    /// <summary>
    /// Starts hub <paramref name="index"/> (1, 2, ...: its HTTP port BENCH_HUB_PORT + index - 1 when that is set, and its log file)
    /// and waits until it is ready and subscribed; <paramref name="cluster"/> adds configuration (several hubs: <see cref="HubSet"/>).
    /// </summary>
    public static async Task<HubHost> StartAsync(BenchSettings settings, string mqttClientId, int index = 1, IReadOnlyDictionary<string, string>? cluster = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var port = settings.HubPort > 0 ? settings.HubPort + index - 1 : FreePort();
        var dll = settings.HubDll;
        if (!File.Exists(dll))
        {
            throw new InvalidOperationException($"No hub build at {dll} (dotnet build src/Monitoring.Hub -c Release).");
        }

        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(dll)!,
        };
        start.ArgumentList.Add(dll);
        var environment = new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}",
            ["Urls"] = $"http://127.0.0.1:{port}",
            ["Admin__Username"] = AdminUsername,
            ["Admin__Password"] = AdminPassword,
            ["Auth__SigningKey"] = "monitoring-hub-benchmark-signing-key-0123456789abcdef",
            ["Database__ConnectionString"] = Postgres.ConnectionString(settings, DatabaseName),
            ["Influx__Url"] = $"http://127.0.0.1:{settings.InfluxPort}",
            ["Influx__Database"] = InfluxDatabase,
            ["Mqtt__Host"] = "127.0.0.1",
            ["Mqtt__Port"] = settings.MqttPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Mqtt__Username"] = "hub",
            ["Mqtt__Password"] = settings.MqttHubPassword,
            ["Mqtt__ClientId"] = mqttClientId,
            ["Mqtt__SharedGroup"] = "",
            // The hub's Orleans silo port, free on this machine (the default 11111 may be another hub's).
            ["Orleans__SiloPort"] = FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        foreach (var (key, value) in environment.Concat(cluster ?? new Dictionary<string, string>()))
        {
            start.Environment[key] = value;
        }

        // The benchmark's own knobs for the hub (e.g. BENCH_HUB_Influx__BatchSize=10000) pass through without the prefix.
        foreach (var key in Environment.GetEnvironmentVariables().Keys.OfType<string>().Where(k => k.StartsWith("BENCH_HUB_", StringComparison.Ordinal)))
        {
            start.Environment[key["BENCH_HUB_".Length..]] = Environment.GetEnvironmentVariable(key);
        }

        var process = new Process { StartInfo = start };
        var host = new HubHost(process, new Uri($"http://127.0.0.1:{port}")) { LogPath = Path.Combine(settings.OutputDirectory, index == 1 ? "hub-latest.log" : $"hub-{index}-latest.log") };
        process.OutputDataReceived += (_, e) => host.Append(e.Data);
        process.ErrorDataReceived += (_, e) => host.Append(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        await host.WaitReadyAsync();
        return host;
    }

    public string Output()
    {
        lock (_lock)
        {
            return _output.ToString();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        await SaveLogAsync();
        if (!_process.HasExited)
        {
            // SIGTERM: a graceful stop (the hub disconnects from the broker and flushes what it can).
            using (var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
            {
                await kill.WaitForExitAsync();
            }

            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
            try
            {
                await _process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync();
            }
        }

        _process.Dispose();
    }

    /// <summary>Where the hub's console output is kept (artifacts/bench/hub-latest.log), for a look after a run.</summary>
    public string? LogPath { get; init; }

    private async Task SaveLogAsync()
    {
        if (LogPath is not null)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(LogPath)!);
            await File.WriteAllTextAsync(LogPath, Output());
        }
    }

    private async Task WaitReadyAsync()
    {
        using var http = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(5) };
        var started = Stopwatch.StartNew();
        var last = "";
        while (started.Elapsed < TimeSpan.FromSeconds(120))
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"The hub exited with {_process.ExitCode} while starting:{Environment.NewLine}{Output()}");
            }

            try
            {
                using var response = await http.GetAsync(new Uri("/health/ready", UriKind.Relative));
                last = await response.Content.ReadAsStringAsync();
                if (response.StatusCode == HttpStatusCode.OK && last.Contains("subscribed", StringComparison.Ordinal))
                {
                    return;
                }
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
                last = ex.Message;
            }

            await Task.Delay(250);
        }

        throw new InvalidOperationException($"The hub was not ready within 120 s; last answer: {last}{Environment.NewLine}{Output()}");
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_lock)
        {
            if (_output.Length > 512 * 1024)
            {
                _output.Remove(0, _output.Length / 2);
            }

            _output.AppendLine(line);
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
