using System.Buffers;
using System.Text.Json;
using System.Text;
using Dapper;
using Monitoring.Domain.Alarms;
using Monitoring.Hub.Alarms.Api;
using Monitoring.Hub.Alarms.Engine.Changes;
using Monitoring.Hub.Audit;
using Monitoring.Hub.Auth;
using Monitoring.Hub.Registry;
using Npgsql;

namespace Monitoring.Hub.Alarms.Storage;

/// <summary>
/// The alarm engine's SQL: alarms, the rules' per-patient state, and the registry facts the
/// engine reads (patient context, watched devices). A batch's changes are written in the
/// worker's transaction with few statements (rows travel as one JSON array each), together with
/// their audit rows. Queries for the API take the caller's <see cref="ClinicScope"/>.
/// </summary>
public sealed class AlarmStore(NpgsqlDataSource dataSource)
{
    private const string SelectAlarms =
        """
        SELECT a.*, p.name AS patient_name, p.risk_tier AS patient_tier
        FROM alarms a JOIN patients p ON p.id = a.patient_id
        """;

    private const string ScopeFilter = "(@scopeClinic::uuid IS NULL OR a.clinic_id = @scopeClinic)";

    private const string Columns =
        "patient_id, clinic_id, kind, priority, state, raised_at, active_since, first_observed_at, last_observed_at, value, worst_value, "
        + "threshold, detail, late, count, last_updated_at, condition_cleared, condition_cleared_at, escalated, escalation_steps_fired, "
        + "escalation_level, reminders_sent, acknowledged_by, acknowledged_at, acknowledge_note, resolved_by, resolved_at, resolution_note";

    /// <summary>
    /// The rule state as System.Text.Json writes it by default (what <see cref="PatientRuleState"/>
    /// promises to round-trip, and what <see cref="PatientRuleStateJson.Read"/> reads back).
    /// </summary>
    internal static readonly JsonSerializerOptions RuleStateJson = new();

    private const string SaveStatesSql =
        """
        INSERT INTO patient_rule_state (patient_id, episode_id, state, updated_at)
        SELECT patient_id, episode_id, state, updated_at FROM jsonb_populate_recordset(null::patient_rule_state, @states::jsonb)
        ON CONFLICT (patient_id) DO UPDATE SET episode_id = EXCLUDED.episode_id, state = EXCLUDED.state, updated_at = EXCLUDED.updated_at
        """;

    private static readonly JsonSerializerOptions RowJson = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    public NpgsqlDataSource DataSource => dataSource;

    /// <summary>Every open alarm (the worker's memory at start).</summary>
    internal async Task<IReadOnlyList<StoredAlarm>> LoadOpenAsync(CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        var rows = await connection.QueryAsync<AlarmRow>(new CommandDefinition(
            $"{SelectAlarms} WHERE a.state <> 'resolved' ORDER BY a.raised_at", cancellationToken: ct));
        return [.. rows.Select(r => r.ToStored())];
    }

    /// <summary>Patients with an open alarm (the watch sweep keeps their grains running for escalation and reminders).</summary>
    internal async Task<IReadOnlyList<Guid>> LoadPatientsWithOpenAlarmsAsync(CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        var rows = await connection.QueryAsync<Guid>(new CommandDefinition(
            "SELECT DISTINCT patient_id FROM alarms WHERE state <> 'resolved'", cancellationToken: ct));
        return [.. rows];
    }

    internal static async Task<IReadOnlyList<StoredAlarm>> LoadOpenAsync(NpgsqlTransaction tx, Guid[] patientIds, CancellationToken ct)
    {
        var rows = await tx.Connection!.QueryAsync<AlarmRow>(new CommandDefinition(
            $"{SelectAlarms} WHERE a.patient_id = ANY(@patientIds) AND a.state <> 'resolved'", new { patientIds }, tx, cancellationToken: ct));
        return [.. rows.Select(r => r.ToStored())];
    }

    internal static async Task<Dictionary<Guid, (PatientRuleState State, Guid? EpisodeId)>> LoadRuleStatesAsync(
        NpgsqlTransaction tx, Guid[] patientIds, CancellationToken ct)
    {
        var rows = await tx.Connection!.QueryAsync<(Guid PatientId, Guid? EpisodeId, string State)>(new CommandDefinition(
            "SELECT patient_id, episode_id, state::text FROM patient_rule_state WHERE patient_id = ANY(@patientIds)",
            new { patientIds }, tx, cancellationToken: ct));
        var states = new Dictionary<Guid, (PatientRuleState, Guid?)>();
        foreach (var row in rows)
        {
            // An older version is migrated (an upgrade keeps fever days and the redelivery memory);
            // an unknown one, written by a newer hub, is not trusted: the rules start afresh.
            states[row.PatientId] = (PatientRuleStateJson.Read(row.State), row.EpisodeId);
        }

        return states;
    }

    internal static async Task<Dictionary<Guid, PatientContext>> LoadContextsAsync(NpgsqlTransaction tx, Guid[] patientIds, CancellationToken ct)
    {
        var rows = await tx.Connection!.QueryAsync<(Guid PatientId, Guid ClinicId, string Name, string Tier, string TimeZone, Guid? EpisodeId)>(
            new CommandDefinition(
                """
                SELECT p.id, p.clinic_id, p.name, p.risk_tier, c.time_zone, e.id
                FROM patients p
                JOIN clinics c ON c.id = p.clinic_id
                LEFT JOIN episodes e ON e.patient_id = p.id AND e.ended_at IS NULL
                WHERE p.id = ANY(@patientIds)
                """,
                new { patientIds }, tx, cancellationToken: ct));
        return rows.ToDictionary(
            r => r.PatientId,
            r => new PatientContext(r.PatientId, r.ClinicId, r.Name, r.Tier, ClinicTime.FindZone(r.TimeZone) ?? TimeZoneInfo.Utc, r.EpisodeId));
    }

    /// <summary>
    /// Devices to watch for silence: assigned, not revoked, on a patient in home treatment; last
    /// heard at the latest of their last contact, the assignment and the episode start (a device
    /// never heard is expected from when it was handed out). <c>ReportedSilent</c> when the
    /// patient's stored rule state has it silent already.
    /// </summary>
    internal async Task<IReadOnlyList<WatchedDevice>> LoadWatchedDevicesAsync(CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        var rows = await connection.QueryAsync<WatchedDevice>(new CommandDefinition(
            """
            SELECT a.device_id AS "DeviceId", a.patient_id AS "PatientId", p.clinic_id AS "ClinicId",
                   greatest(s.last_seen_at, a.from_at, e.started_at) AS "LastHeardAt",
                   coalesce(rs.state -> 'SilentDevices' @> jsonb_build_array(a.device_id), false) AS "ReportedSilent"
            FROM device_assignments a
            JOIN devices d ON d.id = a.device_id AND d.revoked_at IS NULL
            JOIN patients p ON p.id = a.patient_id
            JOIN episodes e ON e.patient_id = a.patient_id AND e.ended_at IS NULL
            LEFT JOIN device_status s ON s.device_id = a.device_id
            LEFT JOIN patient_rule_state rs ON rs.patient_id = a.patient_id
            WHERE a.to_at IS NULL
            """, cancellationToken: ct));
        return [.. rows];
    }

    /// <summary>Every device some patient's stored rule state lists as silent.</summary>
    internal async Task<IReadOnlyList<(Guid PatientId, string DeviceId)>> LoadSilentDevicesAsync(CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        var rows = await connection.QueryAsync<(Guid PatientId, string DeviceId)>(new CommandDefinition(
            """
            SELECT rs.patient_id, d.device_id
            FROM patient_rule_state rs
            CROSS JOIN LATERAL jsonb_array_elements_text(
                CASE WHEN jsonb_typeof(rs.state -> 'SilentDevices') = 'array' THEN rs.state -> 'SilentDevices' ELSE '[]'::jsonb END) AS d (device_id)
            WHERE rs.state -> 'SilentDevices' <> '[]'::jsonb
            """, cancellationToken: ct));
        return [.. rows];
    }

    /// <summary>The current patient of each device, and whether that patient is in home treatment.</summary>
    internal static async Task<Dictionary<string, (Guid PatientId, bool Monitored)>> LoadDeviceOwnersAsync(
        NpgsqlTransaction tx, string[] deviceIds, CancellationToken ct)
    {
        var rows = await tx.Connection!.QueryAsync<(string DeviceId, Guid PatientId, bool Monitored)>(new CommandDefinition(
            """
            SELECT a.device_id, a.patient_id,
                   EXISTS (SELECT 1 FROM episodes e WHERE e.patient_id = a.patient_id AND e.ended_at IS NULL)
            FROM device_assignments a
            WHERE a.to_at IS NULL AND a.device_id = ANY(@deviceIds)
            """, new { deviceIds }, tx, cancellationToken: ct));
        return rows.ToDictionary(r => r.DeviceId, r => (r.PatientId, r.Monitored), StringComparer.Ordinal);
    }

    /// <summary>
    /// Writes a batch in the caller's transaction: changed rule states, changed and new alarms (the
    /// partial unique index refuses a second open alarm of a kind for a patient), and one audit row
    /// per effect other than a repeat.
    /// </summary>
    internal static async Task SaveAsync(NpgsqlTransaction tx, AlarmChanges changes, DateTimeOffset now, CancellationToken ct)
    {
        var updates = changes.Alarms.Where(c => !c.IsNew).Select(c => AlarmRow.From(c.Current)).ToList();
        var inserts = changes.Alarms.Where(c => c.IsNew).Select(c => AlarmRow.From(c.Current)).ToList();
        var states = changes.Drafts.Where(d => d.SavesState).Select(d => (d.PatientId, d.EpisodeId, d.State)).ToList();

        var sql = new List<string>();
        if (updates.Count > 0)
        {
            // Updates first: a resolution must leave the (patient, kind) slot before a new alarm takes it.
            sql.Add($"""
                UPDATE alarms a SET ({Columns}) = ({string.Join(", ", Columns.Split(", ").Select(c => "r." + c))})
                FROM jsonb_populate_recordset(null::alarms, @updates::jsonb) r
                WHERE a.id = r.id
                """);
        }

        if (inserts.Count > 0)
        {
            sql.Add($"INSERT INTO alarms (id, {Columns}) SELECT id, {Columns} FROM jsonb_populate_recordset(null::alarms, @inserts::jsonb)");
        }

        if (states.Count > 0)
        {
            sql.Add(SaveStatesSql);
        }

        if (sql.Count > 0)
        {
            await tx.Connection!.ExecuteAsync(new CommandDefinition(
                string.Join(";\n", sql),
                new
                {
                    updates = JsonSerializer.Serialize(updates, RowJson),
                    inserts = JsonSerializer.Serialize(inserts, RowJson),
                    states = StatesJson(states, now),
                },
                tx,
                cancellationToken: ct));
        }

        foreach (var change in changes.Alarms)
        {
            foreach (var audit in change.Audits)
            {
                await AuditLog.WriteAsync(tx, audit.Actor, audit.Effect.At, new AuditEntry(
                    "alarm." + AlarmWireNames.Of(audit.Effect.Type),
                    "alarm",
                    audit.After.Id.ToString(),
                    audit.After.ClinicId,
                    // The audit trail keeps the alarm as clinicians saw it: the API's shape.
                    audit.Before is null ? null : AlarmResponse.From(audit.Before),
                    AlarmResponse.From(audit.After)), ct);
            }
        }
    }

    /// <summary>Rule states of patients whose alarms did not change (the worker's write-behind), in one statement.</summary>
    internal static async Task SaveRuleStatesAsync(
        NpgsqlTransaction tx, IReadOnlyCollection<(Guid PatientId, Guid? EpisodeId, PatientRuleState State)> states, DateTimeOffset now, CancellationToken ct)
    {
        if (states.Count == 0)
        {
            return;
        }

        await tx.Connection!.ExecuteAsync(new CommandDefinition(SaveStatesSql, new { states = StatesJson(states, now) }, tx, cancellationToken: ct));
    }

    /// <summary>
    /// The rows for <see cref="SaveStatesSql"/> as one JSON array, each state serialized once
    /// straight into it (snake_case row fields, the state as System.Text.Json writes it by default).
    /// </summary>
    private static string StatesJson(IEnumerable<(Guid PatientId, Guid? EpisodeId, PatientRuleState State)> states, DateTimeOffset now)
    {
        var buffer = new ArrayBufferWriter<byte>(16 * 1024);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartArray();
            foreach (var (patientId, episodeId, state) in states)
            {
                writer.WriteStartObject();
                writer.WriteString("patient_id", patientId);
                if (episodeId is { } episode)
                {
                    writer.WriteString("episode_id", episode);
                }
                else
                {
                    writer.WriteNull("episode_id");
                }

                writer.WritePropertyName("state");
                JsonSerializer.Serialize(writer, state, RuleStateJson);
                writer.WriteString("updated_at", now);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>One alarm the caller may see, open or not; null when absent or another clinic's.</summary>
    public async Task<StoredAlarm?> GetAsync(ClinicScope scope, Guid id, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(scope);
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        var row = await connection.QuerySingleOrDefaultAsync<AlarmRow>(new CommandDefinition(
            $"{SelectAlarms} WHERE a.id = @id AND {ScopeFilter}", new { id, scopeClinic = scope.ClinicFilter }, cancellationToken: ct));
        return row?.ToStored();
    }

    /// <summary>Alarms the caller may see, newest first (the scope filter is in the SQL, like the registry's).</summary>
    public async Task<IReadOnlyList<StoredAlarm>> ListAsync(ClinicScope scope, AlarmQuery query, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(scope);
        ArgumentNullException.ThrowIfNull(query);
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        var rows = await connection.QueryAsync<AlarmRow>(new CommandDefinition(
            $"""
            {SelectAlarms}
            WHERE {ScopeFilter}
              AND (@clinicId::uuid IS NULL OR a.clinic_id = @clinicId)
              AND (@patientId::uuid IS NULL OR a.patient_id = @patientId)
              AND (@state::text IS NULL OR a.state = @state)
              AND (NOT @openOnly OR a.state <> 'resolved')
              AND (@kind::text IS NULL OR a.kind = @kind)
              AND (@since::timestamptz IS NULL OR a.last_updated_at >= @since)
              AND (@teamId::uuid IS NULL OR a.patient_id IN (SELECT t.id FROM patients t WHERE t.team_id = @teamId))
            ORDER BY a.raised_at DESC, a.id DESC
            LIMIT @limit
            """,
            new
            {
                scopeClinic = scope.ClinicFilter,
                clinicId = query.ClinicId,
                patientId = query.PatientId,
                state = query.State is { } s ? AlarmWireNames.Of(s) : null,
                openOnly = query.OpenOnly,
                kind = query.Kind is { } k ? AlarmWireNames.Of(k) : null,
                since = query.Since,
                limit = query.Limit,
                teamId = query.TeamId,
            },
            cancellationToken: ct));
        return [.. rows.Select(r => r.ToStored())];
    }

    /// <summary>The wall header's counts over the caller's open alarms (one query; the open-alarm index keeps it small).</summary>
    public async Task<AlarmSummaryResponse> SummaryAsync(ClinicScope scope, Guid? clinicId, DateTimeOffset now, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(scope);
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        var row = await connection.QuerySingleAsync<SummaryRow>(new CommandDefinition(
            $"""
            SELECT count(*)::int AS open,
                   count(*) FILTER (WHERE a.state = 'active')::int AS unacknowledged,
                   count(*) FILTER (WHERE a.priority = 'high')::int AS high,
                   count(*) FILTER (WHERE a.priority = 'medium')::int AS medium,
                   count(*) FILTER (WHERE a.priority = 'low')::int AS low,
                   count(DISTINCT a.patient_id)::int AS patients,
                   min(a.active_since) FILTER (WHERE a.state = 'active' AND a.priority = 'high') AS oldest_unacknowledged_high_since
            FROM alarms a JOIN patients p ON p.id = a.patient_id
            WHERE a.state <> 'resolved' AND {ScopeFilter} AND (@clinicId::uuid IS NULL OR a.clinic_id = @clinicId)
            """,
            new { scopeClinic = scope.ClinicFilter, clinicId }, cancellationToken: ct));
        return new AlarmSummaryResponse(row.Open, row.Unacknowledged, row.High, row.Medium, row.Low, row.Patients, row.OldestUnacknowledgedHighSince, now);
    }

    private sealed class SummaryRow
    {
        public int Open { get; set; }

        public int Unacknowledged { get; set; }

        public int High { get; set; }

        public int Medium { get; set; }

        public int Low { get; set; }

        public int Patients { get; set; }

        public DateTimeOffset? OldestUnacknowledgedHighSince { get; set; }
    }
}
