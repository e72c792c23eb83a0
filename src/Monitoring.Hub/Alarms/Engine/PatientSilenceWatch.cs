using Monitoring.Domain.Alarms;
using Monitoring.Hub.Alarms.Storage;
using Monitoring.Hub.Thresholds;

namespace Monitoring.Hub.Alarms.Engine;

/// <summary>
/// The devices a patient's grain watches for silence (<see cref="SilenceWatch"/>): those on the
/// patient while in home treatment, kept in line with the registry by the watch sweep
/// (<see cref="RefreshAsync"/>, every <see cref="AlarmsOptions.WatchRefreshInterval"/>) and with every
/// reading heard. Owned by the grain: not thread-safe.
/// </summary>
internal sealed class PatientSilenceWatch(ThresholdStore thresholds)
{
    // The watched devices are the silence watch's own: every device here is this patient's (the
    // grain's key), so no map of device to patient is kept beside it.
    private readonly SilenceWatch _silence = new();

    public int Count => _silence.Count;

    /// <summary>When a device may next fall silent, or null when none is watched.</summary>
    public DateTimeOffset? NextCheckAt => _silence.NextCheckAt;

    /// <summary>
    /// Brings the watched set in line with the registry: devices newly assigned to the monitored
    /// patient are watched from their last contact; devices no longer monitored are forgotten.
    /// Returns devices the patient's rule state still has silent though they are no longer
    /// watched: their <c>device_silent</c> condition is over.
    /// </summary>
    public async Task<IReadOnlyList<(Guid PatientId, string DeviceId)>> RefreshAsync(
        Guid patientId, IReadOnlyList<WatchedDevice> devices, IReadOnlyList<string> listedSilent, PatientMemory patients, CancellationToken ct)
    {
        var current = new HashSet<string>(StringComparer.Ordinal);
        foreach (var device in devices)
        {
            current.Add(device.DeviceId);
            if (device.PatientId != patientId || Watches(device.DeviceId))
            {
                continue;
            }

            var effective = await thresholds.GetEffectiveAsync(device.ClinicId, device.PatientId, ct);
            var reported = patients.TryGet(device.PatientId, out var entry) && entry.State is { } state
                ? state.SilentDevices.Contains(device.DeviceId, StringComparer.Ordinal)
                : device.ReportedSilent;
            _silence.Restore(device.DeviceId, device.LastHeardAt, TimeSpan.FromMinutes(effective.Thresholds.DeviceSilentMinutes), reported);
        }

        foreach (var deviceId in _silence.Devices.Where(id => !current.Contains(id)).ToList())
        {
            Forget(deviceId);
        }

        return [.. listedSilent.Where(id => !current.Contains(id)).Select(id => (patientId, id))];
    }

    /// <summary>A device of the patient was heard (after its readings committed): watched while the patient is monitored, else forgotten.</summary>
    public void Heard(string deviceId, DateTimeOffset at, TimeSpan silentAfter, bool monitored)
    {
        if (monitored)
        {
            _silence.Observe(deviceId, at, silentAfter);
        }
        else
        {
            _silence.Forget(deviceId);
        }
    }

    public IReadOnlyList<SilentDevice> CollectSilent(DateTimeOffset now) => _silence.CollectSilent(now);

    /// <summary>What a failed tick collected is armed again, so the next tick reports it.</summary>
    public void Rearm(IReadOnlyList<SilentDevice> silent)
    {
        foreach (var device in silent)
        {
            _silence.Restore(device.DeviceId, device.LastHeardAt, device.SilentAfter, reportedSilent: false);
        }
    }

    public void Forget(string deviceId) => _silence.Forget(deviceId);

    private bool Watches(string deviceId) => _silence.Contains(deviceId);
}
