using Dapper;
using Monitoring.Domain.FollowUps;
using Monitoring.Hub.Api;
using Monitoring.Hub.Audit;
using Monitoring.Hub.Auth;
using Monitoring.Hub.Registry;
using Npgsql;

namespace Monitoring.Hub.FollowUps;

/// <summary>
/// A patient's COVID-19 boosters (<c>patient_boosters</c>) and the second booster's status (000). Every
/// clinician-facing method takes the caller's <see cref="ClinicScope"/>; another clinic's patient is "not found".
/// </summary>
public sealed class BoosterStore(NpgsqlDataSource dataSource)
{
    /// <summary>Boosters recorded before this are refused as typing errors (COVID-19 vaccination began after it).</summary>
    public static readonly DateOnly EarliestBooster = new(2020, 1, 1);

    private const string SelectFacts =
        """
        SELECT p.id AS patient_id, p.clinic_id, c.time_zone, p.birth_date, p.underlying_disease,
               coalesce(array_agg(pc.code ORDER BY pc.code) FILTER (WHERE pc.code IS NOT NULL), '{}') AS categories,
               b.first_booster_on, b.second_booster_on, coalesce(b.high_infection_risk, false) AS high_infection_risk
        FROM patients p
        JOIN clinics c ON c.id = p.clinic_id
        LEFT JOIN patient_boosters b ON b.patient_id = p.id
        LEFT JOIN patient_categories pc ON pc.patient_id = p.id
        """;

    private const string GroupFacts = "GROUP BY p.id, c.id, b.patient_id";

    public async Task<BoosterResponse?> GetAsync(ClinicScope scope, Guid patientId, DateTimeOffset now, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(scope);
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        if (await PatientStore.FindVisibleAsync(transaction, scope, patientId, forUpdate: false, ct) is null)
        {
            return null;
        }

        return (await LoadFactsAsync(transaction, "p.id = @patientId", new { patientId }, ct)).Single().ToResponse(now);
    }

    /// <summary>
    /// Replaces the patient's booster record (audited <c>patient.boosters_changed</c>). Dates must not be
    /// after the clinic's today nor before the patient's birth; <paramref name="request"/> is otherwise validated.
    /// </summary>
    public async Task<Outcome<BoosterResponse>> SetAsync(ClinicScope scope, Guid patientId, BoosterRequest request, DateTimeOffset now, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(scope);
        ArgumentNullException.ThrowIfNull(request);
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        var patient = await PatientStore.FindVisibleAsync(transaction, scope, patientId, forUpdate: true, ct);
        if (patient is null)
        {
            return Outcome<BoosterResponse>.NotFound("patient", patientId);
        }

        var before = (await LoadFactsAsync(transaction, "p.id = @patientId", new { patientId }, ct)).Single();
        var today = FollowUpPolicy.LocalDate(now, FollowUpStore.Zone(patient.TimeZone));
        foreach (var (field, date) in new[] { ("firstBoosterOn", request.FirstBoosterOn), ("secondBoosterOn", request.SecondBoosterOn) })
        {
            if (date > today)
            {
                return Outcome<BoosterResponse>.Invalid(field, $"must not be in the future (today is {today:yyyy-MM-dd} at the clinic).");
            }

            if (date < before.BirthDate)
            {
                return Outcome<BoosterResponse>.Invalid(field, $"must not be before the patient's birth date ({before.BirthDate:yyyy-MM-dd}).");
            }
        }

        await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO patient_boosters (patient_id, first_booster_on, second_booster_on, high_infection_risk, updated_at, updated_by)
            VALUES (@patientId, @first, @second, @risk, @now, @actor)
            ON CONFLICT (patient_id) DO UPDATE SET first_booster_on = excluded.first_booster_on, second_booster_on = excluded.second_booster_on,
                high_infection_risk = excluded.high_infection_risk, updated_at = excluded.updated_at, updated_by = excluded.updated_by
            """,
            new { patientId, first = request.FirstBoosterOn, second = request.SecondBoosterOn, risk = request.HighInfectionRisk ?? false, now, actor = scope.UserId },
            transaction, cancellationToken: ct));
        var after = (await LoadFactsAsync(transaction, "p.id = @patientId", new { patientId }, ct)).Single().ToResponse(now);
        await AuditLog.WriteAsync(transaction, scope.Actor, now,
            new AuditEntry("patient.boosters_changed", "patient", patientId.ToString(), patient.ClinicId, before.ToResponse(now), after), ct);
        await transaction.CommitAsync(ct);
        return Outcome<BoosterResponse>.Done(after);
    }

    /// <summary>Patients whose second booster is still to come (a first booster recorded, no second): the ones that can be due.</summary>
    internal static async Task<IReadOnlyList<BoosterFacts>> LoadPendingAsync(NpgsqlTransaction transaction, Guid? clinicFilter, CancellationToken ct) =>
        await LoadFactsAsync(transaction,
            "b.first_booster_on IS NOT NULL AND b.second_booster_on IS NULL AND (@clinicFilter::uuid IS NULL OR p.clinic_id = @clinicFilter)",
            new { clinicFilter }, ct);

    private static async Task<IReadOnlyList<BoosterFacts>> LoadFactsAsync(NpgsqlTransaction transaction, string where, object parameters, CancellationToken ct) =>
        [.. await transaction.Connection!.QueryAsync<BoosterFacts>(new CommandDefinition(
            $"{SelectFacts} WHERE {where} {GroupFacts}", parameters, transaction, cancellationToken: ct))];
}
