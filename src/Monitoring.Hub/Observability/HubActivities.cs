using System.Diagnostics;
using System.Globalization;
using Monitoring.Hub.Ingestion;

namespace Monitoring.Hub.Observability;

/// <summary>
/// The hub's trace of a reading: one span per MQTT message (<c>rpm.ingest</c>, the root, with the device
/// and the ids of its readings), its hand-off to the alarm engine (<c>rpm.alarms.take</c>), the InfluxDB
/// write of the batch that carried it (<c>rpm.influx.write</c>) and the dashboard push of the vitals it
/// changed (<c>rpm.realtime.vitals</c>). Later stages run on other workers, so the message's context
/// travels with its readings (<see cref="AttributedReading.Trace"/>) and write items. Spans exist only
/// while something listens (OTLP export switched on, or a test's listener): otherwise
/// <see cref="ActivitySource.StartActivity(string, ActivityKind)"/> returns null and costs nothing.
/// </summary>
public static class HubActivities
{
    public const string SourceName = "Monitoring.Hub";

    public const string Ingest = "rpm.ingest";
    public const string AlarmsTake = "rpm.alarms.take";
    public const string InfluxWrite = "rpm.influx.write";
    public const string RealtimeVitals = "rpm.realtime.vitals";

    public const string DeviceIdTag = "rpm.device.id";
    public const string PatientIdTag = "rpm.patient.id";
    public const string ReadingIdsTag = "rpm.reading.ids";
    public const string TopicTag = "messaging.destination.name";
    public const string LineCountTag = "rpm.influx.lines";

    public static readonly ActivitySource Source = new(SourceName);

    /// <summary>
    /// A reading's id as InfluxDB knows the point: device, metric and the reading's own time (UNIX ms).
    /// Writing the same reading twice leaves one point, so this names it across redeliveries.
    /// </summary>
    public static string ReadingId(AttributedReading reading)
    {
        ArgumentNullException.ThrowIfNull(reading);
        return string.Create(CultureInfo.InvariantCulture, $"{reading.DeviceId}/{reading.Name}/{reading.Time.ToUnixTimeMilliseconds()}");
    }

    /// <summary>A span of a later stage, child of the message's span when it was traced.</summary>
    public static Activity? StartChild(string name, ActivityContext parent, IEnumerable<ActivityLink>? links = null) =>
        parent == default && links is null
            ? null
            : Source.StartActivity(name, ActivityKind.Internal, parent, tags: null, links: links);
}
