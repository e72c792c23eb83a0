namespace Monitoring.Hub.Alarms.Storage;

/// <summary>A device the silence watch follows, as stored (see <see cref="AlarmStore.LoadWatchedDevicesAsync"/>).</summary>
internal sealed class WatchedDevice
{
    public string DeviceId { get; set; } = "";

    public Guid PatientId { get; set; }

    public Guid ClinicId { get; set; }

    public DateTimeOffset LastHeardAt { get; set; }

    public bool ReportedSilent { get; set; }
}
