using Monitoring.Contracts.Events;
using Monitoring.Contracts.Senml;
using Monitoring.Contracts.Topics;
using Monitoring.Domain.Alarms;
using Monitoring.Hub.Ingestion;

namespace Monitoring.Hub.Alarms.Engine;

/// <summary>Ingestion's readings in the rules' terms: telemetry → <see cref="VitalReading"/>, <c>symptom</c> events → <see cref="SymptomReport"/>.</summary>
internal static class ReadingTranslation
{
    /// <summary>The usual message: one device's readings, all of one patient.</summary>
    public static bool IsOnePatient(IReadOnlyList<AttributedReading> readings)
    {
        for (var i = 1; i < readings.Count; i++)
        {
            if (readings[i].PatientId != readings[0].PatientId)
            {
                return false;
            }
        }

        return readings.Count > 0;
    }

    /// <summary>All of one device (a message's readings, as a device sends them).</summary>
    public static bool IsOneDevice(IReadOnlyList<AttributedReading> readings)
    {
        for (var i = 1; i < readings.Count; i++)
        {
            if (!string.Equals(readings[i].DeviceId, readings[0].DeviceId, StringComparison.Ordinal))
            {
                return false;
            }
        }

        return readings.Count > 0;
    }

    /// <summary>
    /// Readings of several device messages, concatenated in arrival order (what ingestion hands a
    /// patient's grain per batch), back into messages: a message is a run of one device's readings
    /// received at one instant. The rules evaluate a message's vital signs together.
    /// </summary>
    public static List<IReadOnlyList<AttributedReading>> Messages(IReadOnlyList<AttributedReading> readings)
    {
        var messages = new List<IReadOnlyList<AttributedReading>>();
        var start = 0;
        for (var i = 1; i <= readings.Count; i++)
        {
            if (i == readings.Count || readings[i].ReceivedAt != readings[start].ReceivedAt
                || !string.Equals(readings[i].DeviceId, readings[start].DeviceId, StringComparison.Ordinal))
            {
                messages.Add(start == 0 && i == readings.Count ? readings : [.. readings.Skip(start).Take(i - start)]);
                start = i;
            }
        }

        return messages;
    }

    public static List<VitalReading> Vitals(IReadOnlyList<AttributedReading> pack)
    {
        var vitals = new List<VitalReading>(pack.Count);
        foreach (var reading in pack)
        {
            if (reading.Kind == DeviceTopicKind.Telemetry && reading.ValueKind == SenmlValueKind.Number
                && AlarmWireNames.TryParse<VitalMetric>(reading.Name, out var metric))
            {
                vitals.Add(new VitalReading(reading.DeviceId, metric, reading.Value, reading.Time));
            }
        }

        return vitals;
    }

    /// <summary>
    /// Symptom reports, in their own time order. Antigen self-test events are not alarm rules:
    /// results that decide the end of home treatment are recorded through the tests API.
    /// </summary>
    public static IEnumerable<SymptomReport> Symptoms(IReadOnlyList<AttributedReading> pack) =>
        !pack.Any(r => r.Kind == DeviceTopicKind.Events) ? [] : pack.Where(r => r.Kind == DeviceTopicKind.Events && r.Name == EventNames.Symptom)
            .Select(r => AlarmWireNames.TryParse<ReportedSymptom>(r.Text, out var symptom) ? new SymptomReport(r.DeviceId, symptom, r.Time) : null)
            .OfType<SymptomReport>()
            .OrderBy(r => r.At);
}
