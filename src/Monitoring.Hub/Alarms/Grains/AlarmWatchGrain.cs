using Microsoft.Extensions.Options;
using Monitoring.Hub.Alarms.Storage;

namespace Monitoring.Hub.Alarms.Grains;

/// <summary>
/// The watch sweep (<see cref="IAlarmWatchGrain"/>). One activation in the cluster: three queries a
/// minute however many hubs run. Every silo's ticker asks it at every tick, so after the hub it lived
/// on dies it comes back on another at the next tick and sweeps at once (it remembers nothing): the
/// dead hub's patients with open alarms or watched devices are activated elsewhere from what
/// PostgreSQL holds.
/// </summary>
internal sealed class AlarmWatchGrain(AlarmStore store, PatientGrains grains, IOptions<AlarmsOptions> options) : Grain, IAlarmWatchGrain
{
    /// <summary>Patient grains told at once; more would only queue in the silos.</summary>
    private const int Parallelism = 256;

    private DateTimeOffset? _lastSweep;

    public async Task SweepIfDueAsync(DateTimeOffset now)
    {
        if (_lastSweep is { } last && now - last < options.Value.WatchRefreshInterval)
        {
            return;
        }

        var devices = await store.LoadWatchedDevicesAsync(CancellationToken.None);
        var silent = await store.LoadSilentDevicesAsync(CancellationToken.None);
        var open = await store.LoadPatientsWithOpenAlarmsAsync(CancellationToken.None);

        var byPatient = devices.GroupBy(d => d.PatientId).ToDictionary(g => g.Key, g => g.Select(WatchedDeviceMessage.From).ToArray());
        var silentByPatient = silent.GroupBy(s => s.PatientId).ToDictionary(g => g.Key, g => g.Select(s => s.DeviceId).ToArray());
        var patients = byPatient.Keys.Concat(silentByPatient.Keys).Concat(open).Distinct().ToList();
        foreach (var chunk in patients.Chunk(Parallelism))
        {
            await Task.WhenAll(chunk.Select(patientId => grains.Get(patientId).WatchAsync(new WatchOrder(
                byPatient.TryGetValue(patientId, out var watched) ? watched : [],
                silentByPatient.TryGetValue(patientId, out var listed) ? listed : []))));
        }

        // Only once every patient was told: a failed sweep is tried again at the next tick.
        _lastSweep = now;
    }
}
