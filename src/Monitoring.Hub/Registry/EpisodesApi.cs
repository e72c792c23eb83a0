using Microsoft.AspNetCore.Http.HttpResults;
using Monitoring.Domain.Episodes;
using Monitoring.Hub.Database;
using Monitoring.Hub.Api;
using Monitoring.Hub.Auth;

namespace Monitoring.Hub.Registry;

/// <summary>
/// Home treatment (<c>/api/patients/{id}/episodes</c>) and test results
/// (<c>/api/patients/{id}/tests</c>); each episode carries its end criteria (003 居家治疗指南 四).
/// </summary>
public static class EpisodesApi
{
    public const int MaxReasonLength = 500;

    public static RouteGroupBuilder MapEpisodesApi(this RouteGroupBuilder api)
    {
        ArgumentNullException.ThrowIfNull(api);
        var patient = api.MapGroup("/patients/{id:guid}");
        patient.MapPost("/episodes", StartEpisode);
        patient.MapGet("/episodes", ListEpisodes);
        patient.MapPost("/episodes/current/end", EndEpisode);
        patient.MapPost("/episodes/current/symptoms", AssessSymptoms);
        patient.MapPost("/tests", RecordTest);
        patient.MapGet("/tests", ListTests);
        return api;
    }

    /// <summary>Starts home treatment; the body is optional (<c>{startedAt?}</c>, default now). 409 while one is open.</summary>
    public static async Task<Results<Created<EpisodeResponse>, ValidationProblem, ProblemHttpResult>> StartEpisode(
        Guid id, StartEpisodeRequest? request, ClinicScope scope, EpisodeStore episodes, TimeProvider time, CancellationToken cancellationToken)
    {
        var now = time.GetStoredUtcNow();
        var startedAt = request?.StartedAt ?? now;
        if (ClinicalTimeRules.Check(startedAt, now) is { } problem)
        {
            return Problems.Validation("startedAt", problem);
        }

        var outcome = await episodes.StartAsync(scope, id, startedAt, now, cancellationToken);
        return outcome.Kind == OutcomeKind.Done
            ? TypedResults.Created($"/api/patients/{id}/episodes", outcome.Value!)
            : Problems.For(outcome);
    }

    public static async Task<Results<Ok<EpisodeResponse>, ValidationProblem, ProblemHttpResult>> EndEpisode(
        Guid id, EndEpisodeRequest request, ClinicScope scope, EpisodeStore episodes, TimeProvider time, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var errors = new ValidationErrors();
        errors.Text("reason", request.Reason, 1, MaxReasonLength);
        if (!errors.IsEmpty)
        {
            return Problems.Validation(errors);
        }

        var outcome = await episodes.EndCurrentAsync(scope, id, request.Reason!.Trim(), time.GetStoredUtcNow(), cancellationToken);
        return outcome.Kind == OutcomeKind.Done ? TypedResults.Ok(outcome.Value!) : Problems.For(outcome);
    }

    public static async Task<Results<Ok<EpisodeResponse>, ValidationProblem, ProblemHttpResult>> AssessSymptoms(
        Guid id, SymptomsRequest request, ClinicScope scope, EpisodeStore episodes, TimeProvider time, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Improved is not { } improved)
        {
            return Problems.Validation("improved", "is required (true or false).");
        }

        var outcome = await episodes.AssessSymptomsAsync(scope, id, improved, time.GetStoredUtcNow(), cancellationToken);
        return outcome.Kind == OutcomeKind.Done ? TypedResults.Ok(outcome.Value!) : Problems.For(outcome);
    }

    public static async Task<Results<Ok<IReadOnlyList<EpisodeResponse>>, ProblemHttpResult>> ListEpisodes(
        Guid id, ClinicScope scope, EpisodeStore episodes, CancellationToken cancellationToken) =>
        await episodes.ListAsync(scope, id, cancellationToken) is { } list
            ? TypedResults.Ok(list)
            : Problems.NotFound("patient", id);

    /// <summary>Records an antigen or PCR result; <c>ct</c> only for PCR, 0-50 with at most two decimals.</summary>
    public static async Task<Results<Created<TestResultResponse>, ValidationProblem, ProblemHttpResult>> RecordTest(
        Guid id, RecordTestRequest request, ClinicScope scope, TestResultStore tests, TimeProvider time, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var now = time.GetStoredUtcNow();
        var errors = new ValidationErrors();
        errors.Require("kind", request.Kind);
        errors.Require("result", request.Result);
        if (errors.Require("takenAt", request.TakenAt) && ClinicalTimeRules.Check(request.TakenAt!.Value, now) is { } problem)
        {
            errors.Add("takenAt", problem);
        }

        if (request.Ct is { } ct)
        {
            if (request.Kind == LabTestKind.Antigen)
            {
                errors.Add("ct", "is given only for a PCR (nucleic-acid) test.");
            }
            else if (ct is < 0m or > 50m)
            {
                errors.Add("ct", "must be between 0 and 50.");
            }
            else if (decimal.Round(ct, 2) != ct)
            {
                errors.Add("ct", "may have at most two decimals.");
            }
        }

        if (!errors.IsEmpty)
        {
            return Problems.Validation(errors);
        }

        var outcome = await tests.RecordAsync(scope, id, request.Kind!.Value, request.TakenAt!.Value, request.Result!.Value, request.Ct, now, cancellationToken);
        return outcome.Kind == OutcomeKind.Done
            ? TypedResults.Created($"/api/patients/{id}/tests", outcome.Value!)
            : Problems.For(outcome);
    }

    public static async Task<Results<Ok<IReadOnlyList<TestResultResponse>>, ProblemHttpResult>> ListTests(
        Guid id, ClinicScope scope, TestResultStore tests, CancellationToken cancellationToken) =>
        await tests.ListAsync(scope, id, cancellationToken) is { } list
            ? TypedResults.Ok(list)
            : Problems.NotFound("patient", id);
}
