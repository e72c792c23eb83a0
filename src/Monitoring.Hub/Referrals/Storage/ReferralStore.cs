using Dapper;
using Monitoring.Domain.Alarms;
using Monitoring.Domain.Referrals;
using Monitoring.Domain.Risk;
using Monitoring.Hub.Api;
using Monitoring.Hub.Audit;
using Monitoring.Hub.Auth;
using Monitoring.Hub.Referrals.Api;
using Monitoring.Hub.Registry;
using Npgsql;

namespace Monitoring.Hub.Referrals.Storage;

/// <summary>
/// Referrals in PostgreSQL. Every method takes the caller's <see cref="ClinicScope"/> and answers
/// "not found" for another clinic's referral or patient. A change locks the patient row (one open
/// referral per patient, and admission ends the patient's home treatment in the same transaction)
/// and writes its <c>referral_events</c> row and its audit row with it.
/// </summary>
internal sealed class ReferralStore(NpgsqlDataSource dataSource, EpisodeStore episodes)
{
    /// <summary>The end reason an admission gives the patient's home-treatment episode.</summary>
    public const string EpisodeEndReason = "referred";

    private const string ScopeFilter = "(@scopeClinic::uuid IS NULL OR r.clinic_id = @scopeClinic)";

    public async Task<Outcome<ReferralSuggestionResponse>> SuggestAsync(ClinicScope scope, Guid patientId, Guid? alarmId, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(scope);
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead, ct);
        var patient = await PatientStore.FindVisibleAsync(transaction, scope, patientId, forUpdate: false, ct);
        if (patient is null)
        {
            return Outcome<ReferralSuggestionResponse>.NotFound("patient", patientId);
        }

        var facts = await FactsAsync(transaction, patientId, alarmId, ct);
        if (facts.AlarmMissing)
        {
            return Outcome<ReferralSuggestionResponse>.Invalid("alarmId", $"No alarm '{alarmId}' of this patient is visible to you.");
        }

        var suggestion = ReferralLevelPolicy.Suggest(facts.Tier, facts.Disease, facts.AlarmKind);
        await transaction.CommitAsync(ct);
        return Outcome<ReferralSuggestionResponse>.Done(new ReferralSuggestionResponse(
            Codes.Of(suggestion.Level), suggestion.Basis, alarmId, facts.AlarmKind is { } kind ? AlarmWireNames.Of(kind) : null, Codes.Of(facts.Tier)));
    }

    public async Task<Outcome<ReferralResponse>> CreateAsync(
        ClinicScope scope, Guid patientId, CreateReferralRequest request, DateTimeOffset now, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(scope);
        ArgumentNullException.ThrowIfNull(request);
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        var patient = await PatientStore.FindVisibleAsync(transaction, scope, patientId, forUpdate: true, ct);
        if (patient is null)
        {
            return Outcome<ReferralResponse>.NotFound("patient", patientId);
        }

        var facts = await FactsAsync(transaction, patientId, request.AlarmId, ct);
        if (facts.AlarmMissing)
        {
            return Outcome<ReferralResponse>.Invalid("alarmId", $"No alarm '{request.AlarmId}' of this patient is visible to you.");
        }

        var open = await connection.ExecuteScalarAsync<Guid?>(new CommandDefinition(
            "SELECT id FROM referrals WHERE patient_id = @patientId AND closed_at IS NULL", new { patientId }, transaction, cancellationToken: ct));
        if (open is { } openId)
        {
            return Outcome<ReferralResponse>.Conflict($"The patient already has an open referral ({openId}); advance, decline or cancel it first.");
        }

        var suggestion = ReferralLevelPolicy.Suggest(facts.Tier, facts.Disease, facts.AlarmKind);
        var id = Guid.CreateVersion7(now);
        await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO referrals (id, patient_id, clinic_id, alarm_id, reason, destination_level, suggested_level, destination, transport,
                                   note, state, state_since, owner_user_id, owner_username, requested_at)
            VALUES (@id, @patientId, @clinicId, @alarmId, @reason, @level, @suggested, @destination, @transport,
                    @note, 'requested', @now, @owner, @ownerName, @now)
            """,
            new
            {
                id,
                patientId,
                clinicId = patient.ClinicId,
                alarmId = request.AlarmId,
                reason = request.Reason!.Trim(),
                level = Codes.Of(request.DestinationLevel!.Value),
                suggested = Codes.Of(suggestion.Level),
                destination = request.Destination!.Trim(),
                transport = Codes.Of(request.Transport!.Value),
                note = Trimmed(request.Note),
                now,
                owner = scope.UserId,
                ownerName = scope.Username,
            },
            transaction, cancellationToken: ct));
        await InsertEventAsync(transaction, id, ReferralState.Requested, now, now, scope, Trimmed(request.Note), ct);
        var created = (await ReadAsync(transaction, scope, id, forUpdate: false, ct))!;
        await AuditLog.WriteAsync(transaction, scope.Actor, now,
            new AuditEntry("referral.requested", "referral", id.ToString(), patient.ClinicId, null, created), ct);
        await transaction.CommitAsync(ct);
        return Outcome<ReferralResponse>.Done(created);
    }

    /// <summary>
    /// Moves a referral to <paramref name="state"/> at <paramref name="at"/>: a conflict when the state
    /// machine forbids the step, invalid when <paramref name="at"/> is before the current state began.
    /// Admission ends the patient's open home-treatment episode (reason <see cref="EpisodeEndReason"/>).
    /// </summary>
    public async Task<Outcome<ReferralResponse>> StepAsync(
        ClinicScope scope, Guid referralId, ReferralState state, DateTimeOffset at, string? note, DateTimeOffset now, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(scope);
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        var patientId = await connection.ExecuteScalarAsync<Guid?>(new CommandDefinition(
            $"SELECT r.patient_id FROM referrals r WHERE r.id = @referralId AND {ScopeFilter}",
            new { referralId, scopeClinic = scope.ClinicFilter }, transaction, cancellationToken: ct));
        var patient = patientId is { } pid ? await PatientStore.FindVisibleAsync(transaction, scope, pid, forUpdate: true, ct) : null;
        var before = patient is null ? null : await ReadAsync(transaction, scope, referralId, forUpdate: true, ct);
        if (patient is null || before is null)
        {
            return Outcome<ReferralResponse>.NotFound("referral", referralId);
        }

        var from = Codes.Parse<ReferralState>(before.State);
        var transport = Codes.Parse<ReferralTransport>(before.Transport);
        if (!ReferralStateMachine.CanMove(transport, from, state))
        {
            var next = ReferralStateMachine.NextStates(transport, from);
            return Outcome<ReferralResponse>.Conflict(next.Count == 0
                ? $"The referral is {before.State}: it is closed and takes no further step."
                : $"A referral that is {before.State} (transport {before.Transport}) cannot become {Codes.Of(state)}; next may be: {string.Join(", ", next.Select(Codes.Of))}.");
        }

        if (at < before.StateSince)
        {
            return Outcome<ReferralResponse>.Invalid("at", $"must not be before the referral became {before.State} ({before.StateSince.UtcDateTime:O}).");
        }

        var closes = !ReferralStateMachine.IsOpen(state);
        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE referrals SET state = @state, state_since = @at, closed_at = CASE WHEN @closes THEN @at END WHERE id = @referralId",
            new { referralId, state = Codes.Of(state), at, closes }, transaction, cancellationToken: ct));
        await InsertEventAsync(transaction, referralId, state, at, now, scope, note, ct);
        if (state == ReferralState.Admitted)
        {
            // 转诊 ends home treatment: follow-ups are cancelled and vital alarms stop, as for any ended episode.
            await episodes.EndCurrentAsync(transaction, scope, patient, EpisodeEndReason, now, ct);
        }

        var after = (await ReadAsync(transaction, scope, referralId, forUpdate: false, ct))!;
        await AuditLog.WriteAsync(transaction, scope.Actor, now,
            new AuditEntry($"referral.{Codes.Of(state)}", "referral", referralId.ToString(), patient.ClinicId, before, after), ct);
        await transaction.CommitAsync(ct);
        return Outcome<ReferralResponse>.Done(after);
    }

    public async Task<ReferralResponse?> GetAsync(ClinicScope scope, Guid referralId, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(scope);
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead, ct);
        var referral = await ReadAsync(transaction, scope, referralId, forUpdate: false, ct);
        await transaction.CommitAsync(ct);
        return referral;
    }

    /// <summary>The referrals matching <paramref name="query"/> (one page of them when it asks for a page) and how many match in all.</summary>
    public async Task<(IReadOnlyList<ReferralResponse> Items, int Total)> ListAsync(ClinicScope scope, ReferralListQuery query, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(scope);
        ArgumentNullException.ThrowIfNull(query);
        var where =
            $"""
            WHERE {ScopeFilter}
              AND (@clinicId::uuid IS NULL OR r.clinic_id = @clinicId)
              AND (@open::boolean IS NULL OR (r.closed_at IS NULL) = @open)
              AND (@patientId::uuid IS NULL OR r.patient_id = @patientId)
              AND (@alarmId::uuid IS NULL OR r.alarm_id = @alarmId)
              AND (@teamId::uuid IS NULL OR p.team_id = @teamId)
              AND (@search::text IS NULL OR p.name ILIKE @search OR r.destination ILIKE @search OR r.reason ILIKE @search)
            """;
        var direction = query.Descending ? "DESC" : "ASC";
        var order = query.Sort switch
        {
            ReferralSort.StateSince => $"r.state_since {direction}",
            ReferralSort.State => $"r.state {direction}",
            ReferralSort.PatientName => $"p.name {direction}",
            _ => $"r.requested_at {direction}",
        };
        var parameters = new
        {
            scopeClinic = scope.ClinicFilter,
            clinicId = query.ClinicId,
            open = query.Open,
            patientId = query.PatientId,
            alarmId = query.AlarmId,
            teamId = query.TeamId,
            search = query.Search is { } q ? $"%{EscapeLike(q)}%" : null,
            offset = ((query.Page ?? 1) - 1) * query.PageSize,
            limit = query.Page is null ? (int?)null : query.PageSize,
        };
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead, ct);
        var total = await connection.ExecuteScalarAsync<int>(new CommandDefinition(
            $"SELECT count(*)::int FROM referrals r JOIN patients p ON p.id = r.patient_id {where}", parameters, transaction, cancellationToken: ct));
        var rows = (await connection.QueryAsync<ReferralRow>(new CommandDefinition(
            $"{ReferralRow.Select} {where} ORDER BY {order}, r.id {direction} OFFSET @offset LIMIT @limit",
            parameters, transaction, cancellationToken: ct))).ToList();
        var events = await EventsAsync(transaction, [.. rows.Select(r => r.Id)], ct);
        await transaction.CommitAsync(ct);
        return ([.. rows.Select(r => r.ToResponse(events[r.Id].ToList()))], total);
    }

    /// <summary>Audits that the caller exported the referral's hand-off (the patient's record leaves the hub).</summary>
    public async Task AuditExportAsync(ClinicScope scope, ReferralResponse referral, DateTimeOffset now, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(scope);
        ArgumentNullException.ThrowIfNull(referral);
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        await AuditLog.WriteAsync(transaction, scope.Actor, now,
            new AuditEntry("referral.handoff_exported", "referral", referral.Id.ToString(), referral.ClinicId, null, new { format = "fhir_r4_bundle" }), ct);
        await transaction.CommitAsync(ct);
    }

    /// <summary>Every open referral with its patient, for the stalled-referral sweep (no clinic scope: the system's own read).</summary>
    public async Task<IReadOnlyList<(Guid Id, Guid PatientId, ReferralState State, DateTimeOffset StateSince)>> OpenAsync(CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        var rows = await connection.QueryAsync<(Guid, Guid, string, DateTimeOffset)>(new CommandDefinition(
            "SELECT id, patient_id, state, state_since FROM referrals WHERE closed_at IS NULL", cancellationToken: ct));
        return [.. rows.Select(r => (r.Item1, r.Item2, Codes.Parse<ReferralState>(r.Item3), r.Item4))];
    }

    private static async Task<ReferralResponse?> ReadAsync(NpgsqlTransaction transaction, ClinicScope scope, Guid referralId, bool forUpdate, CancellationToken ct)
    {
        var row = await transaction.Connection!.QuerySingleOrDefaultAsync<ReferralRow>(new CommandDefinition(
            $"{ReferralRow.Select} WHERE r.id = @referralId AND {ScopeFilter} {(forUpdate ? "FOR UPDATE OF r" : "")}",
            new { referralId, scopeClinic = scope.ClinicFilter }, transaction, cancellationToken: ct));
        if (row is null)
        {
            return null;
        }

        var events = await EventsAsync(transaction, [referralId], ct);
        return row.ToResponse([.. events[referralId]]);
    }

    private static async Task<ILookup<Guid, ReferralEventResponse>> EventsAsync(NpgsqlTransaction transaction, Guid[] referralIds, CancellationToken ct)
    {
        var rows = await transaction.Connection!.QueryAsync<ReferralEventRow>(new CommandDefinition(
            "SELECT referral_id, state, at, recorded_at, actor_username, note FROM referral_events WHERE referral_id = ANY(@referralIds) ORDER BY id",
            new { referralIds }, transaction, cancellationToken: ct));
        return rows.ToLookup(r => r.ReferralId, r => r.ToResponse());
    }

    private static Task InsertEventAsync(
        NpgsqlTransaction transaction, Guid referralId, ReferralState state, DateTimeOffset at, DateTimeOffset now, ClinicScope scope, string? note,
        CancellationToken ct) =>
        transaction.Connection!.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO referral_events (referral_id, state, at, recorded_at, actor_user_id, actor_username, note)
            VALUES (@referralId, @state, @at, @now, @actor, @actorName, @note)
            """,
            new { referralId, state = Codes.Of(state), at, now, actor = scope.UserId, actorName = scope.Username, note },
            transaction, cancellationToken: ct));

    /// <summary>The patient's tier and underlying disease, and the linked alarm's kind (AlarmMissing when the alarm is not this patient's).</summary>
    private static async Task<(RiskTier Tier, UnderlyingDisease Disease, AlarmKind? AlarmKind, bool AlarmMissing)> FactsAsync(
        NpgsqlTransaction transaction, Guid patientId, Guid? alarmId, CancellationToken ct)
    {
        var (tier, disease) = await transaction.Connection!.QuerySingleAsync<(string, string)>(new CommandDefinition(
            "SELECT risk_tier, underlying_disease FROM patients WHERE id = @patientId", new { patientId }, transaction, cancellationToken: ct));
        AlarmKind? kind = null;
        if (alarmId is { } id)
        {
            var wire = await transaction.Connection!.ExecuteScalarAsync<string?>(new CommandDefinition(
                "SELECT kind FROM alarms WHERE id = @id AND patient_id = @patientId", new { id, patientId }, transaction, cancellationToken: ct));
            if (wire is null || !AlarmWireNames.TryParse<AlarmKind>(wire, out var parsed))
            {
                return (Codes.Parse<RiskTier>(tier), Codes.Parse<UnderlyingDisease>(disease), null, true);
            }

            kind = parsed;
        }

        return (Codes.Parse<RiskTier>(tier), Codes.Parse<UnderlyingDisease>(disease), kind, false);
    }

    private static string EscapeLike(string text) =>
        text.Replace(@"\", @"\\", StringComparison.Ordinal).Replace("%", @"\%", StringComparison.Ordinal).Replace("_", @"\_", StringComparison.Ordinal);

    private static string? Trimmed(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}
