using Dapper;
using Npgsql;

namespace Monitoring.Hub.Devices;

/// <summary>
/// Which patient had a device at a given time — the question ingestion asks of every reading
/// (a reading belongs to the patient who wore the device when it was taken, not when it
/// arrived). Not clinic-scoped: it serves the hub's own pipeline, never an API caller.
/// </summary>
public sealed class DeviceAssignments(NpgsqlDataSource dataSource)
{
    /// <summary>The assignment covering <paramref name="at"/> (from inclusive, to exclusive), or null when the device was on nobody.</summary>
    public async Task<DeviceAssignment?> FindPatientAtAsync(string deviceId, DateTimeOffset at, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(deviceId);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        // Served by device_assignments_device_time_idx (device_id, from_at DESC): the latest start at or before t.
        return await connection.QuerySingleOrDefaultAsync<DeviceAssignment?>(new CommandDefinition(
            """
            SELECT a.device_id AS "DeviceId", a.patient_id AS "PatientId", d.clinic_id AS "ClinicId", a.from_at AS "FromAt", a.to_at AS "ToAt"
            FROM device_assignments a JOIN devices d ON d.id = a.device_id
            WHERE a.device_id = @deviceId AND a.from_at <= @at AND (a.to_at IS NULL OR a.to_at > @at)
            ORDER BY a.from_at DESC
            LIMIT 1
            """,
            new { deviceId, at }, cancellationToken: cancellationToken));
    }
}
