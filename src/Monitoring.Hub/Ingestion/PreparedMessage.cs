using Monitoring.Hub.Influx;

namespace Monitoring.Hub.Ingestion;

/// <summary>
/// A message parsed, validated and attributed, waiting for its hand-off to the alarm engine and
/// InfluxDB (<see cref="HandOffLanes"/>). <see cref="Urgent"/>: one of its readings crosses an alarm
/// threshold (<see cref="UrgentReadings"/>), so its patient's readings overtake the bulk backlog.
/// </summary>
internal sealed record PreparedMessage(IngestMessage Message, List<AttributedReading> Readings, InfluxWriteItem Write, bool Urgent);
