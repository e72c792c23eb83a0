using System.Globalization;
using Npgsql;

namespace Monitoring.Hub.Benchmarks;

/// <summary>
/// Registers thousands of monitored patients quickly. One patient per clinic is registered through
/// the hub's API (patient, oximeter with its broker account, assignment, home treatment); the
/// others are copies of those rows made in PostgreSQL in one transaction, every column taken from
/// the template except the ids. Registering 10,000 devices through the API would also create
/// 10,000 broker accounts, and Mosquitto's dynamic-security plugin rewrites its whole JSON file on
/// each (minutes of quadratic work), while the generator publishes as one admin account anyway.
/// </summary>
public static class FleetSeeder
{
    /// <summary>Clones the template patient <paramref name="templatePatient"/> (with device <paramref name="templateDevice"/>) for each device id in <paramref name="deviceIds"/>.</summary>
    public static async Task<IReadOnlyList<(string DeviceId, Guid PatientId)>> CloneAsync(
        BenchSettings settings, Guid templatePatient, string templateDevice, IReadOnlyList<string> deviceIds)
    {
        ArgumentNullException.ThrowIfNull(deviceIds);
        var patients = deviceIds.Select(_ => Guid.CreateVersion7()).ToArray();
        var episodes = deviceIds.Select(_ => Guid.CreateVersion7()).ToArray();
        var devices = deviceIds.ToArray();
        await using var connection = new NpgsqlConnection(Postgres.ConnectionString(settings, HubHost.DatabaseName, pooling: false));
        await connection.OpenAsync();
        await using var tx = await connection.BeginTransactionAsync();
        await CloneTableAsync(connection, tx, "patients", "t.id = @patient",
            new() { ["id"] = "u.patient_id", ["name"] = "t.name || ' ' || u.device_id" });
        await CloneTableAsync(connection, tx, "devices", "t.id = @device", new() { ["id"] = "u.device_id" });
        await CloneTableAsync(connection, tx, "device_assignments", "t.device_id = @device AND t.to_at IS NULL",
            new() { ["device_id"] = "u.device_id", ["patient_id"] = "u.patient_id" });
        await CloneTableAsync(connection, tx, "episodes", "t.patient_id = @patient AND t.ended_at IS NULL",
            new() { ["id"] = "u.episode_id", ["patient_id"] = "u.patient_id" });
        await tx.CommitAsync();
        return [.. devices.Zip(patients)];

        async Task CloneTableAsync(NpgsqlConnection c, NpgsqlTransaction t, string table, string where, Dictionary<string, string> replace)
        {
            var columns = new List<string>();
            await using (var query = new NpgsqlCommand(
                "SELECT column_name FROM information_schema.columns WHERE table_schema = 'public' AND table_name = @table AND is_identity = 'NO' AND is_generated = 'NEVER' ORDER BY ordinal_position",
                c, t))
            {
                query.Parameters.AddWithValue("table", table);
                await using var reader = await query.ExecuteReaderAsync();
                while (await reader.ReadAsync())
                {
                    columns.Add(reader.GetString(0));
                }
            }

            var select = string.Join(", ", columns.Select(column => replace.TryGetValue(column, out var expression) ? expression : "t." + column));
            var sql = string.Create(CultureInfo.InvariantCulture,
                $"INSERT INTO {table} ({string.Join(", ", columns)}) SELECT {select} FROM {table} t, unnest(@patients, @devices, @episodes) AS u(patient_id, device_id, episode_id) WHERE {where}");
            await using var insert = new NpgsqlCommand(sql, c, t);
            insert.Parameters.AddWithValue("patients", patients);
            insert.Parameters.AddWithValue("devices", devices);
            insert.Parameters.AddWithValue("episodes", episodes);
            insert.Parameters.AddWithValue("patient", templatePatient);
            insert.Parameters.AddWithValue("device", templateDevice);
            var rows = await insert.ExecuteNonQueryAsync();
            if (rows != devices.Length)
            {
                throw new InvalidOperationException($"Cloning {table} made {rows} rows, not {devices.Length}: the template row is missing.");
            }
        }
    }
}
