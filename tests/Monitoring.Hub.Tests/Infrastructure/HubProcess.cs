using System.Diagnostics;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace Monitoring.Hub.Tests.Infrastructure;

/// <summary>
/// The hub as a real child process (<c>dotnet Monitoring.Hub.dll</c>, configured through
/// environment variables like a deployment), so a test can kill it with SIGKILL mid-stream and
/// start it again — what WebApplicationFactory cannot do.
/// </summary>
public sealed class HubProcess : IAsyncDisposable
{
    private const int OutputLimit = 256 * 1024;
    private readonly Dictionary<string, string> _environment;
    private readonly StringBuilder _output = new();
    private readonly Lock _lock = new();
    private readonly string? _assembly;
    private Process? _process;

    /// <param name="settings">Configuration keys (<c>Section:Key</c>) for the hub's environment.</param>
    /// <param name="assembly">Another build's Monitoring.Hub.dll (a benchmark comparing two commits); this build's by default.</param>
    public HubProcess(IReadOnlyDictionary<string, string> settings, string? assembly = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        _assembly = assembly;
        Port = FreePort.Find();
        _environment = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{Port}",
            ["Urls"] = $"http://127.0.0.1:{Port}",
            ["Admin__Username"] = HubFactory.AdminUsername,
            ["Admin__Password"] = HubFactory.AdminPassword,
            ["Auth__SigningKey"] = "monitoring-hub-tests-signing-key-0123456789abcdef",
            ["DOTNET_gcServer"] = "0",
            // Each hub process its own Orleans silo port: several run side by side in the suite.
            ["Orleans__SiloPort"] = FreePort.Find().ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        foreach (var (key, value) in settings)
        {
            _environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }
    }

    public int Port { get; }

    /// <summary>This hub's Orleans silo port (the same across restarts).</summary>
    public int SiloPort => int.Parse(_environment["Orleans__SiloPort"], System.Globalization.CultureInfo.InvariantCulture);

    public bool HasExited => _process is null || _process.HasExited;

    /// <summary>Sets one configuration key for the next start (e.g. one that names <see cref="BaseAddress"/>).</summary>
    public void Set(string key, string value)
    {
        ArgumentNullException.ThrowIfNull(key);
        _environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
    }

    public Uri BaseAddress => new($"http://127.0.0.1:{Port}");

    public int? ProcessId => _process is { HasExited: false } p ? p.Id : null;

    /// <summary>The hub assembly next to the test assembly's build (same configuration).</summary>
    public static string HubAssembly
    {
        get
        {
            var configuration = AppContext.BaseDirectory.Contains("/Debug/", StringComparison.Ordinal) ? "Debug" : "Release";
            var path = Path.Combine(PrivateServices.RepositoryRoot(), "src", "Monitoring.Hub", "bin", configuration, "net10.0", "Monitoring.Hub.dll");
            return File.Exists(path) ? path : throw new InvalidOperationException($"{path} is missing: build the solution first.");
        }
    }

    /// <summary>Starts the hub; unless told otherwise, waits until it is ready and its ingestion subscribed.</summary>
    public async Task StartAsync(bool waitUntilConsuming = true)
    {
        var assembly = _assembly ?? HubAssembly;
        var startInfo = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(assembly)!,
        };
        startInfo.ArgumentList.Add(assembly);
        foreach (var (key, value) in _environment)
        {
            startInfo.Environment[key] = value;
        }

        _process?.Dispose();
        _process = new Process { StartInfo = startInfo };
        _process.OutputDataReceived += (_, e) => Append(e.Data);
        _process.ErrorDataReceived += (_, e) => Append(e.Data);
        _process.Start();
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        if (waitUntilConsuming)
        {
            await WaitUntilConsumingAsync();
        }
    }

    /// <summary>SIGKILL: no shutdown, no flush, no goodbye to the broker.</summary>
    public async Task KillAsync()
    {
        if (_process is { HasExited: false } process)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
    }

    /// <summary>SIGSTOP: frozen, its sockets open (a hung VM, a long stall).</summary>
    public Task FreezeAsync() => SignalAsync("STOP");

    /// <summary>SIGCONT after <see cref="FreezeAsync"/>.</summary>
    public Task ThawAsync() => SignalAsync("CONT");

    /// <summary>Waits (bounded) for the process to end by itself; false when it still runs.</summary>
    public async Task<bool> WaitForExitAsync(TimeSpan limit)
    {
        if (_process is not { } process)
        {
            return true;
        }

        using var timeout = new CancellationTokenSource(limit);
        await process.WaitForExitAsync(timeout.Token).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        return process.HasExited;
    }

    private async Task SignalAsync(string signal)
    {
        var pid = ProcessId ?? throw new InvalidOperationException("The hub is not running.");
        using var kill = Process.Start("kill", [$"-{signal}", pid.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        await kill.WaitForExitAsync();
        if (kill.ExitCode != 0)
        {
            throw new InvalidOperationException($"kill -{signal} {pid} exited with {kill.ExitCode}");
        }
    }

    public HttpClient CreateClient() => new() { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(30) };

    /// <summary>Waits (bounded) until /health/ready says the broker check is healthy (ingestion connected and subscribed).</summary>
    private async Task WaitUntilConsumingAsync()
    {
        using var client = CreateClient();
        var started = Stopwatch.StartNew();
        var last = "";
        while (started.Elapsed < TimeSpan.FromSeconds(90))
        {
            if (_process!.HasExited)
            {
                Assert.Fail($"The hub exited with {_process.ExitCode} while starting.{Environment.NewLine}{Output()}");
            }

            try
            {
                using var response = await client.GetAsync(new Uri("/health/ready", UriKind.Relative));
                var body = await response.Content.ReadFromJsonAsync<JsonElement>();
                last = body.ToString();
                var checks = body.GetProperty("checks");
                if (checks.GetProperty("broker").GetProperty("status").GetString() == "Healthy"
                    && checks.GetProperty("broker").GetProperty("description").GetString()!.Contains("subscribed", StringComparison.Ordinal)
                    && checks.TryGetProperty("schema", out var schema) && schema.GetProperty("status").GetString() == "Healthy")
                {
                    return;
                }
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or JsonException or KeyNotFoundException)
            {
                last = ex.Message;
            }

            await Task.Delay(200);
        }

        Assert.Fail($"The hub did not become ready and subscribed within 90 s; last answer: {last}{Environment.NewLine}{Output()}");
    }

    public string Output()
    {
        lock (_lock)
        {
            return _output.ToString();
        }
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_lock)
        {
            if (_output.Length > OutputLimit)
            {
                _output.Remove(0, _output.Length / 2);
            }

            _output.AppendLine(line);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (ProcessId is not null)
        {
            await ThawAsync();
        }

        await KillAsync();
        _process?.Dispose();
    }
}
