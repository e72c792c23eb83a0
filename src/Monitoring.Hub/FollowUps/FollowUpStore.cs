using Dapper;
using Monitoring.Domain.Episodes;
using Monitoring.Domain.FollowUps;
using Monitoring.Domain.Risk;
using Monitoring.Hub.Api;
using Monitoring.Hub.Api.Paging;
using Monitoring.Hub.Audit;
using Monitoring.Hub.Auth;
using Monitoring.Hub.Registry;
using Monitoring.Hub.Thresholds;
using Npgsql;

namespace Monitoring.Hub.FollowUps;

/// <summary>
/// Follow-ups, contacts and follow-up plans on PostgreSQL (the durable source of truth; Hangfire only
/// runs the sweeps over it and the one-off check at each follow-up's end of day). Only the next follow-up of an episode exists: starting home treatment
/// creates it, completing it creates the one after, ending home treatment cancels it. Every
/// clinician-facing method takes the caller's <see cref="ClinicScope"/>; another clinic's rows are "not found".
/// </summary>
public sealed class FollowUpStore(NpgsqlDataSource dataSource, ThresholdStore thresholds, FollowUpDueChecks dueChecks)
{
    private const string ScopeFilter = "(@scopeClinic::uuid IS NULL OR p.clinic_id = @scopeClinic)";

    private const string SelectFollowUp =
        """
        SELECT f.id, f.patient_id, p.name AS patient_name, p.clinic_id, p.risk_tier, c.time_zone, f.episode_id, f.due_on,
               f.status, f.completed_at, f.completed_by, f.channel, f.outcome, f.note
        FROM followups f
        JOIN patients p ON p.id = f.patient_id
        JOIN clinics c ON c.id = p.clinic_id
        """;

    /// <summary>Done follow-ups listed at most (newest first).</summary>
    public const int MaxDoneListed = 500;

    /// <summary>Creates the episode's first follow-up (day 0, or the next day of the grid for a back-dated start).</summary>
    public async Task CreateFirstAsync(NpgsqlTransaction transaction, EpisodeLifecycleEvent episode, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        ArgumentNullException.ThrowIfNull(episode);
        var zone = Zone(episode.TimeZone);
        var interval = await IntervalAsync(transaction, episode.ClinicId, episode.PatientId, ct);
        var dueOn = FollowUpPolicy.FirstDue(
            FollowUpPolicy.LocalDate(episode.StartedAt, zone), FollowUpPolicy.LocalDate(episode.Now, zone), interval.Days);
        await InsertAsync(transaction, episode.PatientId, episode.EpisodeId, dueOn, zone, episode.Now, ct);
    }

    /// <summary>Cancels the episode's open follow-up: ending home treatment stops follow-ups (clinical-rules §3).</summary>
    public static Task CancelOpenAsync(NpgsqlTransaction transaction, EpisodeLifecycleEvent episode, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        ArgumentNullException.ThrowIfNull(episode);
        return transaction.Connection!.ExecuteAsync(new CommandDefinition(
            "UPDATE followups SET status = 'cancelled', cancelled_at = @now WHERE episode_id = @episodeId AND status = 'due'",
            new { now = episode.Now, episodeId = episode.EpisodeId }, transaction, cancellationToken: ct));
    }

    /// <summary>
    /// Completes an open follow-up: records it (audited), counts it as a contact, and schedules the
    /// next one (completed day + interval) while the episode is open.
    /// </summary>
    public async Task<Outcome<FollowUpResponse>> CompleteAsync(
        ClinicScope scope, Guid id, ContactChannel channel, string outcome, string? note, DateTimeOffset now, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(scope);
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        var before = await FindAsync(transaction, scope, id, forUpdate: true, ct);
        if (before is null)
        {
            return Outcome<FollowUpResponse>.NotFound("follow-up", id);
        }

        if (before.Status != "due")
        {
            return Outcome<FollowUpResponse>.Conflict($"The follow-up is {before.Status}; only an open follow-up can be completed.");
        }

        await connection.ExecuteAsync(new CommandDefinition(
            """
            UPDATE followups SET status = 'done', completed_at = @now, completed_by = @actor, channel = @channel, outcome = @outcome, note = @note
            WHERE id = @id
            """,
            new { id, now, actor = scope.UserId, channel = Codes.Of(channel), outcome, note }, transaction, cancellationToken: ct));
        await InsertContactAsync(transaction, before.PatientId, now, channel, "followup", id, note, scope.UserId, ct);

        var episodeOpen = await connection.ExecuteScalarAsync<bool>(new CommandDefinition(
            "SELECT EXISTS (SELECT 1 FROM episodes WHERE id = @episodeId AND ended_at IS NULL)",
            new { episodeId = before.EpisodeId }, transaction, cancellationToken: ct));
        if (episodeOpen)
        {
            var interval = await IntervalAsync(transaction, before.ClinicId, before.PatientId, ct);
            var nextDue = FollowUpPolicy.NextDue(FollowUpPolicy.LocalDate(now, Zone(before.TimeZone)), interval.Days);
            await InsertAsync(transaction, before.PatientId, before.EpisodeId, nextDue, Zone(before.TimeZone), now, ct);
        }

        var after = (await FindAsync(transaction, scope, id, forUpdate: false, ct))!;
        await AuditLog.WriteAsync(transaction, scope.Actor, now,
            new AuditEntry("followup.completed", "followup", id.ToString(), after.ClinicId, before.ToResponse(now), after.ToResponse(now)), ct);
        await transaction.CommitAsync(ct);
        return Outcome<FollowUpResponse>.Done(after.ToResponse(now));
    }

    /// <summary>Records a contact outside a follow-up (audited); it counts toward the week's cadence.</summary>
    public async Task<Outcome<ContactResponse>> RecordContactAsync(
        ClinicScope scope, Guid patientId, ContactChannel channel, string? note, DateTimeOffset now, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(scope);
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        var patient = await PatientStore.FindVisibleAsync(transaction, scope, patientId, forUpdate: false, ct);
        if (patient is null)
        {
            return Outcome<ContactResponse>.NotFound("patient", patientId);
        }

        var contact = await InsertContactAsync(transaction, patientId, now, channel, "manual", null, note, scope.UserId, ct);
        await AuditLog.WriteAsync(transaction, scope.Actor, now,
            new AuditEntry("contact.recorded", "contact", contact.Id.ToString(), patient.ClinicId, null, contact), ct);
        await transaction.CommitAsync(ct);
        return Outcome<ContactResponse>.Done(contact);
    }

    /// <summary>
    /// Sets (or, with null, clears) the patient's own follow-up interval, audited. Intensifying pulls
    /// the open follow-up in (<see cref="FollowUpPolicy.Rescheduled"/>).
    /// </summary>
    public async Task<Outcome<FollowUpPlanResponse>> SetPlanAsync(
        ClinicScope scope, Guid patientId, int? intervalDays, DateTimeOffset now, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(scope);
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        var patient = await PatientStore.FindVisibleAsync(transaction, scope, patientId, forUpdate: true, ct);
        if (patient is null)
        {
            return Outcome<FollowUpPlanResponse>.NotFound("patient", patientId);
        }

        var before = await PlanAsync(transaction, patient, ct);
        if (intervalDays is { } days)
        {
            await connection.ExecuteAsync(new CommandDefinition(
                """
                INSERT INTO followup_plans (patient_id, interval_days, updated_at, updated_by) VALUES (@patientId, @days, @now, @actor)
                ON CONFLICT (patient_id) DO UPDATE SET interval_days = excluded.interval_days, updated_at = excluded.updated_at, updated_by = excluded.updated_by
                """,
                new { patientId, days, now, actor = scope.UserId }, transaction, cancellationToken: ct));
        }
        else
        {
            await connection.ExecuteAsync(new CommandDefinition(
                "DELETE FROM followup_plans WHERE patient_id = @patientId", new { patientId }, transaction, cancellationToken: ct));
        }

        var open = await connection.QuerySingleOrDefaultAsync<OpenFollowUp>(new CommandDefinition(
            """
            SELECT f.id, f.due_on, e.started_at,
                   (SELECT max(d.completed_at) FROM followups d WHERE d.episode_id = f.episode_id AND d.status = 'done') AS last_completed_at
            FROM followups f JOIN episodes e ON e.id = f.episode_id
            WHERE f.patient_id = @patientId AND f.status = 'due'
            """,
            new { patientId }, transaction, cancellationToken: ct));
        if (open is not null)
        {
            var zone = Zone(patient.TimeZone);
            var interval = await IntervalAsync(transaction, patient.ClinicId, patientId, ct);
            var dueOn = FollowUpPolicy.Rescheduled(
                open.DueOn, FollowUpPolicy.LocalDate(open.LastCompletedAt ?? open.StartedAt, zone), FollowUpPolicy.LocalDate(now, zone), interval.Days);
            await connection.ExecuteAsync(new CommandDefinition(
                "UPDATE followups SET due_on = @dueOn WHERE id = @id", new { dueOn, id = open.Id }, transaction, cancellationToken: ct));
            // Pulled in: a check at the new end of day (the one at the old end finds it done or overdue already).
            dueChecks.Schedule(open.Id, patientId, dueOn, zone);
        }

        var after = await PlanAsync(transaction, patient, ct);
        await AuditLog.WriteAsync(transaction, scope.Actor, now,
            new AuditEntry("followup_plan.changed", "patient", patientId.ToString(), patient.ClinicId, before, after), ct);
        await transaction.CommitAsync(ct);
        return Outcome<FollowUpPlanResponse>.Done(after);
    }

    /// <summary>The plan of a patient, or null when not visible.</summary>
    public async Task<FollowUpPlanResponse?> GetPlanAsync(ClinicScope scope, Guid patientId, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(scope);
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        var patient = await PatientStore.FindVisibleAsync(transaction, scope, patientId, forUpdate: false, ct);
        return patient is null ? null : await PlanAsync(transaction, patient, ct);
    }

    /// <summary>
    /// Follow-ups the caller may see, most urgent first: red before yellow before green, then the
    /// most overdue, then the earliest due. <paramref name="status"/> null: every open one (due and overdue).
    /// </summary>
    public async Task<IReadOnlyList<FollowUpResponse>> ListAsync(
        ClinicScope scope, Guid? clinicId, FollowUpStatusFilter? status, DateTimeOffset now, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(scope);
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        var done = status == FollowUpStatusFilter.Done;
        var rows = await connection.QueryAsync<FollowUpRow>(new CommandDefinition(
            $"""
            {SelectFollowUp}
            WHERE {ScopeFilter} AND (@clinicId::uuid IS NULL OR p.clinic_id = @clinicId) AND f.status = @rowStatus
            ORDER BY f.completed_at DESC NULLS LAST, f.due_on, f.id
            LIMIT @limit
            """,
            new { scopeClinic = scope.ClinicFilter, clinicId, rowStatus = done ? "done" : "due", limit = done ? MaxDoneListed : int.MaxValue },
            cancellationToken: ct));
        var list = rows.Select(r => r.ToResponse(now));
        list = status switch
        {
            FollowUpStatusFilter.Due => list.Where(f => f.Status == "due"),
            FollowUpStatusFilter.Overdue => list.Where(f => f.Status == "overdue"),
            _ => list,
        };
        return done
            ? [.. list]
            : [.. list.OrderByDescending(f => f.Tier).ThenByDescending(f => f.DaysOverdue).ThenBy(f => f.DueOn).ThenBy(f => f.PatientName, StringComparer.Ordinal)];
    }

    /// <summary>
    /// The worklist: patients in home treatment, with a yellow or red tier, or whose second booster is
    /// due, with the open follow-up and the contact cadence of the current clinic-local week, most urgent
    /// first (or as <paramref name="page"/> sorts it). The search (name, id, a device assigned now)
    /// narrows the patients in SQL; the rest is computed per patient and cut to the page.
    /// </summary>
    public async Task<PagedList<WorklistEntry>> WorklistAsync(ClinicScope scope, Guid? clinicId, Guid? teamId, PageQuery page, DateTimeOffset now, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(scope);
        ArgumentNullException.ThrowIfNull(page);
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead, ct);
        var boosterDue = (await BoosterStore.LoadPendingAsync(transaction, scope.ClinicFilter, ct))
            .Select(f => (f.PatientId, Status: f.StatusAt(now)))
            .Where(b => b.Status.Due)
            .ToDictionary(b => b.PatientId, b => b.Status.DueOn!.Value);
        var patients = (await connection.QueryAsync<WorklistPatientRow>(new CommandDefinition(
            $"""
            SELECT p.id AS patient_id, p.name AS patient_name, p.clinic_id, p.risk_tier, c.time_zone,
                   e.id AS episode_id, e.started_at, e.symptoms_improved
            FROM patients p
            JOIN clinics c ON c.id = p.clinic_id
            LEFT JOIN episodes e ON e.patient_id = p.id AND e.ended_at IS NULL
            WHERE {ScopeFilter} AND (@clinicId::uuid IS NULL OR p.clinic_id = @clinicId) AND (@teamId::uuid IS NULL OR p.team_id = @teamId)
              AND (e.id IS NOT NULL OR p.risk_tier IN ('yellow', 'red') OR p.id = ANY(@boosterDue))
              AND (@search::text IS NULL OR p.name ILIKE @search OR p.id::text ILIKE @search
                    OR EXISTS (SELECT 1 FROM device_assignments a WHERE a.patient_id = p.id AND a.to_at IS NULL AND a.device_id ILIKE @search))
            """,
            new { scopeClinic = scope.ClinicFilter, clinicId, teamId, boosterDue = boosterDue.Keys.ToArray(), search = page.SearchPattern },
            transaction, cancellationToken: ct))).ToList();
        var ids = patients.Select(p => p.PatientId).ToArray();
        var open = (await connection.QueryAsync<FollowUpRow>(new CommandDefinition(
            $"{SelectFollowUp} WHERE f.patient_id = ANY(@ids) AND f.status = 'due'", new { ids }, transaction, cancellationToken: ct)))
            .ToDictionary(f => f.PatientId);
        var contacts = (await connection.QueryAsync<(Guid PatientId, DateTimeOffset At)>(new CommandDefinition(
            "SELECT patient_id, at FROM contacts WHERE patient_id = ANY(@ids) AND at >= @since AND at <= @now",
            new { ids, since = now.AddDays(-8), now }, transaction, cancellationToken: ct)))
            .ToLookup(c => c.PatientId, c => c.At);
        // One query for every treated patient's tests (one per patient was seconds at a city clinic's thousands).
        var treated = patients.Where(p => p.EpisodeId is not null).Select(p => p.PatientId).ToArray();
        var testsByPatient = await TestResultStore.LoadManyAsync(transaction, treated, ct);

        var entries = new List<WorklistEntry>();
        foreach (var p in patients)
        {
            var zone = Zone(p.TimeZone);
            var tier = Codes.Parse<RiskTier>(p.RiskTier);
            var week = ClinicWeek.Containing(now, zone);
            var effective = await thresholds.GetEffectiveAsync(p.ClinicId, p.PatientId, ct);
            var cadence = ContactCadence.Status(week, tier, contacts[p.PatientId].Count(at => at >= week.Start && at < week.End), effective.Thresholds);
            var endMet = false;
            if (p.EpisodeId is not null)
            {
                endMet = EndCriteria.Evaluate(testsByPatient[p.PatientId].Select(t => t.ToLabTest()), p.StartedAt!.Value, null, p.SymptomsImproved ?? false).Met;
            }

            entries.Add(new WorklistEntry(p.PatientId, p.PatientName, p.ClinicId, tier, p.EpisodeId is not null,
                open.TryGetValue(p.PatientId, out var followUp) ? followUp.ToResponse(now) : null, cadence, endMet,
                boosterDue.TryGetValue(p.PatientId, out var dueOn) ? dueOn : null));
        }

        await transaction.CommitAsync(ct);
        return page.Cut(WorklistOrder.Sort(entries, page));
    }

    internal static TimeZoneInfo Zone(string timeZone) => ClinicTime.FindZone(timeZone) ?? TimeZoneInfo.Utc;

    private async Task<(int Days, bool Own)> IntervalAsync(NpgsqlTransaction transaction, Guid clinicId, Guid patientId, CancellationToken ct)
    {
        var own = await transaction.Connection!.ExecuteScalarAsync<int?>(new CommandDefinition(
            "SELECT interval_days FROM followup_plans WHERE patient_id = @patientId", new { patientId }, transaction, cancellationToken: ct));
        return own is { } days ? (days, true) : ((await thresholds.GetEffectiveAsync(clinicId, patientId, ct)).Thresholds.FollowUpIntervalDays, false);
    }

    private async Task<FollowUpPlanResponse> PlanAsync(NpgsqlTransaction transaction, VisiblePatient patient, CancellationToken ct)
    {
        var (days, own) = await IntervalAsync(transaction, patient.ClinicId, patient.Id, ct);
        var next = await transaction.Connection!.ExecuteScalarAsync<DateOnly?>(new CommandDefinition(
            "SELECT due_on FROM followups WHERE patient_id = @id AND status = 'due'", new { id = patient.Id }, transaction, cancellationToken: ct));
        return new FollowUpPlanResponse(patient.Id, days, own, next);
    }

    /// <remarks>
    /// The due check is scheduled before the caller commits: if the transaction rolls back, the check
    /// finds no such follow-up and does nothing.
    /// </remarks>
    private async Task InsertAsync(
        NpgsqlTransaction transaction, Guid patientId, Guid episodeId, DateOnly dueOn, TimeZoneInfo zone, DateTimeOffset now, CancellationToken ct)
    {
        var id = Guid.CreateVersion7(now);
        await transaction.Connection!.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO followups (id, patient_id, episode_id, due_on, status, created_at)
            VALUES (@id, @patientId, @episodeId, @dueOn, 'due', @now)
            """,
            new { id, patientId, episodeId, dueOn, now }, transaction, cancellationToken: ct));
        dueChecks.Schedule(id, patientId, dueOn, zone);
    }

    private static async Task<ContactResponse> InsertContactAsync(
        NpgsqlTransaction transaction, Guid patientId, DateTimeOffset at, ContactChannel channel, string source, Guid? followUpId, string? note, Guid by, CancellationToken ct)
    {
        var contact = new ContactResponse(Guid.CreateVersion7(at), patientId, at, channel, source, followUpId, note, by);
        await transaction.Connection!.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO contacts (id, patient_id, at, channel, source, followup_id, note, by_user)
            VALUES (@Id, @PatientId, @At, @channel, @Source, @FollowUpId, @Note, @By)
            """,
            new { contact.Id, contact.PatientId, contact.At, channel = Codes.Of(channel), contact.Source, contact.FollowUpId, contact.Note, contact.By },
            transaction, cancellationToken: ct));
        return contact;
    }

    private static Task<FollowUpRow?> FindAsync(NpgsqlTransaction transaction, ClinicScope scope, Guid id, bool forUpdate, CancellationToken ct) =>
        transaction.Connection!.QuerySingleOrDefaultAsync<FollowUpRow?>(new CommandDefinition(
            $"{SelectFollowUp} WHERE f.id = @id AND {ScopeFilter} {(forUpdate ? "FOR UPDATE OF f" : "")}",
            new { id, scopeClinic = scope.ClinicFilter }, transaction, cancellationToken: ct));

    private sealed class OpenFollowUp
    {
        public Guid Id { get; set; }

        public DateOnly DueOn { get; set; }

        public DateTimeOffset StartedAt { get; set; }

        public DateTimeOffset? LastCompletedAt { get; set; }
    }

    private sealed class WorklistPatientRow
    {
        public Guid PatientId { get; set; }

        public string PatientName { get; set; } = "";

        public Guid ClinicId { get; set; }

        public string RiskTier { get; set; } = "";

        public string TimeZone { get; set; } = "";

        public Guid? EpisodeId { get; set; }

        public DateTimeOffset? StartedAt { get; set; }

        public bool? SymptomsImproved { get; set; }
    }

    private sealed class FollowUpRow
    {
        public Guid Id { get; set; }

        public Guid PatientId { get; set; }

        public string PatientName { get; set; } = "";

        public Guid ClinicId { get; set; }

        public string RiskTier { get; set; } = "";

        public string TimeZone { get; set; } = "";

        public Guid EpisodeId { get; set; }

        public DateOnly DueOn { get; set; }

        public string Status { get; set; } = "";

        public DateTimeOffset? CompletedAt { get; set; }

        public Guid? CompletedBy { get; set; }

        public string? Channel { get; set; }

        public string? Outcome { get; set; }

        public string? Note { get; set; }

        public FollowUpResponse ToResponse(DateTimeOffset now)
        {
            var overdue = Status == "due" ? FollowUpPolicy.DaysOverdue(DueOn, now, Zone(TimeZone)) : 0;
            return new FollowUpResponse(Id, PatientId, PatientName, ClinicId, Codes.Parse<RiskTier>(RiskTier), EpisodeId, DueOn,
                overdue > 0 ? "overdue" : Status, overdue, CompletedAt, CompletedBy,
                Channel is null ? null : Codes.Parse<ContactChannel>(Channel), Outcome, Note);
        }
    }
}
