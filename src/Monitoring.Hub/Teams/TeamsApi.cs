using Microsoft.AspNetCore.Http.HttpResults;
using Monitoring.Domain.Teams;
using Monitoring.Hub.Api;
using Monitoring.Hub.Auth;
using Monitoring.Hub.Database;

namespace Monitoring.Hub.Teams;

/// <summary>
/// A clinic's grid teams (包保小分队, 004_306304aaac2aa708.txt 7): <c>/api/teams</c>, and which team a patient
/// belongs to (<c>PUT /api/patients/{id}/team</c>). The worklist and the alarm list filter by <c>teamId</c>.
/// </summary>
internal static class TeamsApi
{
    public const int MaxNameLength = 100;
    public const int MaxPhoneLength = 40;
    public const int MaxMembers = 50;

    public static RouteGroupBuilder Map(RouteGroupBuilder api)
    {
        ArgumentNullException.ThrowIfNull(api);
        var teams = api.MapGroup("/teams");
        teams.MapGet("/", List);
        teams.MapPost("/", Create);
        teams.MapGet("/{id:guid}", Get);
        teams.MapPut("/{id:guid}", Update);
        teams.MapDelete("/{id:guid}", Retire);
        api.MapPut("/patients/{id:guid}/team", AssignPatient);
        return api;
    }

    public static async Task<Ok<IReadOnlyList<TeamResponse>>> List(Guid? clinicId, ClinicScope scope, TeamStore store, CancellationToken cancellationToken) =>
        TypedResults.Ok(await store.ListAsync(scope, clinicId, cancellationToken));

    public static async Task<Results<Ok<TeamResponse>, ProblemHttpResult>> Get(Guid id, ClinicScope scope, TeamStore store, CancellationToken cancellationToken) =>
        await store.GetAsync(scope, id, cancellationToken) is { } team ? TypedResults.Ok(team) : Problems.NotFound("team", id);

    /// <summary><c>{clinicId?, name, members: [{name, role, phone?}]}</c>: at least one doctor or nurse (004 §7); a nurse's or doctor's own clinic by default.</summary>
    public static async Task<Results<Created<TeamResponse>, ValidationProblem, ProblemHttpResult>> Create(
        TeamRequest request, ClinicScope scope, TeamStore store, TimeProvider time, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(scope);
        var errors = Validate(request);
        var clinic = request.ClinicId ?? scope.ClinicId;
        if (clinic is null)
        {
            errors.Add("clinicId", "is required for an administrator.");
        }

        if (!errors.IsEmpty)
        {
            return Problems.Validation(errors);
        }

        var outcome = await store.CreateAsync(scope, clinic!.Value, request.Name!.Trim(), [.. request.Members!.Select(m => m!)], time.GetStoredUtcNow(), cancellationToken);
        return outcome.Kind switch
        {
            OutcomeKind.Done => TypedResults.Created($"/api/teams/{outcome.Value!.Id}", outcome.Value),
            OutcomeKind.Invalid => Problems.Invalid(outcome),
            _ => Problems.For(outcome),
        };
    }

    /// <summary>Renames the team and replaces its members (the clinic stays).</summary>
    public static async Task<Results<Ok<TeamResponse>, ValidationProblem, ProblemHttpResult>> Update(
        Guid id, TeamRequest request, ClinicScope scope, TeamStore store, TimeProvider time, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var errors = Validate(request);
        if (!errors.IsEmpty)
        {
            return Problems.Validation(errors);
        }

        var outcome = await store.UpdateAsync(scope, id, request.Name!.Trim(), [.. request.Members!.Select(m => m!)], time.GetStoredUtcNow(), cancellationToken);
        return outcome.Kind == OutcomeKind.Done ? TypedResults.Ok(outcome.Value!) : Problems.For(outcome);
    }

    /// <summary>Retires the team (409 while patients belong to it).</summary>
    public static async Task<Results<NoContent, ProblemHttpResult>> Retire(Guid id, ClinicScope scope, TeamStore store, TimeProvider time, CancellationToken cancellationToken)
    {
        var outcome = await store.RetireAsync(scope, id, time.GetStoredUtcNow(), cancellationToken);
        return outcome.Kind == OutcomeKind.Done ? TypedResults.NoContent() : Problems.For(outcome);
    }

    public static async Task<Results<Ok<PatientTeamResponse>, ValidationProblem, ProblemHttpResult>> AssignPatient(
        Guid id, PatientTeamRequest request, ClinicScope scope, TeamStore store, TimeProvider time, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var outcome = await store.AssignAsync(scope, id, request.TeamId, time.GetStoredUtcNow(), cancellationToken);
        return outcome.Kind switch
        {
            OutcomeKind.Done => TypedResults.Ok(outcome.Value!),
            OutcomeKind.Invalid => Problems.Invalid(outcome),
            _ => Problems.For(outcome),
        };
    }

    private static ValidationErrors Validate(TeamRequest request)
    {
        var errors = new ValidationErrors();
        errors.Text("name", request.Name, 1, MaxNameLength);
        if (request.Members is not { Count: > 0 } members)
        {
            errors.Add("members", "must list at least one member, one of them a doctor or a nurse (004 §7: 每个团队至少指定1名医务人员).");
            return errors;
        }

        if (members.Count > MaxMembers)
        {
            errors.Add("members", $"may list at most {MaxMembers} members.");
        }

        for (var i = 0; i < members.Count; i++)
        {
            if (members[i] is not { } member)
            {
                errors.Add($"members[{i}]", "must be a member {name, role, phone?}.");
                continue;
            }

            errors.Text($"members[{i}].name", member.Name, 1, MaxNameLength);
            errors.Require($"members[{i}].role", member.Role);
            errors.Text($"members[{i}].phone", member.Phone, 1, MaxPhoneLength, required: false);
        }

        if (errors.IsEmpty && !GridTeamPolicy.HasMedicalMember(members.Select(m => m!.Role!.Value)))
        {
            errors.Add("members", "must include at least one doctor or nurse (004 §7: 每个团队至少指定1名医务人员提供专业指导).");
        }

        return errors;
    }
}
