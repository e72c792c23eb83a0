using Dapper;
using Monitoring.Hub.Api;
using Monitoring.Hub.Audit;
using Monitoring.Hub.Auth;
using Monitoring.Hub.Registry;
using Npgsql;

namespace Monitoring.Hub.Teams;

/// <summary>
/// Grid teams (包保小分队, 004 §7) in PostgreSQL, clinic-isolated like the registry (another clinic's team is
/// "not found"); every change is audited in its transaction. A team is retired, never deleted.
/// </summary>
internal sealed class TeamStore(NpgsqlDataSource dataSource)
{
    private const string ScopeFilter = "(@scopeClinic::uuid IS NULL OR t.clinic_id = @scopeClinic)";

    public async Task<Outcome<TeamResponse>> CreateAsync(ClinicScope scope, Guid clinicId, string name, IReadOnlyList<TeamMemberRequest> members, DateTimeOffset now, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(scope);
        if (!scope.CanSee(clinicId))
        {
            return Outcome<TeamResponse>.Invalid("clinicId", $"No clinic '{clinicId}' is visible to you.");
        }

        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        if (!await connection.ExecuteScalarAsync<bool>(new CommandDefinition("SELECT EXISTS (SELECT 1 FROM clinics WHERE id = @clinicId)", new { clinicId }, transaction, cancellationToken: ct)))
        {
            return Outcome<TeamResponse>.Invalid("clinicId", $"No clinic '{clinicId}' is visible to you.");
        }

        if (await NameTakenAsync(transaction, clinicId, name, null, ct))
        {
            return Outcome<TeamResponse>.Conflict($"The clinic already has a team named '{name}'.");
        }

        var id = Guid.CreateVersion7(now);
        await connection.ExecuteAsync(new CommandDefinition(
            "INSERT INTO grid_teams (id, clinic_id, name, created_at, updated_at) VALUES (@id, @clinicId, @name, @now, @now)",
            new { id, clinicId, name, now }, transaction, cancellationToken: ct));
        await WriteMembersAsync(transaction, id, members, ct);
        var created = (await ReadAsync(transaction, scope, id, ct))!;
        await AuditLog.WriteAsync(transaction, scope.Actor, now, new AuditEntry("team.created", "team", id.ToString(), clinicId, null, created), ct);
        await transaction.CommitAsync(ct);
        return Outcome<TeamResponse>.Done(created);
    }

    public async Task<Outcome<TeamResponse>> UpdateAsync(ClinicScope scope, Guid id, string name, IReadOnlyList<TeamMemberRequest> members, DateTimeOffset now, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(scope);
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        var before = await ReadAsync(transaction, scope, id, ct, forUpdate: true);
        if (before is null)
        {
            return Outcome<TeamResponse>.NotFound("team", id);
        }

        if (await NameTakenAsync(transaction, before.ClinicId, name, id, ct))
        {
            return Outcome<TeamResponse>.Conflict($"The clinic already has a team named '{name}'.");
        }

        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE grid_teams SET name = @name, updated_at = @now WHERE id = @id; DELETE FROM grid_team_members WHERE team_id = @id",
            new { id, name, now }, transaction, cancellationToken: ct));
        await WriteMembersAsync(transaction, id, members, ct);
        var after = (await ReadAsync(transaction, scope, id, ct))!;
        await AuditLog.WriteAsync(transaction, scope.Actor, now, new AuditEntry("team.updated", "team", id.ToString(), before.ClinicId, before, after), ct);
        await transaction.CommitAsync(ct);
        return Outcome<TeamResponse>.Done(after);
    }

    /// <summary>Retires a team; a conflict while patients still belong to it.</summary>
    public async Task<Outcome<TeamResponse>> RetireAsync(ClinicScope scope, Guid id, DateTimeOffset now, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(scope);
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        var before = await ReadAsync(transaction, scope, id, ct, forUpdate: true);
        if (before is null)
        {
            return Outcome<TeamResponse>.NotFound("team", id);
        }

        if (before.Patients > 0)
        {
            return Outcome<TeamResponse>.Conflict($"{before.Patients} patient(s) still belong to the team; move them to another team first.");
        }

        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE grid_teams SET retired_at = @now, updated_at = @now WHERE id = @id", new { id, now }, transaction, cancellationToken: ct));
        await AuditLog.WriteAsync(transaction, scope.Actor, now, new AuditEntry("team.retired", "team", id.ToString(), before.ClinicId, before, null), ct);
        await transaction.CommitAsync(ct);
        return Outcome<TeamResponse>.Done(before);
    }

    public async Task<TeamResponse?> GetAsync(ClinicScope scope, Guid id, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(scope);
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead, ct);
        return await ReadAsync(transaction, scope, id, ct);
    }

    public async Task<IReadOnlyList<TeamResponse>> ListAsync(ClinicScope scope, Guid? clinicId, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(scope);
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead, ct);
        var ids = await connection.QueryAsync<Guid>(new CommandDefinition(
            $"SELECT t.id FROM grid_teams t WHERE t.retired_at IS NULL AND {ScopeFilter} AND (@clinicId::uuid IS NULL OR t.clinic_id = @clinicId) ORDER BY lower(t.name), t.id",
            new { scopeClinic = scope.ClinicFilter, clinicId }, transaction, cancellationToken: ct));
        var teams = new List<TeamResponse>();
        foreach (var id in ids)
        {
            teams.Add((await ReadAsync(transaction, scope, id, ct))!);
        }

        return teams;
    }

    /// <summary>Puts a patient in a team of their own clinic (or in none), audited as a patient change.</summary>
    public async Task<Outcome<PatientTeamResponse>> AssignAsync(ClinicScope scope, Guid patientId, Guid? teamId, DateTimeOffset now, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(scope);
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        var patient = await PatientStore.FindVisibleAsync(transaction, scope, patientId, forUpdate: true, ct);
        if (patient is null)
        {
            return Outcome<PatientTeamResponse>.NotFound("patient", patientId);
        }

        string? teamName = null;
        if (teamId is { } id)
        {
            teamName = await connection.ExecuteScalarAsync<string?>(new CommandDefinition(
                "SELECT name FROM grid_teams WHERE id = @id AND clinic_id = @clinicId AND retired_at IS NULL", new { id, clinicId = patient.ClinicId }, transaction, cancellationToken: ct));
            if (teamName is null)
            {
                return Outcome<PatientTeamResponse>.Invalid("teamId", $"No team '{id}' of the patient's clinic is visible to you.");
            }
        }

        var beforeTeam = await connection.ExecuteScalarAsync<Guid?>(new CommandDefinition(
            "SELECT team_id FROM patients WHERE id = @patientId", new { patientId }, transaction, cancellationToken: ct));
        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE patients SET team_id = @teamId WHERE id = @patientId", new { patientId, teamId }, transaction, cancellationToken: ct));
        var after = new PatientTeamResponse(patientId, teamId, teamName);
        await AuditLog.WriteAsync(transaction, scope.Actor, now,
            new AuditEntry("patient.team_changed", "patient", patientId.ToString(), patient.ClinicId, new { teamId = beforeTeam }, after), ct);
        await transaction.CommitAsync(ct);
        return Outcome<PatientTeamResponse>.Done(after);
    }

    private static async Task<TeamResponse?> ReadAsync(NpgsqlTransaction transaction, ClinicScope scope, Guid id, CancellationToken ct, bool forUpdate = false)
    {
        var connection = transaction.Connection!;
        var team = await connection.QuerySingleOrDefaultAsync<(Guid Id, Guid ClinicId, string Name, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt)?>(new CommandDefinition(
            $"SELECT t.id, t.clinic_id, t.name, t.created_at, t.updated_at FROM grid_teams t WHERE t.id = @id AND t.retired_at IS NULL AND {ScopeFilter} {(forUpdate ? "FOR UPDATE" : "")}",
            new { id, scopeClinic = scope.ClinicFilter }, transaction, cancellationToken: ct));
        if (team is not { } t)
        {
            return null;
        }

        var members = await connection.QueryAsync<(string Name, string Role, string? Phone)>(new CommandDefinition(
            "SELECT name, role, phone FROM grid_team_members WHERE team_id = @id ORDER BY position", new { id }, transaction, cancellationToken: ct));
        var patients = await connection.ExecuteScalarAsync<int>(new CommandDefinition(
            "SELECT count(*)::int FROM patients WHERE team_id = @id", new { id }, transaction, cancellationToken: ct));
        return new TeamResponse(t.Id, t.ClinicId, t.Name, [.. members.Select(m => new TeamMemberResponse(m.Name, m.Role, m.Phone))], patients, t.CreatedAt, t.UpdatedAt);
    }

    private static async Task WriteMembersAsync(NpgsqlTransaction transaction, Guid teamId, IReadOnlyList<TeamMemberRequest> members, CancellationToken ct)
    {
        for (var i = 0; i < members.Count; i++)
        {
            var member = members[i];
            await transaction.Connection!.ExecuteAsync(new CommandDefinition(
                "INSERT INTO grid_team_members (team_id, position, name, role, phone) VALUES (@teamId, @i, @name, @role, @phone)",
                new { teamId, i, name = member.Name!.Trim(), role = Codes.Of(member.Role!.Value), phone = string.IsNullOrWhiteSpace(member.Phone) ? null : member.Phone.Trim() },
                transaction, cancellationToken: ct));
        }
    }

    private static Task<bool> NameTakenAsync(NpgsqlTransaction transaction, Guid clinicId, string name, Guid? except, CancellationToken ct) =>
        transaction.Connection!.ExecuteScalarAsync<bool>(new CommandDefinition(
            "SELECT EXISTS (SELECT 1 FROM grid_teams WHERE clinic_id = @clinicId AND lower(name) = lower(@name) AND retired_at IS NULL AND id IS DISTINCT FROM @except)",
            new { clinicId, name, except }, transaction, cancellationToken: ct));
}
