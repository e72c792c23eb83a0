using Monitoring.Hub.Ingestion;

namespace Monitoring.Hub.Alarms.Events;

/// <summary>
/// Readings the engine took (one per batch, all patients of the batch), for the live vitals. A
/// subscriber must not wait on it: vitals are best effort, alarms are not.
/// </summary>
public sealed record VitalsObserved(IReadOnlyList<AttributedReading> Readings) : AlarmEvent;
