using Monitoring.Domain.Alarms;
using Monitoring.Hub.Alarms.Storage;
using Monitoring.Hub.Thresholds;

namespace Monitoring.Hub.Alarms.Engine;

/// <summary>
/// The devices a partition watches for silence (<see cref="SilenceWatch"/>): those on its patients
/// in home treatment, kept in line with the registry every
/// <see cref="AlarmsOptions.WatchRefreshInterval"/> and with every reading heard. Owned by the
/// partition's loop, except <see cref="NextCheckAt"/>, which the ticker reads.
/// </summary>
internal sealed class PartitionSilenceWatch(AlarmStore store, ThresholdStore thresholds, Func<Guid, bool> owns)
{
    private readonly SilenceWatch _silence = new();
    private readonly Dictionary<string, Guid> _watched = new(StringComparer.Ordinal);
    private DateTimeOffset _lastRefresh = DateTimeOffset.MinValue;
    private long _nextCheckTicks = long.MaxValue;

    public int Count => _silence.Count;

    /// <summary>Any thread: when a device may next fall silent, as of the loop's last <see cref="PublishNextCheck"/>.</summary>
    public DateTimeOffset? NextCheckAt =>
        Interlocked.Read(ref _nextCheckTicks) is var ticks && ticks == long.MaxValue ? null : new DateTimeOffset(ticks, TimeSpan.Zero);

    public bool RefreshDue(DateTimeOffset now, TimeSpan interval) => now - _lastRefresh >= interval;

    public void PublishNextCheck() =>
        Interlocked.Exchange(ref _nextCheckTicks, _silence.NextCheckAt is { } next ? next.UtcTicks : long.MaxValue);

    /// <summary>
    /// Brings the watched set in line with the registry: devices newly assigned to monitored
    /// patients are watched from their last contact; devices no longer monitored are forgotten.
    /// Returns devices some patient's rule state still has silent though they are no longer
    /// watched: their <c>device_silent</c> condition is over.
    /// </summary>
    public async Task<IReadOnlyList<(Guid PatientId, string DeviceId)>> RefreshAsync(DateTimeOffset now, PatientMemory patients, CancellationToken ct)
    {
        var devices = (await store.LoadWatchedDevicesAsync(ct)).Where(d => owns(d.PatientId)).ToList();
        await thresholds.PreloadAsync(devices.Select(d => d.ClinicId), devices.Select(d => d.PatientId), ct);
        var current = new HashSet<string>(StringComparer.Ordinal);
        foreach (var device in devices)
        {
            current.Add(device.DeviceId);
            if (_watched.TryGetValue(device.DeviceId, out var patientId) && patientId == device.PatientId)
            {
                continue;
            }

            var effective = await thresholds.GetEffectiveAsync(device.ClinicId, device.PatientId, ct);
            var reported = patients.TryGet(device.PatientId, out var entry) && entry.State is { } state
                ? state.SilentDevices.Contains(device.DeviceId, StringComparer.Ordinal)
                : device.ReportedSilent;
            _silence.Restore(device.DeviceId, device.LastHeardAt, TimeSpan.FromMinutes(effective.Thresholds.DeviceSilentMinutes), reported);
            _watched[device.DeviceId] = device.PatientId;
        }

        foreach (var deviceId in _watched.Keys.Where(id => !current.Contains(id)).ToList())
        {
            Forget(deviceId);
        }

        _lastRefresh = now;
        var listedSilent = await store.LoadSilentDevicesAsync(ct);
        return [.. listedSilent.Where(s => owns(s.PatientId) && !current.Contains(s.DeviceId))];
    }

    /// <summary>A device was heard (after its batch committed): watched while its patient is monitored, else forgotten.</summary>
    public void Heard(string deviceId, Guid patientId, DateTimeOffset at, TimeSpan silentAfter, bool monitored)
    {
        if (monitored)
        {
            _silence.Observe(deviceId, at, silentAfter);
            _watched[deviceId] = patientId;
        }
        else if (_watched.Remove(deviceId))
        {
            _silence.Forget(deviceId);
        }
    }

    public IReadOnlyList<SilentDevice> CollectSilent(DateTimeOffset now) => _silence.CollectSilent(now);

    /// <summary>What a failed tick collected is armed again, and the registry read again, so the next tick reports it.</summary>
    public void Rearm(IReadOnlyList<SilentDevice> silent)
    {
        foreach (var device in silent)
        {
            _silence.Restore(device.DeviceId, device.LastHeardAt, device.SilentAfter, reportedSilent: false);
        }

        _lastRefresh = DateTimeOffset.MinValue;
    }

    public void Forget(string deviceId)
    {
        _watched.Remove(deviceId);
        _silence.Forget(deviceId);
    }
}
