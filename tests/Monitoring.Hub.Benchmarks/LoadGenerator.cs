using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace Monitoring.Hub.Benchmarks;

/// <summary>
/// The one generator of every phase: the simulator's load mode (firmware-sim) as its own process —
/// SenML with SpO2 and pulse per message, QoS 1, the devices' topics spread over the connections.
/// Its per-second lines give the messages the broker has acknowledged so far.
/// </summary>
public sealed partial class LoadGenerator : IAsyncDisposable
{
    private readonly Process _process;
    private readonly TaskCompletionSource _started = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly List<string> _tail = [];
    private readonly Lock _lock = new();
    private long _acked;
    private long _sent;

    private LoadGenerator(Process process) => _process = process;

    public int ProcessId => _process.Id;

    /// <summary>Messages the broker acknowledged so far (from the last progress line).</summary>
    public long Acked => Interlocked.Read(ref _acked);

    public long Sent => Interlocked.Read(ref _sent);

    public LoadSummary? Summary { get; private set; }

    public static async Task<LoadGenerator> StartAsync(BenchSettings settings, int devices, double rate, TimeSpan duration, string prefix)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var dll = Path.Combine(settings.RepositoryRoot, "firmware-sim", "Monitoring.FirmwareSim", "bin", "Release", "net10.0", "Monitoring.FirmwareSim.dll");
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[]
                 {
                     dll, "load", "--devices", Text(devices), "--rate", Text(rate), "--connections", Text(settings.Connections),
                     "--duration", Text(duration.TotalSeconds), "--device-prefix", prefix, "--mqtt-host", "127.0.0.1",
                     "--mqtt-port", Text(settings.MqttPort), "--mqtt-user", "admin", "--mqtt-password", settings.MqttAdminPassword,
                 })
        {
            start.ArgumentList.Add(argument);
        }

        // The generator is a client: the workstation collector keeps it from taking memory and
        // threads from the hub on two cores.
        start.Environment["DOTNET_gcServer"] = "0";
        var process = new Process { StartInfo = start };
        var generator = new LoadGenerator(process);
        process.OutputDataReceived += (_, e) => generator.OnLine(e.Data);
        process.ErrorDataReceived += (_, e) => generator.OnLine(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var exited = process.WaitForExitAsync();
        if (await Task.WhenAny(generator._started.Task, exited, Task.Delay(TimeSpan.FromSeconds(60))) != generator._started.Task)
        {
            throw new InvalidOperationException($"The load generator did not start:{Environment.NewLine}{generator.Tail()}");
        }

        return generator;
    }

    public async Task<LoadSummary> WaitAsync()
    {
        await _process.WaitForExitAsync();
        return Summary ?? throw new InvalidOperationException($"The load generator ended without its summary (exit {_process.ExitCode}):{Environment.NewLine}{Tail()}");
    }

    public string Tail()
    {
        lock (_lock)
        {
            return string.Join(Environment.NewLine, _tail);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    private void OnLine(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_lock)
        {
            _tail.Add(line);
            if (_tail.Count > 20)
            {
                _tail.RemoveAt(0);
            }
        }

        if (line.StartsWith("load: ", StringComparison.Ordinal) && line.Contains("devices,", StringComparison.Ordinal))
        {
            _started.TrySetResult();
        }

        if (Progress().Match(line) is { Success: true } progress)
        {
            Interlocked.Exchange(ref _sent, long.Parse(progress.Groups[1].Value, CultureInfo.InvariantCulture));
            Interlocked.Exchange(ref _acked, long.Parse(progress.Groups[2].Value, CultureInfo.InvariantCulture));
        }

        if (Final().Match(line) is { Success: true } final)
        {
            var acked = long.Parse(final.Groups[2].Value, CultureInfo.InvariantCulture);
            Interlocked.Exchange(ref _acked, acked);
            Summary = new LoadSummary(
                long.Parse(final.Groups[1].Value, CultureInfo.InvariantCulture),
                acked,
                long.Parse(final.Groups[3].Value, CultureInfo.InvariantCulture),
                double.Parse(final.Groups[4].Value, CultureInfo.InvariantCulture));
        }
    }

    private static string Text(double value) => value.ToString(CultureInfo.InvariantCulture);

    [GeneratedRegex(@"total (\d+) sent, (\d+) acknowledged")]
    private static partial Regex Progress();

    [GeneratedRegex(@"^load: sent (\d+), acknowledged (\d+), failed (\d+) in ([0-9.]+) s")]
    private static partial Regex Final();
}
