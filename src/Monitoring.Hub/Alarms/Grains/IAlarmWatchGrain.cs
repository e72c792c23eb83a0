namespace Monitoring.Hub.Alarms.Grains;

/// <summary>
/// The cluster's one watch sweep (key 0): every <see cref="AlarmsOptions.WatchRefreshInterval"/> it
/// reads from PostgreSQL which patients have devices to watch for silence or open alarms, and tells
/// each patient's grain (activating it wherever Orleans places it).
/// </summary>
[Alias("monitoring.alarms.watch-sweep")]
public interface IAlarmWatchGrain : IGrainWithIntegerKey
{
    /// <summary>Sweeps when the last sweep is older than the interval at <paramref name="now"/>; every silo's ticker calls it.</summary>
    [Alias("sweep-if-due")]
    Task SweepIfDueAsync(DateTimeOffset now);
}
