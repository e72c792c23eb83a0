using System.Globalization;
using System.Text.Json;
using Monitoring.Hub.Influx;

namespace Monitoring.Hub.FollowUps;

/// <summary>
/// Temperature readings from InfluxDB, one query per clinic and window, bound parameters only. The
/// reading's own time counts, so a thermometer that uploads its backlog late still satisfies the
/// window it was taken in. <see cref="InfluxSeries"/> carries no tags, so the patient tag is
/// selected as a column (InfluxQL 1.x allows a tag beside a field) rather than grouped by.
/// </summary>
public sealed class InfluxTemperatureReadings(InfluxQuery influx, InfluxSchema schema) : ITemperatureReadings
{
    public async Task<IReadOnlySet<Guid>> PatientsWithReadingAsync(Guid clinicId, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        var statement =
            $"SELECT \"temp\", \"{InfluxSchema.PatientTag}\" FROM {schema.Qualified(InfluxSchema.VitalsMeasurement)} WHERE \"{InfluxSchema.ClinicTag}\" = $clinic AND time >= $from AND time < $to";
        var series = await influx.ReadAsync(statement, new Dictionary<string, object?>
        {
            ["clinic"] = clinicId.ToString(),
            ["from"] = from.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture),
            ["to"] = to.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture),
        }, cancellationToken);
        var patients = new HashSet<Guid>();
        foreach (var row in series.SelectMany(s => s.Rows))
        {
            if (row.Count > 2 && row[1].ValueKind == JsonValueKind.Number
                && row[2].ValueKind == JsonValueKind.String && Guid.TryParse(row[2].GetString(), out var patient))
            {
                patients.Add(patient);
            }
        }

        return patients;
    }
}
