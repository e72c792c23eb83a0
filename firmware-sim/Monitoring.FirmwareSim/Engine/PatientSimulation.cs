using Monitoring.FirmwareSim.Devices;
using Monitoring.FirmwareSim.Timing;

namespace Monitoring.FirmwareSim.Engine;

/// <summary>
/// Runs one patient: its devices and other actors in one loop, in time order, so the physiology is
/// sampled with non-decreasing times and a seed replays the same run. Waits on the
/// <see cref="SimulationClock"/> (a <see cref="TimeProvider"/> or instant for dry runs). When the run
/// ends (its end time, cancellation or an error) every device publishes <c>offline</c> and disconnects;
/// at a normal end an offline device first reconnects and uploads its backlog.
/// </summary>
public sealed class PatientSimulation
{
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(10);

    private readonly List<ISimulationActor> _actors;
    private readonly TimeMapping _mapping;
    private readonly TextWriter? _log;

    public PatientSimulation(
        string label, IReadOnlyList<SimulatedDevice> devices, IEnumerable<ISimulationActor> others, TimeMapping mapping, TextWriter? log = null)
    {
        ArgumentNullException.ThrowIfNull(devices);
        ArgumentNullException.ThrowIfNull(others);
        ArgumentNullException.ThrowIfNull(mapping);
        Label = label;
        Devices = devices;
        _actors = [.. devices, .. others];
        _mapping = mapping;
        _log = log;
    }

    public string Label { get; }

    public IReadOnlyList<SimulatedDevice> Devices { get; }

    /// <summary>Runs until <paramref name="wallEnd"/> (exclusive; null: until cancelled). Cancellation ends it quietly.</summary>
    public async Task RunAsync(SimulationClock clock, DateTimeOffset? wallEnd, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(clock);
        var completed = false;
        try
        {
            var start = _mapping.At(clock.UtcNow);
            foreach (var device in Devices)
            {
                await device.StartAsync(start, cancellationToken);
            }

            while (true)
            {
                var due = DateTimeOffset.MaxValue;
                foreach (var actor in _actors)
                {
                    if (actor.NextDue < due)
                    {
                        due = actor.NextDue;
                    }
                }

                if (wallEnd is { } end && due >= end)
                {
                    await clock.WaitUntilAsync(end, cancellationToken);
                    completed = true;
                    break;
                }

                if (due == DateTimeOffset.MaxValue)
                {
                    await Task.Delay(Timeout.Infinite, cancellationToken);
                }

                await clock.WaitUntilAsync(due, cancellationToken);
                var now = _mapping.At(clock.UtcNow);
                foreach (var actor in _actors)
                {
                    if (actor.NextDue <= now.Wall)
                    {
                        await actor.ActAsync(now, cancellationToken);
                    }
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Ctrl-C or the end of the run: fall through to the orderly stop.
        }
        finally
        {
            await StopDevicesAsync(clock, completed);
        }
    }

    private async Task StopDevicesAsync(SimulationClock clock, bool flush)
    {
        // Its own time limit: the run's token may be the one that was cancelled.
        using var timeout = new CancellationTokenSource(StopTimeout);
        var now = _mapping.At(clock.UtcNow);
        foreach (var device in Devices)
        {
            try
            {
                await device.StopAsync(now, flush, timeout.Token);
            }
            catch (Exception ex) when (ex is OperationCanceledException or IOException or InvalidOperationException or TimeoutException or System.Net.Sockets.SocketException
                                       or MQTTnet.Exceptions.MqttCommunicationException or MqttRefusedException)
            {
                // Stopping is best effort: the broker publishes the will for a device that could not say goodbye.
                _log?.WriteLine($"{Label}: device {device.Id} did not stop cleanly: {ex.Message}");
            }
        }
    }
}
