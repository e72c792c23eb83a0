using System.Collections.Concurrent;
using System.Reflection;
using System.Text.Json;
using Dapper;
using Microsoft.Extensions.Options;
using Monitoring.Domain.Alarms;
using Monitoring.Domain.Thresholds;
using Monitoring.Hub.Api;
using Monitoring.Hub.Audit;
using Monitoring.Hub.Auth;
using Monitoring.Hub.Registry;
using Npgsql;

namespace Monitoring.Hub.Thresholds;

/// <summary>
/// Clinic and patient threshold overrides and clinic escalation ladders (PostgreSQL), and the
/// effective thresholds per patient, cached in memory for the alarm worker. A change through the
/// API replaces the cached entry once committed, so the next evaluation uses it without a restart.
/// Every change is validated as a whole (<see cref="AlarmThresholds.Resolve"/>: a clinic change
/// against every patient override of the clinic too) and audited.
/// </summary>
/// <remarks>
/// The cache is this process's: a second hub instance would see another instance's change only
/// after its restart (one active alarm engine is assumed, see docs/alarms.md).
/// </remarks>
public sealed partial class ThresholdStore(NpgsqlDataSource dataSource, IOptions<AlarmThresholds> defaults, ILogger<ThresholdStore> logger)
{
    // One instance for every patient without overrides (most): the cache holds no object per patient.
    private static readonly PatientOverrides NoOverrides = new((ThresholdOverrides?)null);
    private static readonly PropertyInfo[] OverrideProperties = typeof(ThresholdOverrides).GetProperties(BindingFlags.Public | BindingFlags.Instance);

    private readonly ConcurrentDictionary<Guid, ClinicThresholds> _clinics = new();
    private readonly ConcurrentDictionary<Guid, PatientOverrides> _patients = new();
    // Only patients with overrides of their own.
    private readonly ConcurrentDictionary<Guid, (Guid ClinicId, EffectiveThresholds Value)> _effective = new();

    // The clinic's effective thresholds, shared by all its patients without overrides of their own
    // (most of them): one object per clinic, not one per patient.
    private readonly ConcurrentDictionary<Guid, EffectiveThresholds> _clinicEffective = new();
    private long _version;

    public AlarmThresholds Defaults => defaults.Value;

    /// <summary>The patient's effective thresholds and lifecycle policy (cached; read from PostgreSQL on a miss).</summary>
    public async ValueTask<EffectiveThresholds> GetEffectiveAsync(Guid clinicId, Guid patientId, CancellationToken ct)
    {
        // A patient without overrides (most) is answered from the clinic's entry: nothing per patient
        // but its PatientOverrides entry (the shared NoOverrides), 10,000 patients ~1 MB less.
        if (_patients.TryGetValue(patientId, out var known))
        {
            if (known.Overrides is null && _clinicEffective.TryGetValue(clinicId, out var clinicWide))
            {
                return clinicWide;
            }

            if (_effective.TryGetValue(patientId, out var cached) && cached.ClinicId == clinicId)
            {
                return cached.Value;
            }
        }

        var version = Interlocked.Read(ref _version);
        var clinic = await ClinicAsync(clinicId, ct);
        var patient = await PatientAsync(patientId, ct);
        var shared = patient.Overrides is null;
        var effective = shared && _clinicEffective.TryGetValue(clinicId, out var clinicEffective)
            ? clinicEffective
            : Compute(clinicId, patientId, clinic, patient.Overrides);
        if (Interlocked.Read(ref _version) == version)
        {
            if (shared)
            {
                _clinicEffective.TryAdd(clinicId, effective);
            }
            else
            {
                _effective[patientId] = (clinicId, effective);
            }
        }

        return effective;
    }

    /// <summary>Reads the settings of the clinics and patients not cached yet, two queries for a whole batch.</summary>
    public async Task PreloadAsync(IEnumerable<Guid> clinicIds, IEnumerable<Guid> patientIds, CancellationToken ct)
    {
        var clinics = clinicIds.Distinct().Where(id => !_clinics.ContainsKey(id)).ToArray();
        var patients = patientIds.Distinct().Where(id => !_patients.ContainsKey(id)).ToArray();
        if (clinics.Length == 0 && patients.Length == 0)
        {
            return;
        }

        var version = Interlocked.Read(ref _version);
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        var clinicRows = clinics.Length == 0 ? [] : (await connection.QueryAsync<(Guid Id, string Overrides, string? Escalation)>(new CommandDefinition(
            "SELECT clinic_id, overrides::text, escalation::text FROM clinic_thresholds WHERE clinic_id = ANY(@clinics)",
            new { clinics }, cancellationToken: ct))).ToDictionary(r => r.Id);
        var patientRows = patients.Length == 0 ? [] : (await connection.QueryAsync<(Guid Id, string Overrides)>(new CommandDefinition(
            "SELECT patient_id, overrides::text FROM patient_thresholds WHERE patient_id = ANY(@patients)",
            new { patients }, cancellationToken: ct))).ToDictionary(r => r.Id);
        if (Interlocked.Read(ref _version) != version)
        {
            return;
        }

        foreach (var id in clinics)
        {
            _clinics.TryAdd(id, clinicRows.TryGetValue(id, out var row) ? ReadClinic(row.Overrides, row.Escalation) : ClinicThresholds.None);
        }

        foreach (var id in patients)
        {
            _patients.TryAdd(id, patientRows.TryGetValue(id, out var row) && ReadOverrides(row.Overrides) is { } overrides ? new PatientOverrides(overrides) : NoOverrides);
        }
    }

    public async Task<ThresholdOverrides?> GetClinicOverridesAsync(ClinicScope scope, Guid clinicId, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(scope);
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        if (!await ClinicVisibleAsync(connection, null, scope, clinicId, forUpdate: false, ct))
        {
            return null;
        }

        var json = await connection.ExecuteScalarAsync<string?>(new CommandDefinition(
            "SELECT overrides::text FROM clinic_thresholds WHERE clinic_id = @clinicId", new { clinicId }, cancellationToken: ct));
        return ReadOverrides(json) ?? new ThresholdOverrides();
    }

    public async Task<ThresholdOverrides?> GetPatientOverridesAsync(ClinicScope scope, Guid patientId, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(scope);
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead, ct);
        if (await PatientStore.FindVisibleAsync(tx, scope, patientId, forUpdate: false, ct) is null)
        {
            return null;
        }

        var json = await connection.ExecuteScalarAsync<string?>(new CommandDefinition(
            "SELECT overrides::text FROM patient_thresholds WHERE patient_id = @patientId", new { patientId }, tx, cancellationToken: ct));
        await tx.CommitAsync(ct);
        return ReadOverrides(json) ?? new ThresholdOverrides();
    }

    /// <summary>
    /// Replaces a clinic's overrides. Null when the clinic is not visible; throws
    /// <see cref="ThresholdValidationException"/> (nothing written) when the result would be unusable
    /// for the clinic or for one of its patients with overrides.
    /// </summary>
    public async Task<ThresholdOverrides?> SetClinicOverridesAsync(
        ClinicScope scope, Guid clinicId, ThresholdOverrides overrides, DateTimeOffset now, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(scope);
        ArgumentNullException.ThrowIfNull(overrides);
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        // The clinic row is the lock every threshold change of the clinic takes, so a clinic change
        // and a patient change cannot each be validated against the other's old value.
        if (!await ClinicVisibleAsync(connection, tx, scope, clinicId, forUpdate: true, ct))
        {
            return null;
        }

        Validate(Defaults, overrides, null, null);
        var patientRows = await connection.QueryAsync<(Guid Id, string Overrides)>(new CommandDefinition(
            """
            SELECT t.patient_id, t.overrides::text FROM patient_thresholds t JOIN patients p ON p.id = t.patient_id
            WHERE p.clinic_id = @clinicId ORDER BY t.patient_id
            """, new { clinicId }, tx, cancellationToken: ct));
        foreach (var row in patientRows)
        {
            Validate(Defaults, overrides, ReadOverrides(row.Overrides), row.Id);
        }

        var before = ReadOverrides(await connection.ExecuteScalarAsync<string?>(new CommandDefinition(
            "SELECT overrides::text FROM clinic_thresholds WHERE clinic_id = @clinicId", new { clinicId }, tx, cancellationToken: ct)))
            ?? new ThresholdOverrides();
        await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO clinic_thresholds (clinic_id, overrides, updated_at, updated_by) VALUES (@clinicId, @json::jsonb, @now, @actor)
            ON CONFLICT (clinic_id) DO UPDATE SET overrides = EXCLUDED.overrides, updated_at = EXCLUDED.updated_at, updated_by = EXCLUDED.updated_by
            """, new { clinicId, json = Write(overrides), now, actor = scope.UserId }, tx, cancellationToken: ct));
        await AuditLog.WriteAsync(tx, scope.Actor, now,
            new AuditEntry("thresholds.clinic_changed", "clinic_thresholds", clinicId.ToString(), clinicId, before, overrides), ct);
        var escalation = await ReadEscalationAsync(connection, tx, clinicId, ct);
        await tx.CommitAsync(ct);

        Changed(() => _clinics[clinicId] = new ClinicThresholds(overrides, escalation));
        return overrides;
    }

    /// <summary>Replaces a patient's overrides; null when the patient is not visible. Throws <see cref="ThresholdValidationException"/> when unusable.</summary>
    public async Task<ThresholdOverrides?> SetPatientOverridesAsync(
        ClinicScope scope, Guid patientId, ThresholdOverrides overrides, DateTimeOffset now, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(scope);
        ArgumentNullException.ThrowIfNull(overrides);
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        var patient = await PatientStore.FindVisibleAsync(tx, scope, patientId, forUpdate: true, ct);
        if (patient is null)
        {
            return null;
        }

        await ClinicVisibleAsync(connection, tx, scope, patient.ClinicId, forUpdate: true, ct);
        var clinicOverrides = ReadOverrides(await connection.ExecuteScalarAsync<string?>(new CommandDefinition(
            "SELECT overrides::text FROM clinic_thresholds WHERE clinic_id = @clinicId", new { clinicId = patient.ClinicId }, tx, cancellationToken: ct)));
        Validate(Defaults, clinicOverrides, overrides, null);

        var before = ReadOverrides(await connection.ExecuteScalarAsync<string?>(new CommandDefinition(
            "SELECT overrides::text FROM patient_thresholds WHERE patient_id = @patientId", new { patientId }, tx, cancellationToken: ct)))
            ?? new ThresholdOverrides();
        await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO patient_thresholds (patient_id, overrides, updated_at, updated_by) VALUES (@patientId, @json::jsonb, @now, @actor)
            ON CONFLICT (patient_id) DO UPDATE SET overrides = EXCLUDED.overrides, updated_at = EXCLUDED.updated_at, updated_by = EXCLUDED.updated_by
            """, new { patientId, json = Write(overrides), now, actor = scope.UserId }, tx, cancellationToken: ct));
        await AuditLog.WriteAsync(tx, scope.Actor, now,
            new AuditEntry("thresholds.patient_changed", "patient_thresholds", patientId.ToString(), patient.ClinicId, before, overrides), ct);
        await tx.CommitAsync(ct);

        Changed(() => _patients[patientId] = overrides is null ? NoOverrides : new PatientOverrides(overrides));
        return overrides;
    }

    public async Task<EscalationLadder?> GetEscalationAsync(ClinicScope scope, Guid clinicId, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(scope);
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        if (!await ClinicVisibleAsync(connection, null, scope, clinicId, forUpdate: false, ct))
        {
            return null;
        }

        return Ladder(await ReadEscalationAsync(connection, null, clinicId, ct), Defaults);
    }

    /// <summary>Replaces a clinic's escalation ladder (null or empty: the default). Null when the clinic is not visible.</summary>
    public async Task<EscalationLadder?> SetEscalationAsync(
        ClinicScope scope, Guid clinicId, IReadOnlyList<EscalationStep>? steps, DateTimeOffset now, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(scope);
        var stored = steps is { Count: > 0 } ? steps.OrderBy(s => s.AfterMinutes).ToList() : null;
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        if (!await ClinicVisibleAsync(connection, tx, scope, clinicId, forUpdate: true, ct))
        {
            return null;
        }

        var before = await ReadEscalationAsync(connection, tx, clinicId, ct);
        await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO clinic_thresholds (clinic_id, overrides, escalation, updated_at, updated_by) VALUES (@clinicId, '{}'::jsonb, @json::jsonb, @now, @actor)
            ON CONFLICT (clinic_id) DO UPDATE SET escalation = EXCLUDED.escalation, updated_at = EXCLUDED.updated_at, updated_by = EXCLUDED.updated_by
            """, new { clinicId, json = stored is null ? null : JsonSerializer.Serialize(stored, ApiJson.Options), now, actor = scope.UserId },
            tx, cancellationToken: ct));
        await AuditLog.WriteAsync(tx, scope.Actor, now,
            new AuditEntry("thresholds.escalation_changed", "clinic_escalation", clinicId.ToString(), clinicId,
                Ladder(before, Defaults), Ladder(stored, Defaults)), ct);
        var overrides = ReadOverrides(await connection.ExecuteScalarAsync<string?>(new CommandDefinition(
            "SELECT overrides::text FROM clinic_thresholds WHERE clinic_id = @clinicId", new { clinicId }, tx, cancellationToken: ct)));
        await tx.CommitAsync(ct);

        Changed(() => _clinics[clinicId] = new ClinicThresholds(overrides, stored));
        return Ladder(stored, Defaults);
    }

    /// <summary>The patient's effective thresholds with the source of each setting; null when the patient is not visible.</summary>
    public async Task<EffectiveThresholdsResponse?> GetEffectiveResponseAsync(ClinicScope scope, Guid patientId, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(scope);
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead, ct);
        var patient = await PatientStore.FindVisibleAsync(tx, scope, patientId, forUpdate: false, ct);
        if (patient is null)
        {
            return null;
        }

        var clinicRows = (await connection.QueryAsync<(string Overrides, string? Escalation)>(new CommandDefinition(
            "SELECT overrides::text, escalation::text FROM clinic_thresholds WHERE clinic_id = @clinicId",
            new { clinicId = patient.ClinicId }, tx, cancellationToken: ct))).ToList();
        var clinic = clinicRows.Count == 0 ? ClinicThresholds.None : ReadClinic(clinicRows[0].Overrides, clinicRows[0].Escalation);
        var patientOverrides = ReadOverrides(await connection.ExecuteScalarAsync<string?>(new CommandDefinition(
            "SELECT overrides::text FROM patient_thresholds WHERE patient_id = @patientId", new { patientId }, tx, cancellationToken: ct)));
        await tx.CommitAsync(ct);

        var effective = Compute(patient.ClinicId, patientId, clinic, patientOverrides);
        var sources = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var property in OverrideProperties)
        {
            sources[JsonNamingPolicy.CamelCase.ConvertName(property.Name)] =
                patientOverrides is not null && property.GetValue(patientOverrides) is not null ? "patient"
                : clinic.Overrides is not null && property.GetValue(clinic.Overrides) is not null ? "clinic"
                : "default";
        }

        return new EffectiveThresholdsResponse(patientId, patient.ClinicId, effective.Thresholds, sources, effective.Policy.Escalation);
    }

    /// <summary>The problems of the thresholds these overrides give, as <see cref="ThresholdValidationException"/>; property names as in JSON.</summary>
    internal static void Validate(AlarmThresholds defaults, ThresholdOverrides? clinic, ThresholdOverrides? patient, Guid? patientId)
    {
        try
        {
            AlarmThresholds.Resolve(defaults, clinic, patient);
        }
        catch (ThresholdValidationException ex)
        {
            throw new ThresholdValidationException([.. ex.Problems.Select(p => new ThresholdProblem(
                JsonNamingPolicy.CamelCase.ConvertName(p.Property),
                patientId is null ? p.Message : $"{p.Message} (with the override of patient {patientId}, who belongs to this clinic)"))]);
        }
    }

    private EffectiveThresholds Compute(Guid clinicId, Guid patientId, ClinicThresholds clinic, ThresholdOverrides? patient)
    {
        AlarmThresholds thresholds;
        try
        {
            thresholds = AlarmThresholds.Resolve(Defaults, clinic.Overrides, patient);
        }
        catch (ThresholdValidationException ex)
        {
            // Changes are validated before they are stored, so only new defaults (a configuration
            // change) can get here: the built-in-plus-configured defaults are the safe fallback.
            LogInvalidThresholds(logger, clinicId, patientId, ex.Message);
            thresholds = Defaults;
        }

        return new EffectiveThresholds(thresholds, AlarmPolicy.FromThresholds(thresholds, clinic.Escalation));
    }

    private async ValueTask<ClinicThresholds> ClinicAsync(Guid clinicId, CancellationToken ct)
    {
        if (!_clinics.TryGetValue(clinicId, out var clinic))
        {
            await PreloadAsync([clinicId], [], ct);
            clinic = _clinics.GetValueOrDefault(clinicId) ?? ClinicThresholds.None;
        }

        return clinic;
    }

    private async ValueTask<PatientOverrides> PatientAsync(Guid patientId, CancellationToken ct)
    {
        if (!_patients.TryGetValue(patientId, out var patient))
        {
            await PreloadAsync([], [patientId], ct);
            patient = _patients.GetValueOrDefault(patientId) ?? NoOverrides;
        }

        return patient;
    }

    private void Changed(Action store)
    {
        Interlocked.Increment(ref _version);
        store();
        _effective.Clear();
        _clinicEffective.Clear();
    }

    private static async Task<bool> ClinicVisibleAsync(
        NpgsqlConnection connection, NpgsqlTransaction? tx, ClinicScope scope, Guid clinicId, bool forUpdate, CancellationToken ct) =>
        await connection.ExecuteScalarAsync<Guid?>(new CommandDefinition(
            $"SELECT id FROM clinics WHERE id = @clinicId AND (@scopeClinic::uuid IS NULL OR id = @scopeClinic) {(forUpdate ? "FOR UPDATE" : "")}",
            new { clinicId, scopeClinic = scope.ClinicFilter }, tx, cancellationToken: ct)) is not null;

    private static async Task<IReadOnlyList<EscalationStep>?> ReadEscalationAsync(
        NpgsqlConnection connection, NpgsqlTransaction? tx, Guid clinicId, CancellationToken ct) =>
        ReadSteps(await connection.ExecuteScalarAsync<string?>(new CommandDefinition(
            "SELECT escalation::text FROM clinic_thresholds WHERE clinic_id = @clinicId", new { clinicId }, tx, cancellationToken: ct)));

    private static EscalationLadder Ladder(IReadOnlyList<EscalationStep>? steps, AlarmThresholds defaults) =>
        new(steps ?? AlarmPolicy.FromThresholds(defaults).Escalation) { Custom = steps is not null };

    private static ClinicThresholds ReadClinic(string? overrides, string? escalation) => new(ReadOverrides(overrides), ReadSteps(escalation));

    private static ThresholdOverrides? ReadOverrides(string? json) =>
        json is null ? null : JsonSerializer.Deserialize<ThresholdOverrides>(json, ApiJson.Options);

    private static List<EscalationStep>? ReadSteps(string? json) =>
        json is null ? null : JsonSerializer.Deserialize<List<EscalationStep>>(json, ApiJson.Options);

    private static string Write(ThresholdOverrides overrides) => JsonSerializer.Serialize(overrides, ApiJson.Options);

    private sealed record PatientOverrides(ThresholdOverrides? Overrides);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The thresholds of patient {PatientId} (clinic {ClinicId}) are unusable with the configured defaults, the defaults apply: {Problems}")]
    private static partial void LogInvalidThresholds(ILogger logger, Guid clinicId, Guid patientId, string problems);
}
