using Dapper;
using Monitoring.Domain.Episodes;
using Monitoring.Hub.Api;
using Monitoring.Hub.Audit;
using Monitoring.Hub.Auth;
using Npgsql;

namespace Monitoring.Hub.Registry;

/// <summary>
/// Home-treatment episodes, at most one open per patient, each shown with its end criteria.
/// Every public method takes the caller's <see cref="ClinicScope"/>; the patient row is locked
/// while an episode changes, so two clinicians cannot open two episodes at once. Starting and
/// ending tell every <see cref="IEpisodeLifecycle"/> in the same transaction (follow-ups).
/// </summary>
public sealed class EpisodeStore(NpgsqlDataSource dataSource, IEnumerable<IEpisodeLifecycle> lifecycle)
{
    private const string Select =
        """
        SELECT id, patient_id, started_at, ended_at, end_reason, symptoms_improved, symptoms_assessed_at
        FROM episodes
        """;

    public async Task<Outcome<EpisodeResponse>> StartAsync(
        ClinicScope scope, Guid patientId, DateTimeOffset startedAt, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scope);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var patient = await PatientStore.FindVisibleAsync(transaction, scope, patientId, forUpdate: true, cancellationToken);
        if (patient is null)
        {
            return Outcome<EpisodeResponse>.NotFound("patient", patientId);
        }

        if (await GetCurrentAsync(transaction, patientId, cancellationToken) is { } open)
        {
            return Outcome<EpisodeResponse>.Conflict($"The patient is already in home treatment (episode {open.Id} since {open.StartedAt.UtcDateTime:O}); end it first.");
        }

        var lastEnd = await connection.ExecuteScalarAsync<DateTimeOffset?>(new CommandDefinition(
            "SELECT max(ended_at) FROM episodes WHERE patient_id = @patientId", new { patientId }, transaction, cancellationToken: cancellationToken));
        if (lastEnd is { } previousEnd && startedAt < previousEnd)
        {
            return Outcome<EpisodeResponse>.Conflict($"startedAt is before the end of the patient's previous episode ({previousEnd.UtcDateTime:O}).");
        }

        var id = Guid.CreateVersion7(now);
        await connection.ExecuteAsync(new CommandDefinition(
            "INSERT INTO episodes (id, patient_id, started_at, started_by) VALUES (@id, @patientId, @startedAt, @actor)",
            new { id, patientId, startedAt, actor = scope.UserId }, transaction, cancellationToken: cancellationToken));
        var episode = (await GetCurrentAsync(transaction, patientId, cancellationToken))!;
        await AuditLog.WriteAsync(transaction, scope.Actor, now,
            new AuditEntry("episode.started", "episode", id.ToString(), patient.ClinicId, null, episode), cancellationToken);
        foreach (var hook in lifecycle)
        {
            await hook.OnEpisodeStartedAsync(transaction, Event(patient, episode, now, scope), cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return Outcome<EpisodeResponse>.Done(episode);
    }

    public async Task<Outcome<EpisodeResponse>> EndCurrentAsync(
        ClinicScope scope, Guid patientId, string reason, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scope);
        return await ChangeCurrentAsync(scope, patientId, now, "episode.ended",
            "UPDATE episodes SET ended_at = greatest(@now, started_at), ended_by = @actor, end_reason = @reason WHERE id = @id",
            new { reason }, cancellationToken,
            async (transaction, patient, ended) =>
            {
                foreach (var hook in lifecycle)
                {
                    await hook.OnEpisodeEndedAsync(transaction, Event(patient, ended, now, scope), cancellationToken);
                }
            });
    }

    public async Task<Outcome<EpisodeResponse>> AssessSymptomsAsync(
        ClinicScope scope, Guid patientId, bool improved, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scope);
        return await ChangeCurrentAsync(scope, patientId, now, "episode.symptoms_assessed",
            "UPDATE episodes SET symptoms_improved = @improved, symptoms_assessed_at = @now, symptoms_assessed_by = @actor WHERE id = @id",
            new { improved }, cancellationToken);
    }

    /// <summary>The patient's episodes, newest first, or null when the patient is not visible to the caller.</summary>
    public async Task<IReadOnlyList<EpisodeResponse>?> ListAsync(ClinicScope scope, Guid patientId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scope);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead, cancellationToken);
        if (await PatientStore.FindVisibleAsync(transaction, scope, patientId, forUpdate: false, cancellationToken) is null)
        {
            return null;
        }

        var rows = await connection.QueryAsync<EpisodeRow>(new CommandDefinition(
            $"{Select} WHERE patient_id = @patientId ORDER BY started_at DESC", new { patientId }, transaction, cancellationToken: cancellationToken));
        var tests = await TestResultStore.LoadAsync(transaction, patientId, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return [.. rows.Select(r => r.ToResponse(tests))];
    }

    /// <summary>
    /// The open episode of a patient that the caller already found visible in this transaction
    /// (<see cref="PatientStore.FindVisibleAsync"/>), or null.
    /// </summary>
    internal async Task<EpisodeResponse?> GetCurrentAsync(NpgsqlTransaction transaction, Guid patientId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        var row = await transaction.Connection!.QuerySingleOrDefaultAsync<EpisodeRow>(new CommandDefinition(
            $"{Select} WHERE patient_id = @patientId AND ended_at IS NULL", new { patientId }, transaction, cancellationToken: cancellationToken));
        return row is null ? null : row.ToResponse(await TestResultStore.LoadAsync(transaction, patientId, cancellationToken));
    }

    /// <summary>
    /// Ends the open episode of a patient the caller already locked in this transaction
    /// (<see cref="PatientStore.FindVisibleAsync"/> for update), as the public overload does,
    /// committed with the caller's change (a referral's admission); null when none is open.
    /// </summary>
    internal async Task<EpisodeResponse?> EndCurrentAsync(
        NpgsqlTransaction transaction, ClinicScope scope, VisiblePatient patient, string reason, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        ArgumentNullException.ThrowIfNull(scope);
        ArgumentNullException.ThrowIfNull(patient);
        var before = await GetCurrentAsync(transaction, patient.Id, cancellationToken);
        if (before is null)
        {
            return null;
        }

        return await ChangeInTransactionAsync(transaction, scope, patient, before, now, "episode.ended",
            "UPDATE episodes SET ended_at = greatest(@now, started_at), ended_by = @actor, end_reason = @reason WHERE id = @id",
            new { reason }, cancellationToken,
            async (tx, p, ended) =>
            {
                foreach (var hook in lifecycle)
                {
                    await hook.OnEpisodeEndedAsync(tx, Event(p, ended, now, scope), cancellationToken);
                }
            });
    }

    private async Task<Outcome<EpisodeResponse>> ChangeCurrentAsync(
        ClinicScope scope, Guid patientId, DateTimeOffset now, string action, string sql, object change, CancellationToken cancellationToken,
        Func<NpgsqlTransaction, VisiblePatient, EpisodeResponse, Task>? changed = null)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var patient = await PatientStore.FindVisibleAsync(transaction, scope, patientId, forUpdate: true, cancellationToken);
        if (patient is null)
        {
            return Outcome<EpisodeResponse>.NotFound("patient", patientId);
        }

        var before = await GetCurrentAsync(transaction, patientId, cancellationToken);
        if (before is null)
        {
            return Outcome<EpisodeResponse>.NotFound($"Patient '{patientId}' has no open home-treatment episode.");
        }

        var after = await ChangeInTransactionAsync(transaction, scope, patient, before, now, action, sql, change, cancellationToken, changed);
        await transaction.CommitAsync(cancellationToken);
        return Outcome<EpisodeResponse>.Done(after);
    }

    private static async Task<EpisodeResponse> ChangeInTransactionAsync(
        NpgsqlTransaction transaction, ClinicScope scope, VisiblePatient patient, EpisodeResponse before, DateTimeOffset now, string action,
        string sql, object change, CancellationToken cancellationToken, Func<NpgsqlTransaction, VisiblePatient, EpisodeResponse, Task>? changed)
    {
        var connection = transaction.Connection!;
        var patientId = patient.Id;
        var parameters = new DynamicParameters(change);
        parameters.AddDynamicParams(new { id = before.Id, now, actor = scope.UserId });
        await connection.ExecuteAsync(new CommandDefinition(sql, parameters, transaction, cancellationToken: cancellationToken));
        var row = await connection.QuerySingleAsync<EpisodeRow>(new CommandDefinition(
            $"{Select} WHERE id = @id", new { id = before.Id }, transaction, cancellationToken: cancellationToken));
        var after = row.ToResponse(await TestResultStore.LoadAsync(transaction, patientId, cancellationToken));
        await AuditLog.WriteAsync(transaction, scope.Actor, now,
            new AuditEntry(action, "episode", before.Id.ToString(), patient.ClinicId, before, after), cancellationToken);
        if (changed is not null)
        {
            await changed(transaction, patient, after);
        }

        return after;
    }

    private static EpisodeLifecycleEvent Event(VisiblePatient patient, EpisodeResponse episode, DateTimeOffset now, ClinicScope scope) =>
        new(episode.Id, patient.Id, patient.ClinicId, patient.TimeZone, episode.StartedAt, now, scope.Actor);

    private sealed class EpisodeRow
    {
        public Guid Id { get; set; }

        public Guid PatientId { get; set; }

        public DateTimeOffset StartedAt { get; set; }

        public DateTimeOffset? EndedAt { get; set; }

        public string? EndReason { get; set; }

        public bool SymptomsImproved { get; set; }

        public DateTimeOffset? SymptomsAssessedAt { get; set; }

        public EpisodeResponse ToResponse(IReadOnlyList<TestResultResponse> tests)
        {
            var criteria = EndCriteria.Evaluate(tests.Select(t => t.ToLabTest()), StartedAt, EndedAt, SymptomsImproved);
            return new EpisodeResponse(Id, PatientId, StartedAt, EndedAt, EndReason, SymptomsImproved, SymptomsAssessedAt, EndCriteriaResponse.From(criteria));
        }
    }
}
