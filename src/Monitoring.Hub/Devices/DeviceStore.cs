using Dapper;
using Monitoring.Hub.Api;
using Monitoring.Hub.Api.Paging;
using Monitoring.Hub.Audit;
using Monitoring.Hub.Auth;
using Monitoring.Hub.Registry;
using Npgsql;

namespace Monitoring.Hub.Devices;

/// <summary>
/// Devices, their broker accounts and their assignments, through the caller's
/// <see cref="ClinicScope"/>. Changes that touch the broker keep the device's registry row locked
/// (or its insert uncommitted) while the broker is asked, commit only after the broker agreed,
/// and undo the broker change if the commit then fails. After each committed change the
/// ingestion pipeline is told (<see cref="Ingestion.IAssignmentChanges"/>), so the next reading is
/// attributed with the new facts.
/// </summary>
public sealed partial class DeviceStore(
    NpgsqlDataSource dataSource,
    DeviceAccounts accounts,
    IEnumerable<Ingestion.IAssignmentChanges> listeners,
    ILogger<DeviceStore> logger)
{
    private const string Select =
        """
        SELECT d.id, d.kind, d.clinic_id, d.registered_at, d.revoked_at, a.patient_id, a.from_at AS assigned_at
        FROM devices d LEFT JOIN device_assignments a ON a.device_id = d.id AND a.to_at IS NULL
        """;

    private const string ScopeFilter = "(@scopeClinic::uuid IS NULL OR d.clinic_id = @scopeClinic)";

    public async Task<DeviceResponse?> GetAsync(ClinicScope scope, string id, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scope);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<DeviceRow>(new CommandDefinition(
            $"{Select} WHERE d.id = @id AND {ScopeFilter}", new { id, scopeClinic = scope.ClinicFilter }, cancellationToken: cancellationToken));
        return row?.ToResponse();
    }

    /// <summary>The sort keys of the device list, the default first.</summary>
    public static readonly IReadOnlyList<string> SortKeys = ["id", "kind", "registered", "status"];

    /// <summary>
    /// Devices the caller may see; <paramref name="page"/> adds search (device id, the id or name
    /// of the patient it is on now), sort and the page's window.
    /// </summary>
    public async Task<PagedList<DeviceResponse>> ListAsync(ClinicScope scope, DeviceFilter filter, PageQuery page, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scope);
        ArgumentNullException.ThrowIfNull(filter);
        ArgumentNullException.ThrowIfNull(page);
        var parameters = new
        {
            scopeClinic = scope.ClinicFilter,
            clinicId = filter.ClinicId,
            kind = filter.Kind is { } k ? Codes.Of(k) : null,
            revoked = filter.Status is { } s ? s == DeviceStatus.Revoked : (bool?)null,
            patientId = filter.PatientId,
            search = page.SearchPattern,
            offset = page.Offset,
            limit = page.Limit,
        };
        const string where =
            $"""
            WHERE {ScopeFilter}
              AND (@clinicId::uuid IS NULL OR d.clinic_id = @clinicId)
              AND (@kind::text IS NULL OR d.kind = @kind)
              AND (@revoked::boolean IS NULL OR (d.revoked_at IS NOT NULL) = @revoked)
              AND (@patientId::uuid IS NULL OR a.patient_id = @patientId)
              AND (@search::text IS NULL OR d.id ILIKE @search OR a.patient_id::text ILIKE @search
                    OR EXISTS (SELECT 1 FROM patients p WHERE p.id = a.patient_id AND p.name ILIKE @search))
            """;
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = (await connection.QueryAsync<DeviceRow>(new CommandDefinition(
            $"""
            {Select}
            {where}
            ORDER BY {OrderBy(page)}
            LIMIT @limit OFFSET @offset
            """,
            parameters,
            cancellationToken: cancellationToken))).ToList();
        var total = !page.Paged || (rows.Count > 0 && rows.Count < page.Limit)
            ? page.Offset + rows.Count
            : await connection.ExecuteScalarAsync<int>(new CommandDefinition(
                $"SELECT count(*)::int FROM devices d LEFT JOIN device_assignments a ON a.device_id = d.id AND a.to_at IS NULL {where}",
                parameters, cancellationToken: cancellationToken));
        return page.Answer<DeviceResponse>([.. rows.Select(r => r.ToResponse())], total);
    }

    /// <summary>Ids A→Z; registration newest first; active before revoked. Only known keys reach here.</summary>
    private static string OrderBy(PageQuery page) => page.Sort switch
    {
        "kind" => $"d.kind {page.Direction()}, d.id",
        "registered" => $"d.registered_at {page.Direction(naturalDescending: true)}, d.id",
        "status" => $"(d.revoked_at IS NOT NULL) {page.Direction()}, d.id",
        _ => $"d.id {page.Direction()}",
    };

    /// <summary>
    /// Registers a device: the registry row is inserted first but left uncommitted (it holds the
    /// id against a concurrent registration), then the broker account is created, then the row is
    /// committed with its audit row. A broker that does not answer leaves nothing behind (503); a
    /// commit that fails after the broker agreed deletes the broker account again.
    /// </summary>
    public async Task<Outcome<RegisteredDeviceResponse>> RegisterAsync(
        ClinicScope scope, string id, DeviceKind kind, Guid clinicId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scope);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var clinicVisible = await connection.ExecuteScalarAsync<bool>(new CommandDefinition(
            "SELECT EXISTS (SELECT 1 FROM clinics WHERE id = @clinicId AND (@scopeClinic::uuid IS NULL OR id = @scopeClinic))",
            new { clinicId, scopeClinic = scope.ClinicFilter }, transaction, cancellationToken: cancellationToken));
        if (!clinicVisible)
        {
            return Outcome<RegisteredDeviceResponse>.Invalid("clinicId", "names no existing clinic.");
        }

        var inserted = await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO devices (id, kind, clinic_id, registered_at, registered_by) VALUES (@id, @kind, @clinicId, @now, @actor)
            ON CONFLICT (id) DO NOTHING
            """,
            new { id, kind = Codes.Of(kind), clinicId, now, actor = scope.UserId }, transaction, cancellationToken: cancellationToken));
        if (inserted == 0)
        {
            return Outcome<RegisteredDeviceResponse>.Conflict($"A device '{id}' is registered already (revoked devices keep their id).");
        }

        var secret = DeviceSecrets.Generate();
        if (!await accounts.CreateAsync(id, secret, cancellationToken))
        {
            return Outcome<RegisteredDeviceResponse>.Conflict($"The broker already has an account named '{id}' that is not a device of this hub; choose another id.");
        }

        try
        {
            var device = new DeviceResponse(id, kind, clinicId, DeviceStatus.Active, now, null, null, null);
            await AuditLog.WriteAsync(transaction, scope.Actor, now,
                new AuditEntry("device.registered", "device", id, clinicId, null, device), cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            Notify(id);
            return Outcome<RegisteredDeviceResponse>.Done(new RegisteredDeviceResponse(
                id, kind, clinicId, DeviceStatus.Active, now, secret, new DeviceMqttAccount(id, id, $"{DeviceAccounts.TopicPrefix}{id}/")));
        }
        catch (Exception ex) when (ex is NpgsqlException or OperationCanceledException)
        {
            LogCompensating(logger, id, "registration", ex.Message);
            await accounts.DeleteAsync(id, CancellationToken.None);
            throw;
        }
    }

    /// <summary>
    /// Revokes a device: its open assignment ends, it is marked revoked, and its broker account
    /// is disabled (which also disconnects it). The account is kept, so the id stays taken.
    /// </summary>
    public async Task<Outcome<DeviceResponse>> RevokeAsync(ClinicScope scope, string id, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scope);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var before = await LockAsync(transaction, scope, id, cancellationToken);
        if (before is null)
        {
            return Outcome<DeviceResponse>.NotFound("device", id);
        }

        if (before.Status == DeviceStatus.Revoked)
        {
            return Outcome<DeviceResponse>.Conflict($"Device '{id}' was revoked at {before.RevokedAt!.Value.UtcDateTime:O}.");
        }

        await CloseAssignmentAsync(transaction, scope, id, now, cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE devices SET revoked_at = @now, revoked_by = @actor WHERE id = @id",
            new { id, now, actor = scope.UserId }, transaction, cancellationToken: cancellationToken));
        var after = (await LockAsync(transaction, scope, id, cancellationToken))!;
        await AuditLog.WriteAsync(transaction, scope.Actor, now,
            new AuditEntry("device.revoked", "device", id, before.ClinicId, before, after), cancellationToken);

        await accounts.DisableAsync(id, cancellationToken);
        try
        {
            await transaction.CommitAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is NpgsqlException or OperationCanceledException)
        {
            LogCompensating(logger, id, "revocation", ex.Message);
            await accounts.EnableAsync(id, CancellationToken.None);
            throw;
        }

        Notify(id);
        return Outcome<DeviceResponse>.Done(after);
    }

    /// <summary>
    /// Puts the device on a patient of its own clinic. Assigning it again to the same patient
    /// changes nothing; a device on another patient must be unassigned first (409 naming that patient).
    /// </summary>
    public async Task<Outcome<DeviceResponse>> AssignAsync(
        ClinicScope scope, string id, Guid patientId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scope);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var before = await LockAsync(transaction, scope, id, cancellationToken);
        if (before is null)
        {
            return Outcome<DeviceResponse>.NotFound("device", id);
        }

        var patient = await PatientStore.FindVisibleAsync(transaction, scope, patientId, forUpdate: true, cancellationToken);
        if (patient is null)
        {
            return Outcome<DeviceResponse>.Invalid("patientId", "names no existing patient.");
        }

        if (patient.ClinicId != before.ClinicId)
        {
            return Outcome<DeviceResponse>.Invalid("patientId", "names a patient of another clinic than the device's.");
        }

        if (before.Status == DeviceStatus.Revoked)
        {
            return Outcome<DeviceResponse>.Conflict($"Device '{id}' is revoked and cannot be assigned.");
        }

        if (before.PatientId == patientId)
        {
            return Outcome<DeviceResponse>.Done(before);
        }

        if (before.PatientId is { } current)
        {
            return Outcome<DeviceResponse>.Conflict($"Device '{id}' is assigned to patient {current} since {before.AssignedAt!.Value.UtcDateTime:O}; unassign it first.");
        }

        await connection.ExecuteAsync(new CommandDefinition(
            "INSERT INTO device_assignments (device_id, patient_id, from_at, assigned_by) VALUES (@id, @patientId, @now, @actor)",
            new { id, patientId, now, actor = scope.UserId }, transaction, cancellationToken: cancellationToken));
        var after = (await LockAsync(transaction, scope, id, cancellationToken))!;
        await AuditLog.WriteAsync(transaction, scope.Actor, now,
            new AuditEntry("device.assigned", "device", id, before.ClinicId, before, after), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        Notify(id);
        return Outcome<DeviceResponse>.Done(after);
    }

    /// <summary>Takes the device off its patient; the broker account stays as it is.</summary>
    public async Task<Outcome<DeviceResponse>> UnassignAsync(ClinicScope scope, string id, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scope);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var before = await LockAsync(transaction, scope, id, cancellationToken);
        if (before is null)
        {
            return Outcome<DeviceResponse>.NotFound("device", id);
        }

        if (before.PatientId is null)
        {
            return Outcome<DeviceResponse>.Conflict($"Device '{id}' is not assigned to any patient.");
        }

        await CloseAssignmentAsync(transaction, scope, id, now, cancellationToken);
        var after = (await LockAsync(transaction, scope, id, cancellationToken))!;
        await AuditLog.WriteAsync(transaction, scope.Actor, now,
            new AuditEntry("device.unassigned", "device", id, before.ClinicId, before, after), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        Notify(id);
        return Outcome<DeviceResponse>.Done(after);
    }

    /// <summary>The device's assignments, newest first; null when the device is not visible to the caller.</summary>
    public async Task<IReadOnlyList<DeviceAssignment>?> HistoryAsync(ClinicScope scope, string id, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scope);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead, cancellationToken);
        if (await LockAsync(transaction, scope, id, cancellationToken, forUpdate: false) is null)
        {
            return null;
        }

        var rows = await connection.QueryAsync<DeviceAssignment>(new CommandDefinition(
            """
            SELECT a.device_id AS "DeviceId", a.patient_id AS "PatientId", d.clinic_id AS "ClinicId", a.from_at AS "FromAt", a.to_at AS "ToAt"
            FROM device_assignments a JOIN devices d ON d.id = a.device_id
            WHERE a.device_id = @id
            ORDER BY a.from_at DESC, a.id DESC
            """,
            new { id }, transaction, cancellationToken: cancellationToken));
        await transaction.CommitAsync(cancellationToken);
        return [.. rows];
    }

    /// <summary>Counts for one clinic the caller may see; null otherwise.</summary>
    public async Task<InventoryResponse?> InventoryAsync(ClinicScope scope, Guid clinicId, int oximeterTarget, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scope);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var visible = await connection.ExecuteScalarAsync<bool>(new CommandDefinition(
            "SELECT EXISTS (SELECT 1 FROM clinics WHERE id = @clinicId AND (@scopeClinic::uuid IS NULL OR id = @scopeClinic))",
            new { clinicId, scopeClinic = scope.ClinicFilter }, cancellationToken: cancellationToken));
        if (!visible)
        {
            return null;
        }

        var counts = (await connection.QueryAsync<KindCountRow>(new CommandDefinition(
            """
            SELECT d.kind,
                   count(*) FILTER (WHERE d.revoked_at IS NULL AND a.device_id IS NOT NULL) AS issued,
                   count(*) FILTER (WHERE d.revoked_at IS NULL AND a.device_id IS NULL) AS free,
                   count(*) FILTER (WHERE d.revoked_at IS NOT NULL) AS revoked
            FROM devices d LEFT JOIN device_assignments a ON a.device_id = d.id AND a.to_at IS NULL
            WHERE d.clinic_id = @clinicId
            GROUP BY d.kind
            """,
            new { clinicId }, cancellationToken: cancellationToken))).ToDictionary(r => Codes.Parse<DeviceKind>(r.Kind));

        var byKind = Enum.GetValues<DeviceKind>()
            .Select(k => counts.TryGetValue(k, out var c) ? new KindInventory(k, (int)c.Issued, (int)c.Free, (int)c.Revoked) : new KindInventory(k, 0, 0, 0))
            .ToList();
        var issued = byKind.Sum(k => k.Issued);
        var free = byKind.Sum(k => k.Free);
        var revoked = byKind.Sum(k => k.Revoked);
        var oximeters = byKind.Where(k => k.Kind == DeviceKind.Oximeter).Sum(k => k.Issued + k.Free);
        var (silent, lowBattery) = await Alarms.Storage.DeviceLiveStatus.CountAsync(connection, clinicId, cancellationToken);
        return new InventoryResponse(clinicId, issued + free + revoked, issued, free, revoked, silent, lowBattery, true,
            oximeters, oximeterTarget, Math.Max(0, oximeterTarget - oximeters), byKind);
    }

    private static async Task<DeviceResponse?> LockAsync(
        NpgsqlTransaction transaction, ClinicScope scope, string id, CancellationToken cancellationToken, bool forUpdate = true)
    {
        var row = await transaction.Connection!.QuerySingleOrDefaultAsync<DeviceRow>(new CommandDefinition(
            $"{Select} WHERE d.id = @id AND {ScopeFilter} {(forUpdate ? "FOR UPDATE OF d" : "")}",
            new { id, scopeClinic = scope.ClinicFilter }, transaction, cancellationToken: cancellationToken));
        return row?.ToResponse();
    }

    private void Notify(string deviceId)
    {
        foreach (var listener in listeners)
        {
            listener.DeviceChanged(deviceId);
        }
    }

    private static Task CloseAssignmentAsync(NpgsqlTransaction transaction, ClinicScope scope, string id, DateTimeOffset now, CancellationToken cancellationToken) =>
        transaction.Connection!.ExecuteAsync(new CommandDefinition(
            "UPDATE device_assignments SET to_at = greatest(@now, from_at), unassigned_by = @actor WHERE device_id = @id AND to_at IS NULL",
            new { id, now, actor = scope.UserId }, transaction, cancellationToken: cancellationToken));

    [LoggerMessage(Level = LogLevel.Error, Message = "Storing the {Change} of device {DeviceId} failed after the broker agreed; undoing the broker change: {Reason}")]
    private static partial void LogCompensating(ILogger logger, string deviceId, string change, string reason);

    private sealed class DeviceRow
    {
        public string Id { get; set; } = "";

        public string Kind { get; set; } = "";

        public Guid ClinicId { get; set; }

        public DateTimeOffset RegisteredAt { get; set; }

        public DateTimeOffset? RevokedAt { get; set; }

        public Guid? PatientId { get; set; }

        public DateTimeOffset? AssignedAt { get; set; }

        public DeviceResponse ToResponse() => new(
            Id, Codes.Parse<DeviceKind>(Kind), ClinicId, RevokedAt is null ? DeviceStatus.Active : DeviceStatus.Revoked,
            RegisteredAt, RevokedAt, PatientId, AssignedAt);
    }

    private sealed class KindCountRow
    {
        public string Kind { get; set; } = "";

        public long Issued { get; set; }

        public long Free { get; set; }

        public long Revoked { get; set; }
    }
}
