using Monitoring.Hub.Ingestion;

namespace Monitoring.Hub.Alarms.Grains;

/// <summary>
/// One patient's readings handed to its grain in one call (<see cref="IPatientAlarmGrain.TakeReadingsAsync"/>).
/// Immutable: a call within the silo passes it without a copy.
/// </summary>
[GenerateSerializer, Immutable, Alias("monitoring.alarms.readings")]
public sealed record ReadingBatch([property: Id(0)] AttributedReading[] Readings);
