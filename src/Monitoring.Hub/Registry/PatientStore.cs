using System.Text.Json;
using Dapper;
using Monitoring.Domain.Populations;
using Monitoring.Domain.Risk;
using Monitoring.Hub.Database;
using Monitoring.Hub.Api;
using Monitoring.Hub.Api.Paging;
using Monitoring.Hub.Audit;
using Monitoring.Hub.Auth;
using Npgsql;

namespace Monitoring.Hub.Registry;

/// <summary>
/// Patients, their recorded categories and tier history. Every method takes the caller's
/// <see cref="ClinicScope"/> and adds its clinic to the SQL, so a patient of another clinic is
/// simply not found.
/// </summary>
public sealed class PatientStore(NpgsqlDataSource dataSource, EpisodeStore episodes, TimeProvider time)
{
    private const string ScopeFilter = "(@scopeClinic::uuid IS NULL OR p.clinic_id = @scopeClinic)";

    /// <summary>The patient if the caller may see it; with <paramref name="forUpdate"/> its row stays locked until the transaction ends.</summary>
    public static Task<VisiblePatient?> FindVisibleAsync(
        NpgsqlTransaction transaction, ClinicScope scope, Guid patientId, bool forUpdate, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        ArgumentNullException.ThrowIfNull(scope);
        return transaction.Connection!.QuerySingleOrDefaultAsync<VisiblePatient?>(new CommandDefinition(
            $"""
            SELECT p.id AS "Id", p.clinic_id AS "ClinicId", c.time_zone AS "TimeZone"
            FROM patients p JOIN clinics c ON c.id = p.clinic_id
            WHERE p.id = @patientId AND {ScopeFilter}
            {(forUpdate ? "FOR UPDATE OF p" : "")}
            """,
            new { patientId, scopeClinic = scope.ClinicFilter }, transaction, cancellationToken: cancellationToken));
    }

    /// <summary>One patient with tier history and current episode (and its end criteria), or null.</summary>
    public async Task<PatientResponse?> GetAsync(ClinicScope scope, Guid id, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scope);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead, cancellationToken);
        var row = await ReadAsync(transaction, scope, id, forUpdate: false, cancellationToken);
        if (row is null)
        {
            return null;
        }

        var history = await connection.QueryAsync<TierHistoryRow>(new CommandDefinition(
            """
            SELECT assessed_at, assessed_on, tier, basis::text AS basis, reason, actor_user_id
            FROM patient_tier_history WHERE patient_id = @id ORDER BY assessed_at, id
            """,
            new { id }, transaction, cancellationToken: cancellationToken));
        var current = await episodes.GetCurrentAsync(transaction, id, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return row.ToResponse(time.GetStoredUtcNow()) with
        {
            TierHistory = [.. history.Select(h => h.ToEntry())],
            CurrentEpisode = current,
        };
    }

    /// <summary>
    /// "Monitored" is what the alarm wall shows a tile for: an open home-treatment episode (the
    /// alarm rules run) or a device assigned now (its readings arrive and are pushed live, even
    /// before the episode is recorded). <paramref name="page"/> adds search (name, id, a device
    /// assigned now), sort and the page's window; <see cref="PagedList{T}.Total"/> counts every match.
    /// </summary>
    public async Task<PagedList<PatientResponse>> ListAsync(ClinicScope scope, PatientFilter filter, PageQuery page, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scope);
        ArgumentNullException.ThrowIfNull(filter);
        ArgumentNullException.ThrowIfNull(page);
        var parameters = new
        {
            scopeClinic = scope.ClinicFilter,
            clinicId = filter.ClinicId,
            tier = filter.Tier is { } t ? Codes.Of(t) : null,
            urgentNeed = filter.UrgentNeed,
            monitored = filter.Monitored,
            teamId = filter.TeamId,
            search = page.SearchPattern,
            offset = page.Offset,
            limit = page.Limit,
        };
        const string where =
            $"""
            WHERE {ScopeFilter}
              AND (@clinicId::uuid IS NULL OR p.clinic_id = @clinicId)
              AND (@tier::text IS NULL OR p.risk_tier = @tier)
              AND (@urgentNeed::boolean IS NULL OR p.urgent_need = @urgentNeed)
              AND (@teamId::uuid IS NULL OR p.team_id = @teamId)
              AND (@monitored::boolean IS NULL OR @monitored = (
                    EXISTS (SELECT 1 FROM episodes e WHERE e.patient_id = p.id AND e.ended_at IS NULL)
                    OR EXISTS (SELECT 1 FROM device_assignments a WHERE a.patient_id = p.id AND a.to_at IS NULL)))
              AND (@search::text IS NULL OR p.name ILIKE @search OR p.id::text ILIKE @search
                    OR EXISTS (SELECT 1 FROM device_assignments a WHERE a.patient_id = p.id AND a.to_at IS NULL AND a.device_id ILIKE @search))
            """;
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = (await connection.QueryAsync<PatientRow>(new CommandDefinition(
            $"""
            {PatientRow.Select}
            {where}
            ORDER BY {OrderBy(page)}, p.id
            LIMIT @limit OFFSET @offset
            """,
            parameters,
            cancellationToken: cancellationToken))).ToList();
        // The count is a second query only when the page does not already tell it (an unpaged list, or a last page).
        var total = !page.Paged || (rows.Count > 0 && rows.Count < page.Limit)
            ? page.Offset + rows.Count
            : await connection.ExecuteScalarAsync<int>(new CommandDefinition(
                $"SELECT count(*)::int FROM patients p {where}", parameters, cancellationToken: cancellationToken));
        var now = time.GetStoredUtcNow();
        return page.Answer<PatientResponse>([.. rows.Select(r => r.ToResponse(now))], total);
    }

    /// <summary>The sort keys of the patient list, the default first.</summary>
    public static readonly IReadOnlyList<string> SortKeys = ["name", "tier", "age", "created", "updated"];

    /// <summary>Names A→Z; tiers worst first; age youngest first; times newest first. Only known keys reach here.</summary>
    private static string OrderBy(PageQuery page) => page.Sort switch
    {
        "tier" => $"CASE p.risk_tier WHEN 'red' THEN 3 WHEN 'yellow' THEN 2 ELSE 1 END {page.Direction(naturalDescending: true)}, p.name",
        // Youngest first is the latest birth date first.
        "age" => $"p.birth_date {(page.Direction() == "ASC" ? "DESC" : "ASC")}, p.name",
        "created" => $"p.created_at {page.Direction(naturalDescending: true)}",
        "updated" => $"p.updated_at {page.Direction(naturalDescending: true)}",
        _ => $"p.name {page.Direction()}",
    };

    public async Task<PatientResponse> CreateAsync(
        ClinicScope scope, PatientInput input, RiskAssessment assessment, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scope);
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(assessment);
        var id = Guid.CreateVersion7(now);
        var basis = RiskBasisResponse.From(assessment);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO patients (id, clinic_id, name, birth_date, sex, underlying_disease, vaccination, urgent_need, grid_team,
                                  pregnancy_risk, gestational_week, risk_tier, risk_basis, created_at, updated_at)
            VALUES (@id, @ClinicId, @Name, @BirthDate, @Sex, @UnderlyingDisease, @Vaccination, @UrgentNeed, @GridTeam,
                    @PregnancyRisk, @GestationalWeek, @Tier, @Basis::jsonb, @now, @now)
            """,
            Parameters(id, input, assessment.Tier, basis, now), transaction, cancellationToken: cancellationToken));
        await WriteCategoriesAsync(transaction, id, input.Categories, cancellationToken);
        await WriteTierHistoryAsync(transaction, scope, id, assessment.Tier, basis, "created", now, cancellationToken);

        var created = (await ReadAsync(transaction, scope, id, forUpdate: false, cancellationToken))!.ToResponse(now);
        await AuditLog.WriteAsync(transaction, scope.Actor, now,
            new AuditEntry("patient.created", "patient", id.ToString(), input.ClinicId, null, created), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return created;
    }

    /// <summary>
    /// Replaces the patient's data and re-computes the tier with <paramref name="assess"/> (at the
    /// clinic-local date). A tier history row is added when the tier decision changed; a body that
    /// changes nothing writes nothing. Moving a patient to another clinic is refused while a
    /// device is assigned to it (the device belongs to the old clinic).
    /// </summary>
    public async Task<Outcome<PatientResponse>> UpdateAsync(
        ClinicScope scope, Guid id, PatientInput input, Func<PatientInput, RiskAssessment> assess, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scope);
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(assess);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var row = await ReadAsync(transaction, scope, id, forUpdate: true, cancellationToken);
        if (row is null)
        {
            return Outcome<PatientResponse>.NotFound("patient", id);
        }

        var before = row.ToResponse(now);
        if (input.ClinicId != row.ClinicId)
        {
            var devices = (await connection.QueryAsync<string>(new CommandDefinition(
                "SELECT device_id FROM device_assignments WHERE patient_id = @id AND to_at IS NULL ORDER BY device_id",
                new { id }, transaction, cancellationToken: cancellationToken))).ToList();
            if (devices.Count > 0)
            {
                return Outcome<PatientResponse>.Conflict(
                    $"The patient has device(s) {string.Join(", ", devices)} of the current clinic assigned; unassign them before moving the patient to another clinic.");
            }
        }

        var assessment = assess(input);
        var basis = RiskBasisResponse.From(assessment);
        var tierChanged = assessment.Tier != before.RiskTier || !basis.SameDecisionAs(before.RiskBasis);
        var parameters = new DynamicParameters(Parameters(id, input, assessment.Tier, basis, now));
        parameters.Add("tierChanged", tierChanged);
        await connection.ExecuteAsync(new CommandDefinition(
            """
            UPDATE patients SET clinic_id = @ClinicId, name = @Name, birth_date = @BirthDate, sex = @Sex,
                underlying_disease = @UnderlyingDisease, vaccination = @Vaccination, urgent_need = @UrgentNeed, grid_team = @GridTeam,
                pregnancy_risk = @PregnancyRisk, gestational_week = @GestationalWeek, risk_tier = @Tier,
                risk_basis = CASE WHEN @tierChanged THEN @Basis::jsonb ELSE risk_basis END, updated_at = @now
            WHERE id = @id
            """,
            parameters,
            transaction, cancellationToken: cancellationToken));
        await connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM patient_categories WHERE patient_id = @id", new { id }, transaction, cancellationToken: cancellationToken));
        await WriteCategoriesAsync(transaction, id, input.Categories, cancellationToken);
        if (tierChanged)
        {
            await WriteTierHistoryAsync(transaction, scope, id, assessment.Tier, basis, "updated", now, cancellationToken);
        }

        var after = (await ReadAsync(transaction, scope, id, forUpdate: false, cancellationToken))!.ToResponse(now);
        if (Unchanged(before, after))
        {
            await transaction.RollbackAsync(cancellationToken);
            return Outcome<PatientResponse>.Done(before);
        }

        await AuditLog.WriteAsync(transaction, scope.Actor, now,
            new AuditEntry("patient.updated", "patient", id.ToString(), after.ClinicId, before, after), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return Outcome<PatientResponse>.Done(after);
    }

    private static Task<PatientRow?> ReadAsync(NpgsqlTransaction transaction, ClinicScope scope, Guid id, bool forUpdate, CancellationToken cancellationToken) =>
        transaction.Connection!.QuerySingleOrDefaultAsync<PatientRow?>(new CommandDefinition(
            $"{PatientRow.Select} WHERE p.id = @id AND {ScopeFilter} {(forUpdate ? "FOR UPDATE OF p" : "")}",
            new { id, scopeClinic = scope.ClinicFilter }, transaction, cancellationToken: cancellationToken));

    private static object Parameters(Guid id, PatientInput input, RiskTier tier, RiskBasisResponse basis, DateTimeOffset now) => new
    {
        id,
        input.ClinicId,
        input.Name,
        input.BirthDate,
        Sex = Codes.Of(input.Sex),
        UnderlyingDisease = Codes.Of(input.UnderlyingDisease),
        Vaccination = Codes.Of(input.Vaccination),
        input.UrgentNeed,
        input.GridTeam,
        PregnancyRisk = input.PregnancyRisk is { } risk ? Codes.Of(risk) : null,
        input.GestationalWeek,
        Tier = Codes.Of(tier),
        Basis = JsonSerializer.Serialize(basis, ApiJson.Options),
        now,
    };

    private static Task WriteCategoriesAsync(NpgsqlTransaction transaction, Guid patientId, IReadOnlyList<KeyPopulation> categories, CancellationToken cancellationToken) =>
        categories.Count == 0
            ? Task.CompletedTask
            : transaction.Connection!.ExecuteAsync(new CommandDefinition(
                "INSERT INTO patient_categories (patient_id, code) SELECT @patientId, unnest(@codes)",
                new { patientId, codes = categories.Select(KeyPopulationCodes.Format).ToArray() }, transaction, cancellationToken: cancellationToken));

    private static Task WriteTierHistoryAsync(
        NpgsqlTransaction transaction, ClinicScope scope, Guid patientId, RiskTier tier, RiskBasisResponse basis, string reason, DateTimeOffset now, CancellationToken cancellationToken) =>
        transaction.Connection!.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO patient_tier_history (patient_id, assessed_at, assessed_on, tier, basis, reason, actor_user_id)
            VALUES (@patientId, @now, @assessedOn, @tier, @basis::jsonb, @reason, @actor)
            """,
            new
            {
                patientId,
                now,
                assessedOn = basis.AssessedOn,
                tier = Codes.Of(tier),
                basis = JsonSerializer.Serialize(basis, ApiJson.Options),
                reason,
                actor = scope.UserId,
            },
            transaction, cancellationToken: cancellationToken));

    private static bool Unchanged(PatientResponse before, PatientResponse after) =>
        JsonSerializer.Serialize(before with { UpdatedAt = default }, ApiJson.Options)
        == JsonSerializer.Serialize(after with { UpdatedAt = default }, ApiJson.Options);

    private sealed class TierHistoryRow
    {
        public DateTimeOffset AssessedAt { get; set; }

        public DateOnly AssessedOn { get; set; }

        public string Tier { get; set; } = "";

        public string Basis { get; set; } = "";

        public string Reason { get; set; } = "";

        public Guid? ActorUserId { get; set; }

        public TierHistoryEntry ToEntry() => new(
            AssessedAt, AssessedOn, Codes.Parse<RiskTier>(Tier), JsonSerializer.Deserialize<RiskBasisResponse>(Basis, ApiJson.Options)!, Reason, ActorUserId);
    }
}
