using Dapper;
using Npgsql;

namespace Monitoring.Hub.Alarms.Storage;

/// <summary>
/// For the device inventory (clinical-rules §4: "how many are issued, free, silent or low"): a
/// clinic's issued devices the alarm rules currently hold silent or low on battery, read from the
/// stored rule states of their patients (written by the alarm worker in the same transaction as
/// the alarms), so the counts agree with the open <c>device_silent</c> and <c>battery_low</c> alarms.
/// </summary>
public static class DeviceLiveStatus
{
    public static async Task<(int Silent, int LowBattery)> CountAsync(NpgsqlConnection connection, Guid clinicId, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var counts = await connection.QuerySingleAsync<(long Silent, long LowBattery)>(new CommandDefinition(
            """
            SELECT count(*) FILTER (WHERE rs.state -> 'SilentDevices' @> jsonb_build_array(d.id)),
                   count(*) FILTER (WHERE rs.state -> 'Batteries' @> jsonb_build_array(jsonb_build_object('DeviceId', d.id, 'Low', true)))
            FROM devices d
            JOIN device_assignments a ON a.device_id = d.id AND a.to_at IS NULL
            JOIN patient_rule_state rs ON rs.patient_id = a.patient_id
            WHERE d.clinic_id = @clinicId AND d.revoked_at IS NULL
            """, new { clinicId }, cancellationToken: ct));
        return ((int)counts.Silent, (int)counts.LowBattery);
    }
}
